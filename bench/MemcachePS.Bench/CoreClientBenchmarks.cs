using MemcachePS.TestServers;
using System;
using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>
    /// The core client against one real memcached on loopback. Single-key calls are one round trip each; the
    /// multi-key calls are one pipelined exchange. Every reply is checked, as a caller who cares would.
    /// </summary>
    /// <remarks>
    /// Allocation target for <see cref="Get"/>: the returned <see cref="CacheItem"/> (16-byte header + 3 references +
    /// ulong + uint = 52, padded to 56 bytes on x64) and its value array (24-byte array header + 32 data bytes = 56),
    /// so 112 bytes per call and nothing more.
    /// </remarks>
    [MemoryDiagnoser]
    [SimpleJob(warmupCount: 3, iterationCount: 10)]
    public class CoreClientBenchmarks
    {
        public const int SmallValueBytes = 32;
        public const int GetManyKeyCount = 100;
        public const int BulkKeyCount = 10_000;

        private const string GetKey = "bench:get:hit";
        private const string SetKey = "bench:set";

        private MemcachedProcess _server = null!;
        private MemcachedClient _client = null!;
        private byte[] _value = null!;
        private string[] _getManyKeys = null!;
        private StoreRequest[] _bulkRequests = null!;
        private KeyValuePair<string, object?>[] _bulkPairs = null!;

        [GlobalSetup]
        public void Setup()
        {
            _server = MemcachedProcess.Start();
            _client = new MemcachedClient(_server.Address);
            _value = new byte[SmallValueBytes];
            new Random(42).NextBytes(_value);

            Require(_client.Set(GetKey, _value).IsStored, "seeding the get key");
            _getManyKeys = new string[GetManyKeyCount];
            for (int i = 0; i < _getManyKeys.Length; i++)
            {
                _getManyKeys[i] = $"bench:many:{i:D5}";
                Require(_client.Set(_getManyKeys[i], _value).IsStored, "seeding the get-many keys");
            }

            _bulkRequests = new StoreRequest[BulkKeyCount];
            _bulkPairs = new KeyValuePair<string, object?>[BulkKeyCount];
            for (int i = 0; i < BulkKeyCount; i++)
            {
                string key = $"bench:bulk:{i:D5}";
                _bulkRequests[i] = StoreRequest.Raw(key, new ArraySegment<byte>(_value), 0);
                _bulkPairs[i] = new KeyValuePair<string, object?>(key, _value);
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _client?.Dispose();
            _server?.Dispose();
        }

        [Benchmark(Description = "Get (hit, 32 B)")]
        public CacheItem Get() => _client.Get(GetKey) ?? throw new InvalidOperationException("Get missed a key that was set.");

        [Benchmark(Description = "Set (32 B)")]
        public StoreResult Set()
        {
            StoreResult result = _client.Set(SetKey, _value);
            if (!result.IsStored) throw new InvalidOperationException($"Set answered {result}.");
            return result;
        }

        [Benchmark(Description = "GetMany (100 keys)")]
        public int GetMany()
        {
            var outcomes = _client.GetMany(_getManyKeys);
            int hits = 0;
            for (int i = 0; i < outcomes.Count; i++)
                if (!outcomes[i].HasError && outcomes[i].Result != null) hits++;
            if (hits != GetManyKeyCount) throw new InvalidOperationException($"GetMany found {hits} of {GetManyKeyCount} keys.");
            return hits;
        }

        [Benchmark(Description = "StoreMany (10,000 keys, raw)")]
        public int StoreMany() => CountStored(_client.StoreMany(_bulkRequests));

        [Benchmark(Description = "SetMany (10,000 keys)")]
        public int SetMany() => CountStored(_client.SetMany(_bulkPairs));

        private static int CountStored(IReadOnlyList<KeyOutcome<StoreResult>> outcomes)
        {
            for (int i = 0; i < outcomes.Count; i++)
                if (outcomes[i].HasError || !outcomes[i].Result.IsStored)
                    throw new InvalidOperationException($"Bulk store failed for {outcomes[i]}.");
            if (outcomes.Count != BulkKeyCount) throw new InvalidOperationException($"Bulk store gave {outcomes.Count} outcomes.");
            return outcomes.Count;
        }

        private static void Require(bool condition, string what)
        {
            if (!condition) throw new InvalidOperationException($"Benchmark setup failed while {what}.");
        }
    }
}
