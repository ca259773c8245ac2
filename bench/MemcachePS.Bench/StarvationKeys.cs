using System;
using System.Linq;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>The keys of the starvation cases: 200 sets of 30 keys holding 32 bytes each, loaded before any case runs.</summary>
    public static class StarvationKeys
    {
        public const int Sets = 200;
        public const int KeysPerCall = 30;
        public const int ValueBytes = 32;

        public static string[] Set(int set) => Enumerable.Range(0, KeysPerCall).Select(i => $"starve:{set:D3}:{i:D2}").ToArray();

        public static string[][] AllSets() => Enumerable.Range(0, Sets).Select(Set).ToArray();

        /// <summary>Stores every key on the servers given (through the client, so each lands where callers will look).</summary>
        public static void Load(string[] servers)
        {
            var options = new MemcachedClientOptions();
            foreach (var s in servers) options.AddServer(s);
            using var client = new MemcachedClient(options);
            var value = new ArraySegment<byte>(new byte[ValueBytes]);
            var requests = AllSets().SelectMany(keys => keys).Select(k => StoreRequest.Raw(k, value, 0)).ToArray();
            var outcomes = client.StoreMany(requests);
            var failed = outcomes.Where(o => o.HasError || !o.Result.IsStored).ToArray();
            if (failed.Length > 0)
                throw new InvalidOperationException($"Loading the starvation keys failed for {failed.Length} keys, e.g. {failed[0]}.");
        }
    }
}
