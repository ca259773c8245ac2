using System;
using System.Collections.Generic;
using System.Diagnostics;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>
    /// <c>keys fill HOST:PORT COUNT</c> stores COUNT small items (<c>key:1</c> … <c>key:COUNT</c>) with StoreMany;
    /// <c>keys dump HOST:PORT</c> lists every key with <see cref="MemcachedClient.DumpKeys"/> into a counter and prints the
    /// count: Core's own key dump, the process timed whole beside <c>memcached-tool HOST keys &gt; /dev/null</c>
    /// (bench/listing-bench.ps1); <c>keys drain HOST:PORT</c> reads the same dump on a plain socket, parsing nothing
    /// (<see cref="RawMetadump"/>): the server's share of the time, in a process that starts as the dump's does.
    /// </summary>
    public static class KeyListingHarness
    {
        public static int Run(string[] args)
        {
            if (args.Length < 2) return Usage();
            if (args[0] == "drain" && args.Length == 2) return Drain(args[1]);
            using var client = new MemcachedClient(args[1]);
            switch (args[0])
            {
                case "fill" when args.Length == 3:
                    return Fill(client, int.Parse(args[2]));
                case "dump":
                    return Dump(client);
                default:
                    return Usage();
            }
        }

        private static int Fill(MemcachedClient client, int count)
        {
            var watch = Stopwatch.StartNew();
            const int batch = 20000;
            var requests = new List<StoreRequest>(batch);
            var value = new ArraySegment<byte>(new byte[32]);
            for (int i = 1; i <= count; i++)
            {
                requests.Add(StoreRequest.Raw("key:" + i, value, 0));
                if (requests.Count == batch || i == count)
                {
                    foreach (var outcome in client.StoreMany(requests))
                        if (outcome.HasError || !outcome.Result.IsStored) throw new InvalidOperationException($"not stored: {outcome}");
                    requests.Clear();
                }
            }
            Console.WriteLine($"stored {count} keys in {watch.Elapsed.TotalSeconds:F2} s");
            return 0;
        }

        private static int Dump(MemcachedClient client)
        {
            long count = 0;
            var watch = Stopwatch.StartNew();
            foreach (var server in client.Servers)
                client.DumpKeys(server, entry => { count++; return true; });
            Console.WriteLine(count);
            Console.Error.WriteLine($"dump {watch.Elapsed.TotalSeconds:F3} s");
            return 0;
        }

        private static int Drain(string server)
        {
            int colon = server.LastIndexOf(':');
            if (colon < 0) return Usage();
            var watch = Stopwatch.StartNew();
            Console.WriteLine(RawMetadump.Drain(server.Substring(0, colon), int.Parse(server.Substring(colon + 1))));
            Console.Error.WriteLine($"drain {watch.Elapsed.TotalSeconds:F3} s");
            return 0;
        }

        private static int Usage()
        {
            Console.Error.WriteLine("usage: keys fill HOST:PORT COUNT | keys dump HOST:PORT | keys drain HOST:PORT");
            return 2;
        }
    }
}
