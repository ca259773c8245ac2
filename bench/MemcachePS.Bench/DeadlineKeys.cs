using System;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>
    /// What the deadline calls send: one key, 30 keys to read, 100 items of 32 bytes to write; the many-key sets are
    /// spread evenly over the client's servers (by the client's own placement), so a 3-server call waits on all three.
    /// </summary>
    public sealed class DeadlineKeys
    {
        public const int ReadKeys = 30;
        public const int WriteKeys = 100;
        private const int ValueBytes = 32;

        private DeadlineKeys(string single, string[] many, string[] writes)
        {
            Single = single;
            Many = many;
            Value = new byte[ValueBytes];
            Requests = writes.Select(k => StoreRequest.Raw(k, new ArraySegment<byte>(Value), 0)).ToArray();
            Pairs = writes.Select(k => new KeyValuePair<string, object?>(k, Value)).ToArray();
        }

        public string Single { get; }
        public byte[] Value { get; }
        public string[] Many { get; }
        public StoreRequest[] Requests { get; }
        public KeyValuePair<string, object?>[] Pairs { get; }

        public static DeadlineKeys For(MemcachedClient client)
        {
            var byServer = new Dictionary<string, Queue<string>>();
            for (int i = 0; i < 20_000; i++)
            {
                string key = $"deadline:{i:D5}";
                string server = client.GetServer(key).ToString();
                if (!byServer.TryGetValue(server, out var q)) byServer[server] = q = new Queue<string>();
                q.Enqueue(key);
            }
            return new DeadlineKeys("deadline:single", Spread(byServer.Values.ToArray(), ReadKeys), Spread(byServer.Values.ToArray(), WriteKeys));
        }

        private static string[] Spread(Queue<string>[] byServer, int count)
        {
            var keys = new List<string>(count);
            for (int i = 0; keys.Count < count; i++)
            {
                var q = byServer[i % byServer.Length];
                if (q.Count > 0) keys.Add(q.Dequeue());
            }
            return keys.ToArray();
        }
    }
}
