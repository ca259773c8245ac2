using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// Ruby's dalli 3.0.6 (Debian's ruby-dalli, run by Debian's ruby) stores thousands of keys; the servers must hold each
    /// where our Dalli distribution says.
    /// </summary>
    [Collection(PlacementInteropCollection.Name)]
    public class DalliPlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public DalliPlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        private PlacementReport StoreAndCheck(string configuration, IReadOnlyList<MemcachedProcess> servers, int[] weights, object options,
            List<string> keys, System.Func<int, int> expected, System.Func<string, string>? sent = null)
        {
            _servers.FlushAll();
            Assert.Equal(0, PeerClients.Ruby(new { servers = PeerClients.DalliServers(servers, weights), options, keys }));
            var keysSent = sent == null ? keys : keys.Select(sent).ToList();
            var report = PlacementReport.Check(servers, keysSent, expected);
            _output.WriteLine(report.Describe(configuration, servers));
            return report;
        }

        private int Control(PlacementReport report, string name, System.Func<int, int> other, int count)
        {
            int misplaced = report.MisplacedBy(other);
            _output.WriteLine($"negative control, {name}: {misplaced} of {count} misplaced");
            return misplaced;
        }

        private static readonly object NoOptions = new { };

        /// <summary>The near miss: dalli's own continuum searched the ketama way, first point at or after the hash.</summary>
        private static int FirstAtOrAfter(DalliLocator ring, string key)
        {
            uint hash = Crc32.Compute(Encoding.UTF8.GetBytes(key));
            return ring.ServerOfPoint[Continuum.FirstAtOrAfter(ring.Points.ToArray(), hash)];
        }

        [Fact]
        public void Places_keys_where_Dalli_says_two_servers_on_11211_utf8_keys()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 801, unicode: true);
            var addresses = PlacementServers.Addresses(servers);
            var ring = (DalliLocator)NodeLocatorFactory.Create(Distribution.Dalli, addresses);
            var report = StoreAndCheck("dalli, 5 servers (two on 11211), UTF-8 keys", servers, new int[0], NoOptions, keys, k => ring.Locate(keys[k]));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            Assert.True(Control(report, "same points, first point at or after the hash", k => FirstAtOrAfter(ring, keys[k]), keys.Count) > keys.Count / 2);
            var noDefaultPort = new DalliLocator(addresses, s => s.Port == 11211 ? s.Host : s.Host + ":" + s.Port);
            Assert.True(Control(report, "port 11211 left out of the point names", k => noDefaultPort.Locate(keys[k]), keys.Count) > keys.Count / 10);
            var php = NodeLocatorFactory.Create(Distribution.PhpMemcache, addresses);
            Assert.True(Control(report, "PhpMemcache (crc32 points)", k => php.Locate(keys[k]), keys.Count) > keys.Count / 2);
        }

        [Fact]
        public void Weights_scale_the_points_per_server()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 802, unicode: true);
            var locator = NodeLocatorFactory.Create(Distribution.Dalli, PlacementServers.Addresses(servers, weights));
            var report = StoreAndCheck("dalli, weights 1,3,2,1, UTF-8 keys", servers, weights, NoOptions, keys, k => locator.Locate(keys[k]));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            var unweighted = NodeLocatorFactory.Create(Distribution.Dalli, PlacementServers.Addresses(servers));
            Assert.True(Control(report, "weights ignored", k => unweighted.Locate(keys[k]), keys.Count) > keys.Count / 5);
        }

        [Fact]
        public void Names_a_unix_socket_by_its_path()
        {
            var servers = _servers.Unix;
            int[] weights = { 2, 1, 1 };
            var keys = PlacementKeys.Generate(seed: 803, unicode: false);
            var addresses = PlacementServers.Addresses(servers, weights);
            var locator = NodeLocatorFactory.Create(Distribution.Dalli, addresses);
            var report = StoreAndCheck("dalli, 3 unix sockets, weights 2,1,1", servers, weights, NoOptions, keys, k => locator.Locate(keys[k]));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            var withPort = new DalliLocator(addresses, s => s.UnixSocketPath + ":0");
            Assert.True(Control(report, "socket named path:0", k => withPort.Locate(keys[k]), keys.Count) > keys.Count / 2);
        }

        [Fact]
        public void Names_an_ipv6_server_without_brackets()
        {
            var servers = _servers.Ipv6;
            var keys = PlacementKeys.Generate(seed: 804, unicode: true);
            var addresses = PlacementServers.Addresses(servers);
            var locator = NodeLocatorFactory.Create(Distribution.Dalli, addresses);
            var report = StoreAndCheck("dalli, 3 on [::1], UTF-8 keys", servers, new int[0], NoOptions, keys, k => locator.Locate(keys[k]));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            var brackets = new DalliLocator(addresses, s => "[" + s.Host + "]:" + s.Port.ToString(CultureInfo.InvariantCulture));
            Assert.True(Control(report, "[::1]:port names", k => brackets.Locate(keys[k]), keys.Count) > keys.Count / 2);
        }

        [Fact]
        public void Hashes_the_namespace_with_the_key()
        {
            var servers = _servers.Tcp;
            var keys = PlacementKeys.Generate(seed: 805, unicode: true, maxBytes: 230);
            var locator = NodeLocatorFactory.Create(Distribution.Dalli, PlacementServers.Addresses(servers));
            var report = StoreAndCheck("dalli, namespace 'app', UTF-8 keys", servers, new int[0], new { @namespace = "app" }, keys,
                k => locator.Locate("app:" + keys[k]), k => "app:" + k);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "namespace not hashed", k => locator.Locate(keys[k]), keys.Count) > keys.Count / 2);
        }
    }
}
