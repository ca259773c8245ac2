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
    /// Perl's Cache::Memcached 1.30 and Cache::Memcached::Fast 0.28 (Debian's libcache-memcached-perl and
    /// libcache-memcached-fast-perl) store thousands of keys, given as UTF-8 bytes; the servers must hold each where our
    /// PerlCacheMemcached* distributions say.
    /// </summary>
    [Collection(PlacementInteropCollection.Name)]
    public class PerlPlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public PerlPlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        private PlacementReport StoreAndCheck(string configuration, string client, IReadOnlyList<MemcachedProcess> servers, int[] weights,
            object options, List<string> keys, INodeLocator locator)
        {
            _servers.FlushAll();
            Assert.Equal(0, PeerClients.Perl(new { client, servers = PeerClients.AddressWeight(servers, weights), options, keys }));
            var report = PlacementReport.Check(servers, keys, k => locator.Locate(keys[k]));
            _output.WriteLine(report.Describe(configuration, servers));
            return report;
        }

        private int Control(PlacementReport report, string name, INodeLocator other, List<string> keys)
        {
            int misplaced = report.MisplacedBy(k => other.Locate(keys[k]));
            _output.WriteLine($"negative control, {name}: {misplaced} of {keys.Count} misplaced");
            return misplaced;
        }

        private static readonly object NoOptions = new { };

        [Theory]
        [InlineData("Cache::Memcached", Distribution.PerlCacheMemcached, 601)]
        [InlineData("Cache::Memcached::Fast", Distribution.PerlCacheMemcachedFast, 602)]
        public void Buckets_place_keys_where_the_distribution_says_leaving_a_zero_hash_at_zero(string client, Distribution distribution, int seed)
        {
            var servers = _servers.Tcp;
            var zero = PlacementKeys.ZeroCrcHashKeys(5);
            var keys = PlacementKeys.Generate(seed, unicode: true).Concat(zero).ToList();
            var addresses = PlacementServers.Addresses(servers);
            var report = StoreAndCheck($"{client}, 5 servers, UTF-8 keys + 5 zero-hash keys", client, servers, new int[0], NoOptions, keys,
                NodeLocatorFactory.Create(distribution, addresses));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: python-memcached's rule counts a zero hash as 1, and misplaces exactly the keys whose hash
            // is 0: the 5 added, and any the random keys happen to include.
            int zeroHash = keys.Count(k => ((Crc32.Compute(Encoding.UTF8.GetBytes(k)) >> 16) & 0x7fff) == 0);
            Assert.True(zeroHash >= zero.Count);
            Assert.Equal(zeroHash, Control(report, "python-memcached Modula", new ModulaLocator(addresses), keys));
        }

        [Theory]
        [InlineData("Cache::Memcached", Distribution.PerlCacheMemcached, 603)]
        [InlineData("Cache::Memcached::Fast", Distribution.PerlCacheMemcachedFast, 604)]
        public void Buckets_with_weights_place_keys_where_the_distribution_says(string client, Distribution distribution, int seed)
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed, unicode: true).Concat(PlacementKeys.ZeroCrcHashKeys(5)).ToList();
            var report = StoreAndCheck($"{client}, weights 1,3,2,1, UTF-8 keys + 5 zero-hash keys", client, servers, weights, NoOptions, keys,
                NodeLocatorFactory.Create(distribution, PlacementServers.Addresses(servers, weights)));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "weights ignored", NodeLocatorFactory.Create(distribution, PlacementServers.Addresses(servers)), keys) > keys.Count / 2);
        }

        [Fact]
        public void Fast_ketama_points_150_places_keys_where_PerlCacheMemcachedFastKetama_says()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 605, unicode: true);
            var addresses = PlacementServers.Addresses(servers);
            var report = StoreAndCheck("Cache::Memcached::Fast ketama_points 150, two on 11211, UTF-8 keys", "Cache::Memcached::Fast", servers, new int[0],
                new { ketama_points = 150 }, keys, NodeLocatorFactory.Create(Distribution.PerlCacheMemcachedFastKetama, addresses));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            Assert.True(Control(report, "ketama_points 100", new CacheMemcachedFastKetamaLocator(addresses, 100), keys) > keys.Count / 20);
            Assert.True(Control(report, "KetamaMd5", NodeLocatorFactory.Create(Distribution.KetamaMd5, addresses), keys) > keys.Count / 2);
        }

        [Fact]
        public void Fast_ketama_with_weights_gives_ketama_points_times_weight()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 606, unicode: true);
            var report = StoreAndCheck("Cache::Memcached::Fast ketama_points 150, weights 1,3,2,1", "Cache::Memcached::Fast", servers, weights,
                new { ketama_points = 150 }, keys, NodeLocatorFactory.Create(Distribution.PerlCacheMemcachedFastKetama, PlacementServers.Addresses(servers, weights)));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "weights ignored", NodeLocatorFactory.Create(Distribution.PerlCacheMemcachedFastKetama, PlacementServers.Addresses(servers)), keys) > keys.Count / 10);
        }

        [Fact]
        public void Fast_ketama_with_other_point_counts_matches_a_locator_built_with_that_count()
        {
            var servers = _servers.Tcp.Take(3).ToList();
            var keys = PlacementKeys.Generate(seed: 607, unicode: false);
            var report = StoreAndCheck("Cache::Memcached::Fast ketama_points 37", "Cache::Memcached::Fast", servers, new int[0],
                new { ketama_points = 37 }, keys, new CacheMemcachedFastKetamaLocator(PlacementServers.Addresses(servers), 37));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Fast_ketama_names_an_ipv6_server_without_brackets()
        {
            // Fast splits "host:port" at the last colon and cannot connect to "[::1]"; "::1:port" is the form that works.
            var servers = _servers.Ipv6;
            var keys = PlacementKeys.Generate(seed: 609, unicode: true);
            _servers.FlushAll();
            var specs = servers.Select(s => new object[] { s.Host + ":" + s.Port, 1 }).ToArray();
            Assert.Equal(0, PeerClients.Perl(new { client = "Cache::Memcached::Fast", servers = specs, options = new { ketama_points = 150 }, keys }));
            var locator = NodeLocatorFactory.Create(Distribution.PerlCacheMemcachedFastKetama, PlacementServers.Addresses(servers));
            var report = PlacementReport.Check(servers, keys, k => locator.Locate(keys[k]));
            _output.WriteLine(report.Describe("Cache::Memcached::Fast ketama_points 150, 3 on ::1 (written ::1:port)", servers));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Fast_ketama_names_a_unix_socket_by_its_path()
        {
            var servers = _servers.Unix;
            var keys = PlacementKeys.Generate(seed: 608, unicode: false);
            var report = StoreAndCheck("Cache::Memcached::Fast ketama_points 150, 3 unix sockets", "Cache::Memcached::Fast", servers, new int[0],
                new { ketama_points = 150 }, keys, NodeLocatorFactory.Create(Distribution.PerlCacheMemcachedFastKetama, PlacementServers.Addresses(servers)));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }
    }
}
