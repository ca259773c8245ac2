using System;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>python-memcached stores thousands of keys; the servers must hold each where ModulaLocator says.</summary>
    [Collection(PlacementInteropCollection.Name)]
    public class PythonMemcachedPlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public PythonMemcachedPlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        private static object[][] ServerSpecs(IEnumerable<string> addresses, int[] weights) =>
            addresses.Select((a, i) => new object[] { a, i < weights.Length ? weights[i] : 1 }).ToArray();

        private PlacementReport Check(string configuration, IReadOnlyList<MemcachedProcess> servers, IReadOnlyList<string> keysSent, Func<int, int> expected)
        {
            var report = PlacementReport.Check(servers, keysSent, expected);
            _output.WriteLine(report.Describe(configuration, servers));
            return report;
        }

        [Fact]
        public void Client_over_four_servers_places_keys_where_ModulaLocator_says()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            var keys = PlacementKeys.Generate(seed: 201, unicode: true);
            _servers.FlushAll();
            Assert.Equal(0, PythonClients.StoreKeys(new { client = "memcache", servers = ServerSpecs(servers.Select(s => s.Address), new int[0]), keys }));

            var locator = new ModulaLocator(PlacementServers.Addresses(servers));
            var report = Check("python-memcached, 4 servers", servers, keys, k => locator.Locate(keys[k]));

            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Client_with_weights_places_keys_where_ModulaLocator_says()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 202, unicode: true);
            _servers.FlushAll();
            Assert.Equal(0, PythonClients.StoreKeys(new { client = "memcache", servers = ServerSpecs(servers.Select(s => s.Address), weights), keys }));

            var locator = new ModulaLocator(PlacementServers.Addresses(servers, weights));
            var report = Check("python-memcached, weights 1,3,2,1", servers, keys, k => locator.Locate(keys[k]));

            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Set_multi_hashes_the_prefixed_key()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            var keys = PlacementKeys.Generate(seed: 203, unicode: false, maxBytes: 200);
            var sent = keys.Select(k => "multi:" + k).ToList();
            _servers.FlushAll();
            Assert.Equal(0, PythonClients.StoreKeys(new
            {
                client = "memcache", mode = "set_multi", key_prefix = "multi:",
                servers = ServerSpecs(servers.Select(s => s.Address), new int[0]), keys,
            }));

            var locator = new ModulaLocator(PlacementServers.Addresses(servers));
            var report = Check("python-memcached set_multi key_prefix='multi:'", servers, sent, k => locator.Locate(sent[k]));

            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void A_serverHash_key_tuple_goes_where_LocateHash_says()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 2, 1, 1, 3 };
            var keys = PlacementKeys.Generate(seed: 204, unicode: false);
            var random = new Random(204);
            long[] pins = keys.Select(_ => (long)random.Next(-1_000_000, 1_000_000)).ToArray();
            _servers.FlushAll();
            Assert.Equal(0, PythonClients.StoreKeys(new
            {
                client = "memcache", mode = "pinned", pin_hashes = pins,
                servers = ServerSpecs(servers.Select(s => s.Address), weights), keys,
            }));

            var locator = new ModulaLocator(PlacementServers.Addresses(servers, weights));
            var report = Check("python-memcached (serverHash, key) pins, weights 2,1,1,3", servers, keys, k => locator.LocateHash(pins[k]));

            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void With_a_dead_server_keys_rehash_where_LocateAlive_says()
        {
            var live = _servers.Tcp.Take(3).ToList();
            string deadAddress = "127.0.0.1:" + MemcachedProcess.FreeTcpPort(); // nothing listens there
            var addresses = new[] { live[0].Address, deadAddress, live[1].Address, live[2].Address };
            var keys = PlacementKeys.Generate(seed: 205, unicode: true);
            _servers.FlushAll();
            int notStored = PythonClients.StoreKeys(new { client = "memcache", servers = ServerSpecs(addresses, new int[0]), keys });

            var locator = new ModulaLocator(addresses.Select(ServerAddress.Parse).ToList());
            const int Dead = 1;
            int[] liveIndex = { 0, -1, 1, 2 }; // locator index -> index in 'live'
            var report = Check("python-memcached, 4 servers of which #1 is dead", live, keys, k =>
            {
                int server = locator.LocateAlive(keys[k], s => s != Dead);
                return server < 0 ? -1 : liveIndex[server];
            });

            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.Equal(report.NotStored, notStored);
        }
    }
}
