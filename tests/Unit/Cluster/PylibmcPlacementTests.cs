using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>pylibmc (libmemcached 1.1.4) stores thousands of keys; the servers must hold each where KetamaLocator says.</summary>
    [Collection(PlacementInteropCollection.Name)]
    public class PylibmcPlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public PylibmcPlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        /// <summary>pylibmc's server strings: "host:port[:weight]", or the bare socket path.</summary>
        private static string[] Specs(IReadOnlyList<MemcachedProcess> servers, int[] weights) =>
            servers.Select((s, i) =>
            {
                string spec = s.SocketPath ?? s.Address;
                return i < weights.Length && s.SocketPath == null ? spec + ":" + weights[i] : spec;
            }).ToArray();

        private PlacementReport StoreAndCheck(string configuration, IReadOnlyList<MemcachedProcess> servers, int[] weights,
            object behaviors, List<string> keys, INodeLocator locator, string keyPrefixOnServer = "")
        {
            _servers.FlushAll();
            Assert.Equal(0, PythonClients.StoreKeys(new { client = "pylibmc", servers = Specs(servers, weights), behaviors, keys }));
            var sent = keys.Select(k => keyPrefixOnServer + k).ToList();
            var report = PlacementReport.Check(servers, sent, k => locator.Locate(keys[k]));
            _output.WriteLine(report.Describe(configuration, servers));
            return report;
        }

        [Fact]
        public void Ketama_over_five_servers_places_keys_where_KetamaLocator_says()
        {
            var servers = _servers.Tcp;
            var keys = PlacementKeys.Generate(seed: 301, unicode: true);
            var locator = KetamaLocator.ForPylibmcKetama(PlacementServers.Addresses(servers));
            var report = StoreAndCheck("pylibmc ketama, 5 servers", servers, new int[0], new { ketama = true }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Ketama_drops_port_11211_from_point_names()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Concat(_servers.Tcp.Take(1)).ToList();
            var keys = PlacementKeys.Generate(seed: 302, unicode: true);
            var locator = KetamaLocator.ForPylibmcKetama(PlacementServers.Addresses(servers));
            var report = StoreAndCheck("pylibmc ketama, 11211 servers", servers, new int[0], new { ketama = true }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Ketama_with_weights_uses_the_weighted_continuum_but_keeps_one_at_a_time_keys()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 303, unicode: true);
            var locator = new KetamaLocator(PlacementServers.Addresses(servers, weights), KetamaHash.OneAtATime, weighted: true);
            var report = StoreAndCheck("pylibmc ketama, weights 1,3,2,1", servers, weights, new { ketama = true }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Ketama_weighted_with_equal_weights_places_keys_where_KetamaLocator_says()
        {
            var servers = _servers.Tcp;
            var keys = PlacementKeys.Generate(seed: 304, unicode: true);
            var locator = KetamaLocator.ForPylibmcKetamaWeighted(PlacementServers.Addresses(servers));
            var report = StoreAndCheck("pylibmc ketama_weighted, 5 servers", servers, new int[0], new { ketama_weighted = true }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Ketama_weighted_with_weights_places_keys_where_KetamaLocator_says()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            int[] weights = { 1, 4, 2, 1, 3 };
            var keys = PlacementKeys.Generate(seed: 305, unicode: true);
            var locator = KetamaLocator.ForPylibmcKetamaWeighted(PlacementServers.Addresses(servers, weights));
            var report = StoreAndCheck("pylibmc ketama_weighted, weights 1,4,2,1,3 (two on 11211)", servers, weights, new { ketama_weighted = true }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void KetamaMd5_distribution_places_like_ketama_with_hash_md5()
        {
            var servers = _servers.Tcp;
            var keys = PlacementKeys.Generate(seed: 306, unicode: true);
            var addresses = PlacementServers.Addresses(servers);
            var locator = NodeLocatorFactory.Create(Distribution.KetamaMd5, addresses);
            var report = StoreAndCheck("pylibmc ketama + hash md5, 5 servers", servers, new int[0], new { ketama = true, hash = "md5" }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: the one-at-a-time Ketama distribution puts most of these keys elsewhere.
            var ketama = NodeLocatorFactory.Create(Distribution.Ketama, addresses);
            int control = report.MisplacedBy(k => ketama.Locate(keys[k]));
            _output.WriteLine($"negative control, Ketama (one-at-a-time) locator: {control} of {keys.Count} misplaced");
            Assert.True(control > keys.Count / 2, $"Ketama misplaced only {control} keys");
        }

        [Fact]
        public void KetamaMd5_distribution_with_weights_places_like_ketama_with_hash_md5()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(1).Concat(_servers.Tcp.Take(3)).ToList();
            int[] weights = { 2, 1, 3, 1 };
            var keys = PlacementKeys.Generate(seed: 311, unicode: true);
            var addresses = PlacementServers.Addresses(servers, weights);
            var locator = NodeLocatorFactory.Create(Distribution.KetamaMd5, addresses);
            var report = StoreAndCheck("pylibmc ketama + hash md5, weights 2,1,3,1 (one on 11211)", servers, weights, new { ketama = true, hash = "md5" }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: the unweighted MD5 continuum (weights ignored) misplaces many of them.
            var unweighted = new KetamaLocator(addresses, KetamaHash.Md5, weighted: false);
            int control = report.MisplacedBy(k => unweighted.Locate(keys[k]));
            _output.WriteLine($"negative control, unweighted MD5 continuum: {control} of {keys.Count} misplaced");
            Assert.True(control > keys.Count / 10, $"the unweighted continuum misplaced only {control} keys");
        }

        [Fact]
        public void Ketama_names_unix_socket_points_path_colon_zero()
        {
            var servers = _servers.Unix;
            var keys = PlacementKeys.Generate(seed: 307, unicode: false);
            var locator = KetamaLocator.ForPylibmcKetama(PlacementServers.Addresses(servers));
            var report = StoreAndCheck("pylibmc ketama, 3 unix sockets", servers, new int[0], new { ketama = true }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Ketama_names_ipv6_points_without_brackets()
        {
            var servers = _servers.Ipv6;
            var keys = PlacementKeys.Generate(seed: 310, unicode: true);
            var locator = KetamaLocator.ForPylibmcKetama(PlacementServers.Addresses(servers));
            var report = StoreAndCheck("pylibmc ketama, 3 on [::1]", servers, new int[0], new { ketama = true }, keys, locator);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Ketama_does_not_hash_the_libmemcached_namespace()
        {
            var servers = _servers.Tcp;
            var keys = PlacementKeys.Generate(seed: 308, unicode: false, maxBytes: 200);
            var locator = KetamaLocator.ForPylibmcKetama(PlacementServers.Addresses(servers));
            var report = StoreAndCheck("pylibmc ketama, namespace 'ns:'", servers, new int[0], new { ketama = true, @namespace = "ns:" }, keys, locator, keyPrefixOnServer: "ns:");
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Set_multi_hashes_the_prefixed_key()
        {
            var servers = _servers.Tcp;
            var keys = PlacementKeys.Generate(seed: 309, unicode: false, maxBytes: 200);
            var sent = keys.Select(k => "multi:" + k).ToList();
            _servers.FlushAll();
            Assert.Equal(0, PythonClients.StoreKeys(new
            {
                client = "pylibmc", mode = "set_multi", key_prefix = "multi:",
                servers = Specs(servers, new int[0]), behaviors = new { ketama = true }, keys,
            }));

            var locator = KetamaLocator.ForPylibmcKetama(PlacementServers.Addresses(servers));
            var report = PlacementReport.Check(servers, sent, k => locator.Locate(sent[k]));
            _output.WriteLine(report.Describe("pylibmc ketama set_multi key_prefix='multi:'", servers));

            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }
    }
}
