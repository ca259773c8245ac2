using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// Pressure is not an outage: a call that waited in vain for a pooled connection (every connection busy) is the
    /// caller's timeout, never counted toward marking the server dead; a server at its connection limit (memcached -c:
    /// it writes <c>ERROR Too many open connections</c> and closes the new connection) is told as such, and the client
    /// goes on with the connections it has.
    /// </summary>
    /// <remarks>
    /// memcached 1.6.18 with <c>-t 2</c> keeps about 16 descriptors of <c>-c</c> for itself (listeners, worker pipes,
    /// reserved_fds 10): started from a shell, <c>-c 17</c> admits 1 client connection and <c>-c 18</c> exactly 2, but
    /// started from the test host (descriptors it inherits) one fewer; so <see cref="TwoPlaceServer"/> counts the places.
    /// </remarks>
    public sealed class PressureTests
    {
        private readonly ITestOutputHelper _output;

        public PressureTests(ITestOutputHelper output) => _output = output;

        /// <summary>
        /// A memcached with exactly two places left for the client: started with a small <c>-c</c>, its other places taken
        /// by raw connections of the test (the first of them the observer, for stats). How many places a given <c>-c</c>
        /// leaves depends on the descriptors the process inherits, so the places are counted, not assumed: fill until
        /// refused, then give back two and wait until the server has seen them closed.
        /// </summary>
        private sealed class TwoPlaceServer : IDisposable
        {
            private readonly List<RawMemcached> _fillers = new List<RawMemcached>();

            public TwoPlaceServer()
            {
                Server = MemcachedProcess.Start("-c", "22");
                RawMemcached? observer = null;
                Assert.True(SpinWait.SpinUntil(() => (observer ??= Admitted(Server.Port)) != null && observer.Stat("curr_connections") == 1,
                    TimeSpan.FromSeconds(10)), "the launcher's probe connection did not go away");
                Observer = observer!;
                RawMemcached? next;
                while ((next = Admitted(Server.Port)) != null) _fillers.Add(next);
                Assert.True(_fillers.Count >= 2, $"-c 22 left only {_fillers.Count} places");
                for (int i = 0; i < 2; i++)
                {
                    _fillers[^1].Dispose();
                    _fillers.RemoveAt(_fillers.Count - 1);
                }
                long expected = 1 + _fillers.Count;
                Assert.True(SpinWait.SpinUntil(() => Observer.Stat("curr_connections") == expected, TimeSpan.FromSeconds(10)));
                Rejected = Observer.Stat("rejected_connections");
            }

            public MemcachedProcess Server { get; }
            public RawMemcached Observer { get; }
            /// <summary>Connections refused while the places were counted.</summary>
            public long Rejected { get; }

            public void Dispose()
            {
                foreach (var f in _fillers) f.Dispose();
                Observer.Dispose();
                Server.Dispose();
            }
        }

        /// <summary>A raw connection the server admitted (it answers version), or null when it refused it.</summary>
        private static RawMemcached? Admitted(int port)
        {
            var raw = new RawMemcached(port);
            try
            {
                if (raw.Send("version\r\n").StartsWith("VERSION", StringComparison.Ordinal)) return raw;
            }
            catch (System.IO.IOException)
            {
                // refused and closed before our request was read
            }
            raw.Dispose();
            return null;
        }

        [Fact]
        public void Eight_threads_on_one_client_finish_their_work_through_a_server_that_admits_two_connections()
        {
            const int Threads = 8, Operations = 400;
            using var places = new TwoPlaceServer();
            var server = places.Server;
            var observer = places.Observer;
            var options = new MemcachedClientOptions
            {
                OperationTimeout = TimeSpan.FromSeconds(5),
                ServerFailureLimit = 1,
            }.AddServer(server.Address); // MaxConnectionsPerServer: the default 16
            using var client = new MemcachedClient(options);
            var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            int done = 0;

            var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                for (int i = 0; i < Operations; i++)
                {
                    try
                    {
                        string key = $"t{t}-{i % 20}";
                        if (i % 2 == 0) client.Set(key, i);
                        else client.Get(key);
                        Interlocked.Increment(ref done);
                    }
                    catch (MemcachedException e) { errors.Enqueue(e); }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            var stats = client.GetPoolStatistics(client.Servers[0]);
            _output.WriteLine($"{done} of {Threads * Operations} operations done, {errors.Count} failed ({errors.Select(e => e.GetType().Name + ": " + e.Message).FirstOrDefault()}); pool open {stats.Open}, peak {stats.Peak}.");
            Assert.Empty(errors);
            Assert.Equal(Threads * Operations, done);
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.InRange(stats.Open, 1, 2);
            _output.WriteLine($"Server: rejected_connections {observer.Stat("rejected_connections") - places.Rejected}, total_connections {observer.Stat("total_connections")}.");
        }

        [Fact]
        public async Task A_refused_new_connection_keeps_the_pooled_ones_and_the_call_waits_for_one_of_them()
        {
            using var places = new TwoPlaceServer();
            var server = places.Server;
            var observer = places.Observer;
            var options = new MemcachedClientOptions
            {
                OperationTimeout = TimeSpan.FromMilliseconds(500),
                ServerFailureLimit = 1,
            }.AddServer(server.Address);
            using var client = new MemcachedClient(options);
            client.Set("k", "v");
            // Both admitted connections busy: two key dumps whose consumers wait.
            var release = new ManualResetEventSlim();
            var holding = new CountdownEvent(2);
            var dumps = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                bool first = true;
                client.DumpKeys(client.Servers[0], e => { if (first) { first = false; holding.Signal(); } return release.Wait(TimeSpan.FromSeconds(30)) || true; });
            })).ToArray();
            Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));
            Assert.Equal(2, client.GetPoolStatistics(client.Servers[0]).Open);
            long accepted = observer.Stat("total_connections");

            // A third call opens a third connection, which the server refuses: the call waits for one of the two, and its
            // deadline passes while both stay busy. Nothing is counted against the server, nothing is purged.
            var sync = Assert.Throws<MemcachedTimeoutException>(() => client.Get("k"));
            var async = await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.GetAsync("k"));
            _output.WriteLine(sync.Message);
            Assert.Contains("Too many open connections", sync.Message);
            Assert.Contains("Too many open connections", async.Message);
            Assert.Null(client.GetDeadUntil(client.Servers[0]));

            // Once a dump finishes, its connection serves the waiting call.
            var waiting = Task.Run(() => client.GetValue("k"));
            release.Set();
            Assert.Equal("v", await waiting);
            await Task.WhenAll(dumps);
            Assert.Equal(2, client.GetPoolStatistics(client.Servers[0]).Open); // the healthy connections were kept
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            // One refused connect taught the pool the limit: the second call waited without trying another.
            Assert.Equal(places.Rejected + 1, observer.Stat("rejected_connections"));
            Assert.Equal("v", client.GetValue("k"));
            Assert.Equal(accepted, observer.Stat("total_connections")); // nothing was reconnected
        }

        [Fact]
        public async Task A_server_that_admits_none_of_our_connections_says_so_and_is_not_marked_dead()
        {
            using var places = new TwoPlaceServer();
            var server = places.Server;
            var observer = places.Observer;
            using var first = Admitted(server.Port); // two other clients take the server's two places left
            using var second = Admitted(server.Port);
            Assert.NotNull(first);
            Assert.NotNull(second);
            var options = new MemcachedClientOptions { OperationTimeout = TimeSpan.FromSeconds(2), ServerFailureLimit = 1 }.AddServer(server.Address);
            using var client = new MemcachedClient(options);

            for (int i = 0; i < 3; i++)
            {
                var e = Assert.ThrowsAny<MemcachedConnectionException>(() => client.Get("k"));
                Assert.IsNotType<MemcachedServerDeadException>(e);
                Assert.Contains("refused", e.Message);
                Assert.Contains("Too many open connections", e.Message);
                Assert.Contains("memcached -c", e.Message);
                Assert.Contains("MaxConnectionsPerServer", e.Message);
                var a = await Assert.ThrowsAnyAsync<MemcachedConnectionException>(() => client.GetAsync("k"));
                Assert.IsNotType<MemcachedServerDeadException>(a);
                Assert.Contains("Too many open connections", a.Message);
            }
            Assert.Null(client.GetDeadUntil(client.Servers[0]));

            first!.Dispose(); // a place comes free: the next call gets it
            Assert.True(SpinWait.SpinUntil(() => { try { return client.Set("k", "v").IsStored; } catch (MemcachedConnectionException) { return false; } }, TimeSpan.FromSeconds(10)));
        }

        [Fact]
        public async Task Waits_for_the_only_connection_held_by_a_key_dump_time_out_without_marking_the_server_dead()
        {
            using var server = MemcachedProcess.Start();
            var options = new MemcachedClientOptions
            {
                MaxConnectionsPerServer = 1,
                OperationTimeout = TimeSpan.FromMilliseconds(300),
                ServerFailureLimit = 1, // a single pool wait counted as a failure would mark it dead
            }.AddServer(server.Address);
            using var client = new MemcachedClient(options);
            client.SetMany(Enumerable.Range(0, 50).Select(i => new System.Collections.Generic.KeyValuePair<string, object?>("dump-" + i, "v")));
            var holding = new ManualResetEventSlim();
            var release = new ManualResetEventSlim();
            var dump = Task.Run(() => client.DumpKeys(client.Servers[0], _ =>
            {
                holding.Set();
                return release.Wait(TimeSpan.FromSeconds(30)); // a slow consumer of the listing holds the only connection
            }));
            Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));

            int timedOut = 0;
            try
            {
                for (int round = 0; round < 3; round++)
                {
                    Assert.Throws<MemcachedTimeoutException>(() => client.Get("dump-1"));
                    await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.GetAsync("dump-1"));
                    Assert.IsType<MemcachedTimeoutException>(Assert.Single(client.GetMany(new[] { "dump-2" })).Error);
                    Assert.IsType<MemcachedTimeoutException>(Assert.Single(await client.GetManyAsync(new[] { "dump-2" })).Error);
                    timedOut += 4;
                    Assert.Null(client.GetDeadUntil(client.Servers[0]));
                }
            }
            finally
            {
                release.Set();
            }
            await dump;

            _output.WriteLine($"{timedOut} waits for the busy pool timed out; the server is {(client.GetDeadUntil(client.Servers[0]) == null ? "alive" : "dead")}.");
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Equal("v", client.GetValue("dump-1"));
            Assert.Equal("v", await client.GetValueAsync("dump-2"));
        }
    }
}
