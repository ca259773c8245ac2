using System.Collections.Generic;
using System.Linq;
using System.Text;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// php-memcache (Debian's php-memcache, pecl memcache 8.0) stores thousands of keys; the servers must hold each where
    /// our PhpMemcache and PhpMemcacheStandard distributions say. The hash strategy and function are set with -d.
    /// </summary>
    [Collection(PlacementInteropCollection.Name)]
    public class PhpMemcachePlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public PhpMemcachePlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        private static Dictionary<string, string> Ini(string strategy) =>
            new Dictionary<string, string> { ["memcache.hash_strategy"] = strategy, ["memcache.hash_function"] = "crc32" };

        private PlacementReport StoreAndCheck(string configuration, IReadOnlyList<MemcachedProcess> servers, int[] weights,
            string strategy, List<string> keys, Distribution distribution)
        {
            _servers.FlushAll();
            Assert.Equal(0, PeerClients.Php(new { client = "memcache", servers = PeerClients.HostPortWeight(servers, weights), keys }, Ini(strategy)));
            var locator = NodeLocatorFactory.Create(distribution, PlacementServers.Addresses(servers, weights));
            var report = PlacementReport.Check(servers, keys, k => locator.Locate(keys[k]));
            _output.WriteLine(report.Describe(configuration, servers));
            return report;
        }

        private int Control(PlacementReport report, string name, System.Func<string, int> other, List<string> keys)
        {
            int misplaced = report.MisplacedBy(k => other(keys[k]));
            _output.WriteLine($"negative control, {name}: {misplaced} of {keys.Count} misplaced");
            return misplaced;
        }

        /// <summary>The same crc32 points, looked up directly instead of through the 1024 buckets: a subtly wrong rule.</summary>
        private static System.Func<string, int> ContinuumWithoutBuckets(IReadOnlyList<ServerAddress> servers)
        {
            var points = new List<(uint Value, int Server)>();
            for (int s = 0; s < servers.Count; s++)
                for (int i = 0; i < servers[s].Weight * 160; i++)
                    points.Add((Crc32.Compute(Encoding.UTF8.GetBytes($"{servers[s].Host}:{servers[s].Port}-{i}")), s));
            points.Sort();
            return key =>
            {
                uint hash = Crc32.Compute(Encoding.UTF8.GetBytes(key));
                foreach (var point in points) if (point.Value >= hash) return point.Server;
                return points[0].Server;
            };
        }

        [Fact]
        public void Default_consistent_strategy_places_keys_where_PhpMemcache_says()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 501, unicode: true);
            var report = StoreAndCheck("php-memcache consistent crc32, 5 servers (two on 11211), UTF-8 keys", servers, new int[0], "consistent", keys, Distribution.PhpMemcache);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            var addresses = PlacementServers.Addresses(servers);
            Assert.True(Control(report, "continuum without the 1024 buckets", ContinuumWithoutBuckets(addresses), keys) > 20);
            var ketama = NodeLocatorFactory.Create(Distribution.Ketama, addresses);
            Assert.True(Control(report, "Ketama", ketama.Locate, keys) > keys.Count / 2);
        }

        [Fact]
        public void Default_consistent_strategy_gives_weight_times_160_points()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 502, unicode: true);
            var report = StoreAndCheck("php-memcache consistent crc32, weights 1,3,2,1, UTF-8 keys", servers, weights, "consistent", keys, Distribution.PhpMemcache);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            var unweighted = NodeLocatorFactory.Create(Distribution.PhpMemcache, PlacementServers.Addresses(servers));
            Assert.True(Control(report, "PhpMemcache with weights ignored", unweighted.Locate, keys) > keys.Count / 10);
        }

        [Fact]
        public void Default_consistent_strategy_names_a_unix_socket_unix_slash_slash_path_colon_zero()
        {
            var servers = _servers.Unix;
            var keys = PlacementKeys.Generate(seed: 505, unicode: true);
            var report = StoreAndCheck("php-memcache consistent crc32, 3 unix sockets (unix:///path), UTF-8 keys", servers, new int[0], "consistent", keys, Distribution.PhpMemcache);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Default_consistent_strategy_names_an_ipv6_server_in_brackets()
        {
            // pecl memcache connects to addServer("[::1]", port) (not to "::1") and names its points "[::1]:port-i".
            var servers = _servers.Ipv6;
            var keys = PlacementKeys.Generate(seed: 506, unicode: true);
            var report = StoreAndCheck("php-memcache consistent crc32, 3 on [::1], UTF-8 keys", servers, new int[0], "consistent", keys, Distribution.PhpMemcache);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Standard_strategy_places_keys_where_PhpMemcacheStandard_says_counting_a_zero_hash_as_one()
        {
            var servers = _servers.Tcp;
            var zero = PlacementKeys.ZeroCrcHashKeys(5);
            var keys = PlacementKeys.Generate(seed: 503, unicode: true).Concat(zero).ToList();
            var report = StoreAndCheck("php-memcache standard crc32, 5 servers, UTF-8 keys + 5 zero-hash keys", servers, new int[0], "standard", keys, Distribution.PhpMemcacheStandard);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: without "a hash of 0 counts as 1", exactly the zero-hash keys move (bucket 0, not 1).
            int control = Control(report, "modulo without the zero fix", k => ((int)(Crc32.Compute(Encoding.UTF8.GetBytes(k)) >> 16) & 0x7fff) % servers.Count, keys);
            Assert.Equal(zero.Count, control);
            var php = NodeLocatorFactory.Create(Distribution.PhpMemcache, PlacementServers.Addresses(servers));
            Assert.True(Control(report, "PhpMemcache (consistent)", php.Locate, keys) > keys.Count / 2);
        }

        [Fact]
        public void Standard_strategy_with_weights_places_keys_where_PhpMemcacheStandard_says()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 504, unicode: false).Concat(PlacementKeys.ZeroCrcHashKeys(5)).ToList();
            var report = StoreAndCheck("php-memcache standard crc32, weights 1,3,2,1 + 5 zero-hash keys", servers, weights, "standard", keys, Distribution.PhpMemcacheStandard);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            var unweighted = NodeLocatorFactory.Create(Distribution.PhpMemcacheStandard, PlacementServers.Addresses(servers));
            Assert.True(Control(report, "PhpMemcacheStandard with weights ignored", unweighted.Locate, keys) > keys.Count / 2);
        }
    }
}
