using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Core.Transport;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// 8 threads x 25,000 mixed operations on one client over 3 real servers, with a pool smaller than the threads:
    /// no cross-talk, no unexpected exception, the pool within its maximum, and no socket left after dispose.
    /// </summary>
    [Trait("Category", "Load")] // run apart with --filter Category=Load, or left out with Category!=Load; CI runs them all
    public sealed class LoadTests
    {
        private const int Threads = 8;
        private const int OperationsPerThread = 25000;
        private const int PrivateKeys = 300;
        private const int SharedKeys = 100;
        private const int Counters = 10;
        private const int MaxConnections = 4;

        private readonly ITestOutputHelper _output;

        public LoadTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Eight_threads_of_mixed_operations_over_three_servers_never_cross_talk_never_exceed_the_pool_and_leak_no_socket()
        {
            var servers = Enumerable.Range(0, 3).Select(_ => MemcachedProcess.Start()).ToArray();
            try
            {
                // What each server records of its connections, not the process's sockets: the test runs beside others.
                long[] connectionsBefore = servers.Select(CurrentConnections).ToArray();
                var options = new MemcachedClientOptions { MaxConnectionsPerServer = MaxConnections, OperationTimeout = TimeSpan.FromSeconds(10) };
                foreach (var s in servers) options.AddServer(s.Address);
                var unexpected = new ConcurrentQueue<string>();
                var clock = Stopwatch.StartNew();

                using (var client = new MemcachedClient(options))
                {
                    var workers = Enumerable.Range(0, Threads).Select(t => t % 2 == 0
                        ? Task.Factory.StartNew(() => RunSync(client, t, unexpected), TaskCreationOptions.LongRunning)
                        : Task.Run(() => RunAsync(client, t, unexpected))).ToArray();
                    await Task.WhenAll(workers);

                    foreach (var address in client.Servers)
                    {
                        var (open, peak, max) = client.GetPoolStatistics(address);
                        _output.WriteLine($"{address}: open {open}, peak {peak}, max {max}");
                        Assert.InRange(peak, 1, max);
                    }
                    foreach (var s in servers)
                    {
                        using var raw = new RawMemcached(s.Port);
                        Assert.True(raw.Stat("cmd_get") > 0, "every server took part");
                    }
                }

                clock.Stop();
                _output.WriteLine($"{Threads} threads x {OperationsPerThread} operations in {clock.Elapsed.TotalSeconds:0.0} s; {unexpected.Count} unexpected");
                Assert.Empty(unexpected);
                // memcached counts a close once its worker thread has seen it: asked until it has, within a bound.
                Poll.Until(() => servers.Select(CurrentConnections).SequenceEqual(connectionsBefore), TimeSpan.FromSeconds(5),
                    $"every server back to its connections before the client ({string.Join(", ", connectionsBefore)})");
            }
            finally
            {
                foreach (var s in servers) s.Dispose();
            }
        }

        /// <summary>The server's curr_connections, not counting the connection that asks.</summary>
        private static long CurrentConnections(MemcachedProcess server)
        {
            using var raw = new RawMemcached(server.Port);
            return raw.Stat("curr_connections") - 1;
        }

        /// <summary>
        /// What one thread expects: its private keys and counters are written by it alone, so every read has one right
        /// answer; shared keys are written by everyone, so a read must at least name its own key.
        /// </summary>
        private sealed class Model
        {
            public readonly string?[] Private = new string?[PrivateKeys];
            public readonly ulong?[] Counter = new ulong?[Counters];
        }

        private static string PrivateKey(int thread, int i) => $"load-t{thread}-k{i}";
        private static string SharedKey(int i) => $"load-shared-{i}";
        private static string CounterKey(int thread, int i) => $"load-t{thread}-ctr{i}";

        private static void RunSync(MemcachedClient client, int thread, ConcurrentQueue<string> unexpected)
        {
            var random = new Random(thread);
            var model = new Model();
            for (int n = 0; n < OperationsPerThread; n++)
            {
                try
                {
                    Step(client, thread, n, random, model, unexpected, sync: true).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    unexpected.Enqueue($"thread {thread} op {n}: {e}");
                    if (unexpected.Count > 20) return;
                }
            }
        }

        private static async Task RunAsync(MemcachedClient client, int thread, ConcurrentQueue<string> unexpected)
        {
            var random = new Random(thread);
            var model = new Model();
            for (int n = 0; n < OperationsPerThread; n++)
            {
                try
                {
                    await Step(client, thread, n, random, model, unexpected, sync: false);
                }
                catch (Exception e)
                {
                    unexpected.Enqueue($"thread {thread} op {n}: {e}");
                    if (unexpected.Count > 20) return;
                }
            }
        }

        /// <summary>One operation: 35% get, 25% set, 10% delete, 10% incr, 10% get-many (private and shared keys), 10% shared get/set.</summary>
        private static async Task Step(MemcachedClient client, int thread, int n, Random random, Model model, ConcurrentQueue<string> unexpected, bool sync)
        {
            int dice = random.Next(100);
            int i = random.Next(PrivateKeys);
            string key = PrivateKey(thread, i);
            if (dice < 35)
            {
                CacheItem? item = sync ? client.Get(key) : await client.GetAsync(key);
                Expect(key, model.Private[i], item, unexpected);
            }
            else if (dice < 60)
            {
                string value = $"{key}|{n}|{new string('v', random.Next(0, 200))}";
                StoreResult stored = sync ? client.Set(key, value) : await client.SetAsync(key, value);
                if (!stored.IsStored) unexpected.Enqueue($"set {key}: {stored}");
                model.Private[i] = value;
            }
            else if (dice < 70)
            {
                bool existed = sync ? client.Delete(key) : await client.DeleteAsync(key);
                if (existed != (model.Private[i] != null)) unexpected.Enqueue($"delete {key}: existed {existed}, expected {model.Private[i] != null}");
                model.Private[i] = null;
            }
            else if (dice < 80)
            {
                int c = random.Next(Counters);
                string counter = CounterKey(thread, c);
                ulong? value = sync ? client.Increment(counter, 1, initial: 0) : await client.IncrementAsync(counter, 1, initial: 0);
                ulong expected = model.Counter[c].HasValue ? model.Counter[c]!.Value + 1 : 0; // a created counter holds its initial value
                if (value != expected) unexpected.Enqueue($"incr {counter}: {value}, expected {expected}");
                model.Counter[c] = expected;
            }
            else if (dice < 90)
            {
                var indices = Enumerable.Range(0, 10).Select(_ => random.Next(PrivateKeys)).ToArray();
                var keys = indices.Select(x => PrivateKey(thread, x)).Concat(Enumerable.Range(0, 3).Select(_ => SharedKey(random.Next(SharedKeys)))).ToArray();
                var outcomes = sync ? client.GetMany(keys) : await client.GetManyAsync(keys);
                for (int k = 0; k < keys.Length; k++)
                {
                    var o = outcomes[k];
                    if (o.Key != keys[k]) unexpected.Enqueue($"get-many outcome {k} is for '{o.Key}', asked '{keys[k]}'");
                    else if (o.HasError) unexpected.Enqueue($"get-many {o.Key}: {o.Error}");
                    else if (k < indices.Length) Expect(keys[k], model.Private[indices[k]], o.Result, unexpected);
                    else ExpectOwnKey(keys[k], o.Result, unexpected);
                }
            }
            else
            {
                string shared = SharedKey(random.Next(SharedKeys));
                if (random.Next(2) == 0)
                {
                    StoreResult stored = sync ? client.Set(shared, $"{shared}|t{thread}|{n}") : await client.SetAsync(shared, $"{shared}|t{thread}|{n}");
                    if (!stored.IsStored) unexpected.Enqueue($"set {shared}: {stored}");
                }
                else ExpectOwnKey(shared, sync ? client.Get(shared) : await client.GetAsync(shared), unexpected);
            }
        }

        private static void Expect(string key, string? expected, CacheItem? item, ConcurrentQueue<string> unexpected)
        {
            string? actual = item == null ? null : Encoding.UTF8.GetString(item.Value);
            if (actual != expected) unexpected.Enqueue($"get {key}: '{Shorten(actual)}', expected '{Shorten(expected)}'");
            if (item != null && item.Key != key) unexpected.Enqueue($"get {key}: item names '{item.Key}'");
        }

        private static void ExpectOwnKey(string key, CacheItem? item, ConcurrentQueue<string> unexpected)
        {
            if (item == null) return;
            string actual = Encoding.UTF8.GetString(item.Value);
            if (!actual.StartsWith(key + "|", StringComparison.Ordinal)) unexpected.Enqueue($"get {key}: another key's value '{Shorten(actual)}'");
        }

        private static string? Shorten(string? s) => s == null ? null : s.Length > 60 ? s.Substring(0, 60) + "…" : s;
    }
}
