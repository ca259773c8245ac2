using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Four real memcached nodes that the discovery tests add to and remove from a scripted configuration endpoint.</summary>
    public sealed class DiscoveryNodes : IDisposable
    {
        public DiscoveryNodes()
        {
            Nodes = Enumerable.Range(0, 4).Select(_ => MemcachedProcess.Start()).ToList();
        }

        public IReadOnlyList<MemcachedProcess> Nodes { get; }

        public void Dispose()
        {
            foreach (var n in Nodes) n.Dispose();
        }
    }

    /// <summary>
    /// ElastiCache auto discovery: a scripted configuration endpoint (tests/Unit/Infrastructure/FakeConfigurationEndpoint.cs,
    /// the only fake) lists real memcached nodes; the client must place keys over exactly those nodes, follow a new version,
    /// close the connections of removed nodes, and keep the last good list when the endpoint misbehaves.
    /// </summary>
    public sealed class ElastiCacheDiscoveryTests : IClassFixture<DiscoveryNodes>
    {
        private readonly IReadOnlyList<MemcachedProcess> _n;
        private readonly ITestOutputHelper _output;

        public ElastiCacheDiscoveryTests(DiscoveryNodes nodes, ITestOutputHelper output)
        {
            _n = nodes.Nodes;
            _output = output;
            ServerProbe.FlushAll(_n);
        }

        /// <summary>An endpoint entry for a node: a host name that resolves nowhere, so only its IP can reach it.</summary>
        private static string Entry(MemcachedProcess node, int i) => FakeConfigurationEndpoint.Node(node.Port, host: $"cache-node-{i}.invalid");

        private string[] Entries(params int[] nodes) => nodes.Select(i => Entry(_n[i], i)).ToArray();

        private static MemcachedClient Connect(FakeConfigurationEndpoint endpoint, TimeSpan? refresh = null, int timeoutMs = 2000) =>
            new MemcachedClient(new MemcachedClientOptions
            {
                ConfigurationEndpoint = ServerAddress.Parse(endpoint.Address),
                DiscoveryRefreshInterval = refresh ?? TimeSpan.Zero,
                OperationTimeout = TimeSpan.FromMilliseconds(timeoutMs),
            });

        private List<ServerAddress> AddressesOf(params int[] nodes) => nodes.Select(i => ServerAddress.Parse(_n[i].Address)).ToList();

        private static List<string> Keys(int seed, int count = 600) => PlacementKeys.Generate(seed, unicode: false, count: count, maxBytes: 60);

        private void StoreAll(MemcachedClient client, IEnumerable<string> keys)
        {
            var outcomes = client.StoreMany(keys.Select(k => new StoreRequest(k, "1")));
            Assert.All(outcomes, o => Assert.True(o.Error == null && o.Result.IsStored, $"{o.Key}: {o.Error?.Message}"));
        }

        /// <summary>The servers' own answer: for each key, the index (into <paramref name="nodes"/>) of the one node that holds it.</summary>
        private PlacementReport Check(IReadOnlyList<int> nodes, List<string> keys, INodeLocator expected)
        {
            var servers = nodes.Select(i => _n[i]).ToList();
            return PlacementReport.Check(servers, keys, k => expected.Locate(keys[k]));
        }

        private static long CurrConnections(MemcachedProcess node)
        {
            using var probe = new MemcachedClient(node.Address);
            var stats = probe.Stats().Single();
            Assert.Null(stats.Error);
            return stats.Result.GetInt64("curr_connections");
        }

        // ------------------------------------------------------------------ placement and refresh

        [Fact]
        public void Keys_are_placed_over_the_listed_nodes_by_IP_with_rendezvous()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(7, Entries(0, 1, 2));
            using var client = Connect(endpoint);

            Assert.Equal(AddressesOf(0, 1, 2), client.Servers);
            Assert.Equal(7, client.DiscoveryStatus!.Version);
            var keys = Keys(seed: 1201);
            StoreAll(client, keys);
            var report = Check(new[] { 0, 1, 2, 3 }, keys, new RendezvousLocator(AddressesOf(0, 1, 2)));
            _output.WriteLine(report.Describe("discovered v7 [0,1,2]", _n));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.Equal(0, report.PerServer[3]); // nothing on the node the endpoint did not list
        }

        [Fact]
        public void A_new_version_moves_keys_to_the_new_node_and_closes_the_removed_nodes_connections()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1, 2));
            long baseline = CurrConnections(_n[2]);
            using var client = Connect(endpoint);
            var keys = Keys(seed: 1202);
            StoreAll(client, keys);
            var before = Check(new[] { 0, 1, 2, 3 }, keys, new RendezvousLocator(AddressesOf(0, 1, 2)));
            Assert.Equal(PlacementReport.Perfect(keys.Count), before.Summary);
            Assert.True(CurrConnections(_n[2]) > baseline, "the client holds pooled connections to node 2");
            var onTwoBefore = keys.Where(k => client.GetServer(k).Equals(AddressesOf(2)[0])).ToList();

            endpoint.Publish(2, Entries(0, 1, 3));
            Assert.True(client.RefreshServers());

            Assert.Equal(AddressesOf(0, 1, 3), client.Servers);
            Assert.Equal(2, client.DiscoveryStatus!.Version);
            // Closed by the refresh itself (they were idle): memcached sees it within milliseconds. The bound is short because
            // an unreachable pool's sockets are also closed by their finalizers after a few seconds, which is no design.
            var closedAfter = Poll.Until(() => CurrConnections(_n[2]) == baseline, TimeSpan.FromSeconds(1), "node 2's connections are closed");
            _output.WriteLine($"node 2 back to {baseline} connections {closedAfter.TotalMilliseconds:0} ms after the refresh");
            Assert.Throws<MemcachedClientException>(() => client.GetPoolStatistics(AddressesOf(2)[0]));

            ServerProbe.FlushAll(_n);
            StoreAll(client, keys);
            // Probed in the new list's order (node 3 is the locator's index 2), with the removed node last.
            var after = Check(new[] { 0, 1, 3, 2 }, keys, new RendezvousLocator(AddressesOf(0, 1, 3)));
            _output.WriteLine(after.Describe("after v2 [0,1,3], then the removed 2", new[] { _n[0], _n[1], _n[3], _n[2] }));
            Assert.Equal(PlacementReport.Perfect(keys.Count), after.Summary);
            Assert.Equal(0, after.PerServer[3]);
            int movedToThree = onTwoBefore.Count(k => client.GetServer(k).Equals(AddressesOf(3)[0]));
            _output.WriteLine($"{onTwoBefore.Count} keys were on node 2; {movedToThree} of them are now on node 3");
            Assert.True(movedToThree > 0);
            // Rendezvous moves only the removed node's keys and the new node's share: no other key changes node.
            var oldLocator = new RendezvousLocator(AddressesOf(0, 1, 2));
            int movedOff = keys.Count(k => !onTwoBefore.Contains(k) &&
                !client.GetServer(k).Equals(AddressesOf(0, 1, 2)[oldLocator.Locate(k)]) && !client.GetServer(k).Equals(AddressesOf(3)[0]));
            Assert.Equal(0, movedOff);
        }

        [Fact]
        public void The_same_version_is_not_applied_and_an_unchanged_list_changes_nothing()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(5, Entries(0, 1, 2));
            using var client = Connect(endpoint);
            Assert.False(client.RefreshServers());
            endpoint.Publish(5, Entries(0, 1)); // same version: ElastiCache raises it with every change, so this is not one
            Assert.False(client.RefreshServers());
            Assert.Equal(AddressesOf(0, 1, 2), client.Servers);
            endpoint.Publish(3, Entries(0, 1)); // a lower version is a change too (a recreated cluster starts again at 1)
            Assert.True(client.RefreshServers());
            Assert.Equal(AddressesOf(0, 1), client.Servers);
            Assert.Equal(3, client.DiscoveryStatus!.Version);
        }

        [Fact]
        public async Task The_async_refresh_follows_a_new_version()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0));
            using var client = Connect(endpoint);
            endpoint.Publish(2, Entries(1, 2));
            Assert.True(await client.RefreshServersAsync());
            Assert.Equal(AddressesOf(1, 2), client.Servers);
            Assert.True((await client.SetAsync("async-key", "v")).IsStored);
            Assert.Equal(client.GetServer("async-key"), (await client.GetAsync("async-key"))!.Server);
        }

        [Fact]
        public void Engines_before_1_4_14_are_asked_with_get_AmazonElastiCache_cluster()
        {
            using var endpoint = new FakeConfigurationEndpoint { Mode = FakeConfigurationEndpoint.EndpointMode.Legacy };
            endpoint.Publish(4, Entries(1, 3));
            using var client = Connect(endpoint);
            Assert.Equal(AddressesOf(1, 3), client.Servers);
            Assert.Equal(2, endpoint.Requests); // config get cluster (ERROR), then the get
        }

        [Fact]
        public void The_timer_refreshes_on_its_interval()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1));
            using var client = Connect(endpoint, refresh: TimeSpan.FromMilliseconds(50));
            endpoint.Publish(2, Entries(2, 3));
            var took = Poll.Until(() => client.DiscoveryStatus!.Version == 2, TimeSpan.FromSeconds(10), "the timer applied version 2");
            _output.WriteLine($"applied by the 50 ms timer after {took.TotalMilliseconds:0} ms");
            Assert.Equal(AddressesOf(2, 3), client.Servers);
        }

        [Fact]
        public void A_pinned_view_follows_the_new_list()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1, 2));
            using var client = Connect(endpoint);
            var pinned = client.WithServerKey("user:42");
            endpoint.Publish(2, Entries(3));
            Assert.True(client.RefreshServers());
            Assert.Equal(AddressesOf(3), pinned.Servers);
            Assert.True(pinned.Set("pinned-key", "v").IsStored);
            Assert.Equal(AddressesOf(3)[0], pinned.Get("pinned-key")!.Server);
        }

        [Fact]
        public void Calls_in_flight_while_the_list_changes_never_fail()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1, 2));
            // A generous timeout: this is about calls in flight during changes, and the full suite loads the 2 cores.
            using var client = Connect(endpoint, timeoutMs: 10_000);
            var errors = new ConcurrentQueue<Exception>();
            int operations = 0;
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (int i = 0; !stop.IsCancellationRequested; i++)
                {
                    string key = $"w{w}-{i % 50}";
                    try
                    {
                        if (w % 2 == 0)
                        {
                            if (!client.Set(key, i).IsStored) throw new Exception($"{key} not stored");
                            client.Get(key);
                            foreach (var o in client.GetMany(new[] { key, key + "x", key + "y" }))
                                if (o.Error != null) throw o.Error;
                        }
                        else
                        {
                            if (!(await client.SetAsync(key, i)).IsStored) throw new Exception($"{key} not stored");
                            await client.GetAsync(key);
                        }
                        Interlocked.Increment(ref operations);
                    }
                    catch (Exception e)
                    {
                        errors.Enqueue(e);
                    }
                }
            })).ToArray();

            // 40 changes of the list while the workers run: nodes come and go, and each change retires a node that calls may hold.
            for (int version = 2; version <= 41; version++)
            {
                endpoint.Publish(version, version % 2 == 0 ? Entries(0, 1, 3) : Entries(0, 1, 2));
                Assert.True(client.RefreshServers());
                int seen = Volatile.Read(ref operations);
                Poll.Until(() => Volatile.Read(ref operations) >= seen + 20, TimeSpan.FromSeconds(10), "the workers went on");
            }
            stop.Cancel();
            Task.WaitAll(workers);
            _output.WriteLine($"{operations} operations across 40 list changes; {errors.Count} errors");
            Assert.Empty(errors.Take(5).Select(e => e.GetType().Name + ": " + e.Message));
        }

        // ------------------------------------------------------------------ interop: pymemcache's AWSElastiCacheHashClient

        /// <summary>
        /// tests/Peers/python/elasticache.py: what AWSElastiCacheHashClient does (pymemcache 4.x; Debian's 3.5.2 lacks the
        /// class, so the script does its node-list step and builds the HashClient it subclasses) stores the keys.
        /// </summary>
        private List<string> StoreWithPymemcache(FakeConfigurationEndpoint endpoint, List<string> keys)
        {
            ServerProbe.FlushAll(_n);
            string output = PythonPeer.Run("elasticache.py", Array.Empty<string>(),
                System.Text.Json.JsonSerializer.Serialize(new { config_endpoint = endpoint.Address, keys }));
            using var result = System.Text.Json.JsonDocument.Parse(output);
            Assert.Equal(0, result.RootElement.GetProperty("failed").GetInt32());
            return result.RootElement.GetProperty("servers").EnumerateArray().Select(e => e.GetString()!).ToList();
        }

        [Fact]
        public void Pymemcache_AWSElastiCacheHashClient_places_every_key_where_this_client_does_before_and_after_a_change()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1, 2, 3));
            using var client = Connect(endpoint);
            var keys = PlacementKeys.Generate(seed: 1210, unicode: true);

            var pythonServers = StoreWithPymemcache(endpoint, keys);
            Assert.Equal(client.Servers.Select(s => s.Name), pythonServers);
            var report = PlacementReport.Check(_n, keys, k => _n.ToList().FindIndex(n => n.Address == client.GetServer(keys[k]).Name));
            _output.WriteLine(report.Describe("pymemcache AWSElastiCacheHashClient vs MemcachedClient, v1 [0,1,2,3]", _n));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            endpoint.Publish(2, Entries(3, 1));
            Assert.True(client.RefreshServers());
            pythonServers = StoreWithPymemcache(endpoint, keys);
            Assert.Equal(client.Servers.Select(s => s.Name), pythonServers);
            report = PlacementReport.Check(_n, keys, k => _n.ToList().FindIndex(n => n.Address == client.GetServer(keys[k]).Name));
            _output.WriteLine(report.Describe("pymemcache AWSElastiCacheHashClient vs MemcachedClient, v2 [3,1]", _n));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: naming the nodes by their host names (use_vpc=False) places most keys elsewhere.
            var byHostName = new RendezvousLocator(new[] { 3, 1 }.Select(i => new ServerAddress($"cache-node-{i}.invalid", _n[i].Port)).ToList());
            var wrong = PlacementReport.Check(_n, keys, k => new[] { 3, 1 }[byHostName.Locate(keys[k])]);
            _output.WriteLine(wrong.Describe("the same keys checked against host-name placement", _n));
            Assert.InRange(wrong.Misplaced, keys.Count / 4, keys.Count);
        }

        // ------------------------------------------------------------------ an endpoint that misbehaves

        [Fact]
        public void A_malformed_refresh_keeps_the_last_good_list_and_says_why()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1));
            using var client = Connect(endpoint);

            endpoint.Mode = FakeConfigurationEndpoint.EndpointMode.Malformed;
            endpoint.MalformedReply = "CONFIG cluster 0 10\r\n2\nh|1.2.3\n\r\nEND\r\n"; // a node without its port
            var e = Assert.Throws<MemcachedProtocolException>(() => client.RefreshServers());
            _output.WriteLine(e.Message);
            Assert.Contains(endpoint.Address, e.Message);
            Assert.Contains("is not host|ip|port", e.Message);
            Assert.Equal(AddressesOf(0, 1), client.Servers);
            var status = client.DiscoveryStatus!;
            Assert.Equal(1, status.Version);
            Assert.Same(e, status.LastError);
            Assert.Equal(1, status.ConsecutiveFailures);
            Assert.True(client.Set("still-works", "v").IsStored);
            Assert.Equal("v", client.GetValue("still-works"));

            endpoint.Mode = FakeConfigurationEndpoint.EndpointMode.Normal;
            endpoint.Publish(2, Entries(2));
            Assert.True(client.RefreshServers());
            Assert.Null(client.DiscoveryStatus!.LastError);
            Assert.Equal(AddressesOf(2), client.Servers);
        }

        [Fact]
        public async Task A_silent_endpoint_times_out_by_the_operation_timeout_and_the_nodes_keep_working()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1));
            using var client = Connect(endpoint, timeoutMs: 500);
            endpoint.Mode = FakeConfigurationEndpoint.EndpointMode.Silent;

            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<MemcachedTimeoutException>(() => client.RefreshServers());
            long syncMs = clock.ElapsedMilliseconds;
            clock.Restart();
            var ae = await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.RefreshServersAsync());
            long asyncMs = clock.ElapsedMilliseconds;
            _output.WriteLine($"sync {syncMs} ms: {e.Message}\nasync {asyncMs} ms: {ae.Message}");
            Assert.InRange(syncMs, 450, 2000);
            Assert.InRange(asyncMs, 450, 2000);
            Assert.Contains(endpoint.Address, e.Message);
            Assert.Equal(2, client.DiscoveryStatus!.ConsecutiveFailures);
            Assert.Equal(AddressesOf(0, 1), client.Servers);
            Assert.True(client.Set("after-silence", "v").IsStored);
        }

        [Fact]
        public void An_endpoint_that_went_away_is_a_connection_error_and_the_nodes_keep_working()
        {
            var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1));
            using var client = Connect(endpoint);
            endpoint.Dispose();

            var clock = Stopwatch.StartNew();
            var e = Assert.ThrowsAny<MemcachedConnectionException>(() => client.RefreshServers());
            _output.WriteLine($"{clock.ElapsedMilliseconds} ms: {e.GetType().Name}: {e.Message}");
            Assert.IsNotType<MemcachedTimeoutException>(e);
            Assert.Contains(endpoint.Address, e.Message);
            Assert.Equal(AddressesOf(0, 1), client.Servers);
            Assert.True(client.Set("after-endpoint-left", "v").IsStored);
            Assert.Equal("v", client.GetValue("after-endpoint-left"));
        }

        [Fact]
        public void Timer_refresh_failures_are_kept_in_the_status_and_never_reach_item_calls()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0, 1));
            using var client = Connect(endpoint, refresh: TimeSpan.FromMilliseconds(30));
            endpoint.Mode = FakeConfigurationEndpoint.EndpointMode.Malformed;
            Poll.Until(() => client.DiscoveryStatus!.ConsecutiveFailures >= 3, TimeSpan.FromSeconds(10), "three timer refreshes failed");
            Assert.IsType<MemcachedProtocolException>(client.DiscoveryStatus!.LastError);
            Assert.Equal(AddressesOf(0, 1), client.Servers);
            for (int i = 0; i < 50; i++) Assert.True(client.Set("timer-failing-" + i, i).IsStored);
        }

        [Fact]
        public void Dispose_ends_a_timer_refresh_in_flight_at_once()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, Entries(0));
            var client = Connect(endpoint, refresh: TimeSpan.FromMilliseconds(20), timeoutMs: 30_000);
            endpoint.Mode = FakeConfigurationEndpoint.EndpointMode.Silent;
            int before = endpoint.Requests;
            Poll.Until(() => endpoint.Requests > before, TimeSpan.FromSeconds(10), "a timer refresh is waiting on the silent endpoint");
            var clock = Stopwatch.StartNew();
            client.Dispose();
            _output.WriteLine($"Dispose took {clock.ElapsedMilliseconds} ms with a refresh in flight (timeout 30 s)");
            Assert.InRange(clock.ElapsedMilliseconds, 0, 2000);
            Assert.Throws<ObjectDisposedException>(() => client.RefreshServers());
        }

        // ------------------------------------------------------------------ the first read

        [Fact]
        public void The_first_read_failing_fails_the_client_with_a_clear_error()
        {
            using (var endpoint = new FakeConfigurationEndpoint { Mode = FakeConfigurationEndpoint.EndpointMode.Malformed })
            {
                var e = Assert.Throws<MemcachedProtocolException>(() => Connect(endpoint));
                Assert.Contains("Cluster discovery from configuration endpoint " + endpoint.Address, e.Message);
            }
            using (var endpoint = new FakeConfigurationEndpoint { Mode = FakeConfigurationEndpoint.EndpointMode.Silent })
            {
                var clock = Stopwatch.StartNew();
                Assert.Throws<MemcachedTimeoutException>(() => Connect(endpoint, timeoutMs: 400));
                Assert.InRange(clock.ElapsedMilliseconds, 350, 2000);
            }
            // A plain memcached is not a configuration endpoint: ERROR to config get cluster, END to the get.
            var plain = Assert.Throws<MemcachedServerException>(() => new MemcachedClient(new MemcachedClientOptions
            {
                ConfigurationEndpoint = ServerAddress.Parse(_n[0].Address),
            }));
            _output.WriteLine(plain.Message);
            Assert.Contains("is not an ElastiCache configuration endpoint", plain.Message);
        }

        [Fact]
        public void Options_take_servers_or_an_endpoint_and_a_client_with_servers_has_nothing_to_refresh()
        {
            var both = new MemcachedClientOptions { ConfigurationEndpoint = ServerAddress.Parse("cfg.example:11211") }.AddServer(_n[0].Address);
            Assert.Contains("not both", Assert.Throws<MemcachedClientException>(() => new MemcachedClient(both)).Message);
            var negative = new MemcachedClientOptions
            {
                ConfigurationEndpoint = ServerAddress.Parse("cfg.example:11211"),
                DiscoveryRefreshInterval = TimeSpan.FromSeconds(-1),
            };
            Assert.Throws<MemcachedClientException>(() => new MemcachedClient(negative));
            using var plain = new MemcachedClient(_n[0].Address);
            Assert.Null(plain.DiscoveryStatus);
            Assert.Throws<MemcachedClientException>(() => plain.RefreshServers());
        }
    }
}
