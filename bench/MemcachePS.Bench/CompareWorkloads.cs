using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>
    /// The console mode bench/compare.sh runs: the same workloads, key and value sizes, operation counts and warm-up as
    /// bench/compare/pymemcache_workloads.py, on one connection, printing one machine-readable line per workload:
    /// <c>RESULT client=memcacheps op=get count=100000 seconds=2.95 rate=33898</c>.
    /// </summary>
    public static class CompareWorkloads
    {
        private const string Usage =
            "usage: MemcachePS.Bench compare --port N --dataset FILE [--ops N] [--warmup-ops N] [--warmup-seconds S] [--getmany-calls N] [--bulk-batches N] [--only set,get,bulk,bulkquiet,getmany]";

        public static int Run(string[] args)
        {
            CompareOptions options;
            try
            {
                options = CompareOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }

            var dataset = CompareDataset.Load(options.DatasetPath);
            var clientOptions = new MemcachedClientOptions { MaxConnectionsPerServer = 1 }.AddServer($"127.0.0.1:{options.Port}");
            using var client = new MemcachedClient(clientOptions);
            var small = SmallItems.From(dataset, CoreClientBenchmarks.BulkKeyCount, CoreClientBenchmarks.SmallValueBytes);

            // Order matters: get reads what set wrote, get-many reads what the bulk set wrote.
            if (options.Runs("set")) Report("set", options.Ops, Measure(options, options.Ops, options.WarmupOps, i => SequentialSet(client, dataset, i)));
            if (options.Runs("get")) Report("get", options.Ops, Measure(options, options.Ops, options.WarmupOps, i => SequentialGet(client, dataset, i)));
            if (options.Runs("bulk"))
            {
                // An explicit reply (HD with the new CAS token) read and checked for every key: QuietBatches = false.
                var explicitOptions = new MemcachedClientOptions { MaxConnectionsPerServer = 1, QuietBatches = false }.AddServer($"127.0.0.1:{options.Port}");
                using var explicitClient = new MemcachedClient(explicitOptions);
                Report("bulk_set_10000", (long)options.BulkBatches * small.Count, Measure(options, options.BulkBatches, 2, _ => BulkSet(explicitClient, small)));
            }
            if (options.Runs("bulkquiet"))
            {
                // The default (QuietBatches): the server answers failures only, each with its key's opaque token, and mn closes
                // each window, so every failed key is still reported; success is the absence of a failure before mn.
                Report("bulk_set_10000_quiet", (long)options.BulkBatches * small.Count, Measure(options, options.BulkBatches, 2, _ => BulkSet(client, small)));
            }
            if (options.Runs("getmany"))
                Report("get_many_100", (long)options.GetManyCalls * CoreClientBenchmarks.GetManyKeyCount,
                    Measure(options, options.GetManyCalls, 100, i => GetMany(client, small, i)));
            return 0;
        }

        /// <summary>Runs <paramref name="step"/> untimed at least <paramref name="warmup"/> times and for at least the warm-up time, then times <paramref name="count"/> steps.</summary>
        private static TimeSpan Measure(CompareOptions options, int count, int warmup, Action<int> step)
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < warmup || watch.Elapsed.TotalSeconds < options.WarmupSeconds; i++) step(i);
            watch.Restart();
            for (int i = 0; i < count; i++) step(i);
            return watch.Elapsed;
        }

        private static void SequentialSet(MemcachedClient client, CompareDataset data, int i)
        {
            int n = i % data.Count;
            StoreResult result = client.Store(StoreMode.Set, data.Keys[n], new ArraySegment<byte>(data.Values[n]), 0);
            if (!result.IsStored) throw new InvalidOperationException($"set {data.Keys[n]} answered {result}.");
        }

        private static void SequentialGet(MemcachedClient client, CompareDataset data, int i)
        {
            int n = i % data.Count;
            CacheItem? item = client.Get(data.Keys[n]);
            if (item == null || item.Value.Length != data.Values[n].Length)
                throw new InvalidOperationException($"get {data.Keys[n]} did not return the value set (was the set workload run first?).");
        }

        private static void BulkSet(MemcachedClient client, SmallItems small)
        {
            var outcomes = client.StoreMany(small.Requests);
            for (int i = 0; i < outcomes.Count; i++)
                if (outcomes[i].HasError || !outcomes[i].Result.IsStored)
                    throw new InvalidOperationException($"bulk set failed: {outcomes[i]}.");
        }

        private static void GetMany(MemcachedClient client, SmallItems small, int call)
        {
            string[] keys = small.Window(call, CoreClientBenchmarks.GetManyKeyCount);
            var outcomes = client.GetMany(keys);
            for (int i = 0; i < outcomes.Count; i++)
                if (outcomes[i].HasError || outcomes[i].Result == null)
                    throw new InvalidOperationException($"get-many missed {outcomes[i].Key} (was the bulk workload run first?).");
        }

        private static void Report(string operation, long count, TimeSpan elapsed)
        {
            double seconds = elapsed.TotalSeconds;
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "RESULT client=memcacheps op={0} count={1} seconds={2:F4} rate={3:F1}", operation, count, seconds, count / seconds));
        }

        /// <summary>The 10,000 small items of the bulk set and get-many workloads: "s:" + a dataset key, a 32-byte value.</summary>
        private sealed class SmallItems
        {
            private readonly string[][] _windows;

            private SmallItems(StoreRequest[] requests, string[][] windows)
            {
                Requests = requests;
                _windows = windows;
            }

            public StoreRequest[] Requests { get; }
            public int Count => Requests.Length;

            public static SmallItems From(CompareDataset data, int count, int valueBytes)
            {
                if (data.Count < count) throw new ArgumentException($"The dataset has {data.Count} items; the bulk workload needs {count}.");
                var requests = new StoreRequest[count];
                var keys = new string[count];
                for (int i = 0; i < count; i++)
                {
                    keys[i] = "s:" + data.Keys[i];
                    requests[i] = StoreRequest.Raw(keys[i], new ArraySegment<byte>(CompareDataset.RepeatKey(keys[i], valueBytes)), 0);
                }
                int size = CoreClientBenchmarks.GetManyKeyCount;
                var windows = new string[count / size][];
                for (int w = 0; w < windows.Length; w++)
                {
                    windows[w] = new string[size];
                    Array.Copy(keys, w * size, windows[w], 0, size);
                }
                return new SmallItems(requests, windows);
            }

            /// <summary>The keys of get-many call <paramref name="call"/>: consecutive windows of 100, wrapping around.</summary>
            public string[] Window(int call, int size) => _windows[call % _windows.Length];
        }
    }
}
