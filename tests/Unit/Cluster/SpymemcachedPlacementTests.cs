using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// Java's spymemcached 2.12.3 (Debian's libspymemcached-java, run by Debian's OpenJDK 17) with the ketama locator
    /// (CONSISTENT + KETAMA_HASH) stores thousands of keys; the servers must hold each where our SpymemcachedKetama
    /// distribution says.
    /// </summary>
    [Collection(PlacementInteropCollection.Name)]
    public class SpymemcachedPlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public SpymemcachedPlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        private PlacementReport StoreAndCheck(string configuration, IReadOnlyList<MemcachedProcess> servers, IEnumerable<string> specs,
            List<string> keys, INodeLocator locator)
        {
            _servers.FlushAll();
            Assert.Equal(0, PeerClients.Java(specs, keys));
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

        private static string Port(MemcachedProcess s) => s.Port.ToString(CultureInfo.InvariantCulture);

        [Fact]
        public void Places_keys_where_SpymemcachedKetama_says_two_servers_on_11211_utf8_keys()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 901, unicode: true);
            var addresses = PlacementServers.Addresses(servers);
            var report = StoreAndCheck("spymemcached ketama, 5 servers (two on 11211), UTF-8 keys", servers, servers.Select(s => s.Host + ":" + Port(s)),
                keys, NodeLocatorFactory.Create(Distribution.SpymemcachedKetama, addresses));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Near misses: libmemcached's names for the same MD5 scheme (host-i on 11211), and Java's "/ip:port" kept whole.
            Assert.True(Control(report, "KetamaWeighted (libmemcached names, 11211 left out)", NodeLocatorFactory.Create(Distribution.KetamaWeighted, addresses), keys) > keys.Count / 10);
            Assert.True(Control(report, "names with the leading '/'", new SpymemcachedKetamaLocator(addresses, s => "/" + SpymemcachedKetamaLocator.PointName(s)), keys) > keys.Count / 2);
            Assert.True(Control(report, "names host/ip:port (as if the literal were a host name)", new SpymemcachedKetamaLocator(addresses, s => s.Host + "/" + SpymemcachedKetamaLocator.PointName(s)), keys) > keys.Count / 2);
            Assert.True(Control(report, "KetamaMd5 (100 points a server)", NodeLocatorFactory.Create(Distribution.KetamaMd5, addresses), keys) > keys.Count / 2);
        }

        [Fact]
        public void Names_ipv6_servers_as_java_writes_them()
        {
            // AddrUtil splits "::1:port" at its last colon; Java 17 prints the address "/[0:0:0:0:0:0:0:1]:port".
            var servers = _servers.Ipv6;
            var keys = PlacementKeys.Generate(seed: 902, unicode: true);
            var addresses = PlacementServers.Addresses(servers);
            var report = StoreAndCheck("spymemcached ketama, 3 on ::1 (written ::1:port), UTF-8 keys", servers, servers.Select(s => s.Host + ":" + Port(s)),
                keys, NodeLocatorFactory.Create(Distribution.SpymemcachedKetama, addresses));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "[::1]:port names", new SpymemcachedKetamaLocator(addresses, s => "[" + s.Host + "]:" + s.Port), keys) > keys.Count / 2);
        }

        [Fact]
        public void Names_a_host_name_with_its_resolved_address()
        {
            // "localhost:port": Java names it "localhost/127.0.0.1:port".
            var servers = _servers.Tcp.Take(3).ToList();
            var keys = PlacementKeys.Generate(seed: 903, unicode: false);
            var addresses = servers.Select(s => new ServerAddress("localhost", s.Port)).ToList();
            Assert.Equal("localhost/127.0.0.1:" + Port(servers[0]), SpymemcachedKetamaLocator.PointName(addresses[0]));
            var report = StoreAndCheck("spymemcached ketama, 3 servers written localhost:port", servers, servers.Select(s => "localhost:" + Port(s)),
                keys, NodeLocatorFactory.Create(Distribution.SpymemcachedKetama, addresses));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "named 127.0.0.1:port", NodeLocatorFactory.Create(Distribution.SpymemcachedKetama, PlacementServers.Addresses(servers)), keys) > keys.Count / 2);
        }

        [Fact]
        public void Ignores_weights()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 904, unicode: true);
            var report = StoreAndCheck("spymemcached ketama, 4 servers, locator given weights 1,3,2,1", servers, servers.Select(s => s.Host + ":" + Port(s)),
                keys, NodeLocatorFactory.Create(Distribution.SpymemcachedKetama, PlacementServers.Addresses(servers, weights)));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "KetamaWeighted with the weights", NodeLocatorFactory.Create(Distribution.KetamaWeighted, PlacementServers.Addresses(servers, weights)), keys) > keys.Count / 5);
        }

        [Fact]
        public void Refuses_a_unix_socket()
        {
            var servers = new[] { ServerAddress.Parse("127.0.0.1:11211"), ServerAddress.UnixSocket("/run/memcached.sock") };
            var error = Assert.Throws<MemcachePS.Core.MemcachedClientException>(() => NodeLocatorFactory.Create(Distribution.SpymemcachedKetama, servers));
            Assert.Contains("spymemcached", error.Message);
        }
    }
}
