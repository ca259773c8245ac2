using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>pymemcache's HashClient stores thousands of keys; the servers must hold each where RendezvousLocator says.</summary>
    [Collection(PlacementInteropCollection.Name)]
    public class PymemcachePlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public PymemcachePlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        private PlacementReport StoreAndCheck(string configuration, IReadOnlyList<MemcachedProcess> servers, List<string> keys,
            IReadOnlyList<string> keysSent, System.Func<string, string> askLocatorWith, string? keyPrefix = null, bool bytesKeys = false)
        {
            _servers.FlushAll();
            int notStored = PythonClients.StoreKeys(new
            {
                client = "pymemcache",
                servers = servers.Select(s => s.Address).ToArray(),
                keys,
                key_prefix = keyPrefix,
                bytes_keys = bytesKeys,
            });
            Assert.Equal(0, notStored);
            var locator = new RendezvousLocator(PlacementServers.Addresses(servers));
            var report = PlacementReport.Check(servers, keysSent, k => locator.Locate(askLocatorWith(keys[k])));
            _output.WriteLine(report.Describe(configuration, servers));
            return report;
        }

        [Fact]
        public void HashClient_over_five_servers_places_keys_where_RendezvousLocator_says()
        {
            var keys = PlacementKeys.Generate(seed: 101, unicode: true);
            var report = StoreAndCheck("pymemcache HashClient, 5 servers", _servers.Tcp, keys, keys, k => k);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void HashClient_names_default_port_servers_host_colon_11211()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Concat(_servers.Tcp.Take(1)).ToList();
            var keys = PlacementKeys.Generate(seed: 102, unicode: false);
            var report = StoreAndCheck("pymemcache HashClient, 11211 servers", servers, keys, keys, k => k);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void HashClient_does_not_hash_its_key_prefix()
        {
            var keys = PlacementKeys.Generate(seed: 103, unicode: false, maxBytes: 200);
            var sent = keys.Select(k => "app:" + k).ToList();
            var report = StoreAndCheck("pymemcache HashClient key_prefix=b'app:'", _servers.Tcp, keys, sent, k => k, keyPrefix: "app:");
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void HashClient_hashes_bytes_keys_as_their_python_repr()
        {
            var keys = PlacementKeys.Generate(seed: 104, unicode: false, avoid: "'\"\\");
            var report = StoreAndCheck("pymemcache HashClient, bytes keys", _servers.Tcp, keys, keys, k => "b'" + k + "'", bytesKeys: true);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void HashClient_names_unix_socket_servers_by_their_path()
        {
            var servers = _servers.Unix.Concat(_servers.Tcp.Take(2)).ToList();
            var keys = PlacementKeys.Generate(seed: 105, unicode: true);
            var report = StoreAndCheck("pymemcache HashClient, 3 unix + 2 tcp", servers, keys, keys, k => k);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void HashClient_names_ipv6_servers_without_brackets()
        {
            var servers = _servers.Ipv6.Concat(_servers.Tcp.Take(2)).ToList();
            var keys = PlacementKeys.Generate(seed: 107, unicode: true);
            var report = StoreAndCheck("pymemcache HashClient, 3 on [::1] + 2 tcp", servers, keys, keys, k => k);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void The_server_check_catches_a_locator_of_another_client()
        {
            // Negative control: the same check with python-memcached's placement must find most keys misplaced.
            var keys = PlacementKeys.Generate(seed: 106, unicode: false);
            _servers.FlushAll();
            Assert.Equal(0, PythonClients.StoreKeys(new { client = "pymemcache", servers = _servers.Tcp.Select(s => s.Address).ToArray(), keys }));
            var wrong = new ModulaLocator(PlacementServers.Addresses(_servers.Tcp));
            var report = PlacementReport.Check(_servers.Tcp, keys, k => wrong.Locate(keys[k]));
            _output.WriteLine(report.Describe("pymemcache stored, checked against ModulaLocator", _servers.Tcp));
            Assert.InRange(report.Misplaced, keys.Count / 2, keys.Count);
        }
    }
}
