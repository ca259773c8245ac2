using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// php-memcached 3.2.0 (Debian's php-memcached, over libmemcached 1.1.4) stores thousands of keys; the servers must hold
    /// each where our PhpMemcached* distributions say. php-memcached refuses non-ASCII keys over the text protocol ("A BAD
    /// KEY WAS PROVIDED"), so the UTF-8 keys are written with <c>OPT_BINARY_PROTOCOL</c>, which accepts them.
    /// </summary>
    [Collection(PlacementInteropCollection.Name)]
    public class PhpMemcachedPlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public PhpMemcachedPlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        private PlacementReport StoreAndCheck(string configuration, IReadOnlyList<MemcachedProcess> servers, int[] weights,
            Dictionary<string, object> options, List<string> keys, Distribution distribution)
        {
            _servers.FlushAll();
            Assert.Equal(0, PeerClients.Php(new { client = "memcached", servers = PeerClients.LibmemcachedHostPortWeight(servers, weights), options, keys }));
            var locator = NodeLocatorFactory.Create(distribution, PlacementServers.Addresses(servers, weights));
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

        private static readonly Dictionary<string, object> Default = new Dictionary<string, object>();
        private static readonly Dictionary<string, object> Binary = new Dictionary<string, object> { ["OPT_BINARY_PROTOCOL"] = true };
        private static Dictionary<string, object> Consistent(bool binary = false) => With(binary, "OPT_DISTRIBUTION", "DISTRIBUTION_CONSISTENT");
        private static Dictionary<string, object> Libketama(bool binary = false) => With(binary, "OPT_LIBKETAMA_COMPATIBLE", true);

        private static Dictionary<string, object> With(bool binary, string option, object value)
        {
            var options = new Dictionary<string, object> { [option] = value };
            if (binary) options["OPT_BINARY_PROTOCOL"] = true;
            return options;
        }

        [Fact]
        public void Default_modula_over_five_servers_places_keys_where_PhpMemcached_says()
        {
            var servers = _servers.Tcp;
            var keys = PlacementKeys.Generate(seed: 401, unicode: false);
            var report = StoreAndCheck("php-memcached default (modula), 5 servers", servers, new int[0], Default, keys, Distribution.PhpMemcached);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "python-memcached Modula (crc32)", new ModulaLocator(PlacementServers.Addresses(servers)), keys) > keys.Count / 2);
        }

        [Fact]
        public void Default_modula_ignores_addServer_weights()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 402, unicode: false);
            var report = StoreAndCheck("php-memcached default (modula), weights 1,3,2,1", servers, weights, Default, keys, Distribution.PhpMemcached);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: one-at-a-time modulo a bucket list that honours the weights (7 buckets) disagrees.
            var buckets = new[] { 0, 1, 1, 1, 2, 2, 3 };
            int control = report.MisplacedBy(k => buckets[OneAtATimeHash.Compute(System.Text.Encoding.UTF8.GetBytes(keys[k])) % 7]);
            _output.WriteLine($"negative control, weighted buckets: {control} of {keys.Count} misplaced");
            Assert.True(control > keys.Count / 2, $"weighted buckets misplaced only {control}");
        }

        [Fact]
        public void Default_modula_with_binary_protocol_hashes_utf8_keys_as_signed_chars()
        {
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 403, unicode: true);
            var report = StoreAndCheck("php-memcached default (modula), binary protocol, UTF-8 keys, two on 11211", servers, new int[0], Binary, keys, Distribution.PhpMemcached);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: one-at-a-time over unsigned bytes moves many of the non-ASCII keys.
            int control = report.MisplacedBy(k => (int)(UnsignedOneAtATime(System.Text.Encoding.UTF8.GetBytes(keys[k])) % (uint)servers.Count));
            _output.WriteLine($"negative control, one-at-a-time over unsigned bytes: {control} of {keys.Count} misplaced");
            Assert.True(control > 100, $"unsigned bytes misplaced only {control}");
        }

        private static uint UnsignedOneAtATime(byte[] data)
        {
            uint value = 0;
            foreach (byte b in data)
            {
                value += b;
                value += value << 10;
                value ^= value >> 6;
            }
            value += value << 3;
            value ^= value >> 11;
            value += value << 15;
            return value;
        }

        [Fact]
        public void Distribution_consistent_places_keys_where_PhpMemcachedConsistent_says()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 404, unicode: true);
            var report = StoreAndCheck("php-memcached DISTRIBUTION_CONSISTENT, binary protocol, UTF-8 keys, two on 11211", servers, new int[0], Consistent(binary: true), keys, Distribution.PhpMemcachedConsistent);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "KetamaMd5", NodeLocatorFactory.Create(Distribution.KetamaMd5, PlacementServers.Addresses(servers)), keys) > keys.Count / 2);
        }

        [Fact]
        public void Distribution_consistent_with_weights_uses_the_weighted_continuum()
        {
            var servers = _servers.Tcp.Take(4).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 405, unicode: false);
            var report = StoreAndCheck("php-memcached DISTRIBUTION_CONSISTENT, weights 1,3,2,1", servers, weights, Consistent(), keys, Distribution.PhpMemcachedConsistent);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            var unweighted = new KetamaLocator(PlacementServers.Addresses(servers), KetamaHash.OneAtATime, weighted: false);
            Assert.True(Control(report, "unweighted one-at-a-time continuum", unweighted, keys) > keys.Count / 10);
        }

        [Fact]
        public void Distribution_consistent_names_unix_socket_points_by_the_bare_path()
        {
            var servers = _servers.Unix;
            var keys = PlacementKeys.Generate(seed: 408, unicode: false);
            var report = StoreAndCheck("php-memcached DISTRIBUTION_CONSISTENT, 3 unix sockets", servers, new int[0], Consistent(), keys, Distribution.PhpMemcachedConsistent);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Libketama_compatible_names_unix_socket_points_by_the_bare_path()
        {
            var servers = _servers.Unix;
            int[] weights = { 2, 1, 1 };
            var keys = PlacementKeys.Generate(seed: 410, unicode: false);
            var report = StoreAndCheck("php-memcached OPT_LIBKETAMA_COMPATIBLE, 3 unix sockets, weights 2,1,1", servers, weights, Libketama(), keys, Distribution.PhpMemcachedLibketama);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            // Negative control: pylibmc's names for the same sockets ("/path:0-i").
            Assert.True(Control(report, "KetamaWeighted (pylibmc names, /path:0-i)", NodeLocatorFactory.Create(Distribution.KetamaWeighted, PlacementServers.Addresses(servers, weights)), keys) > keys.Count / 10);
        }

        [Fact]
        public void Distribution_consistent_names_ipv6_points_as_libmemcached_does()
        {
            var servers = _servers.Ipv6;
            var keys = PlacementKeys.Generate(seed: 409, unicode: false);
            var report = StoreAndCheck("php-memcached DISTRIBUTION_CONSISTENT, 3 on ::1", servers, new int[0], Consistent(), keys, Distribution.PhpMemcachedConsistent);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
        }

        [Fact]
        public void Libketama_compatible_places_keys_where_PhpMemcachedLibketama_says()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 406, unicode: true);
            var report = StoreAndCheck("php-memcached OPT_LIBKETAMA_COMPATIBLE, binary protocol, UTF-8 keys, two on 11211", servers, new int[0], Libketama(binary: true), keys, Distribution.PhpMemcachedLibketama);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "KetamaMd5 (100 unweighted points)", NodeLocatorFactory.Create(Distribution.KetamaMd5, PlacementServers.Addresses(servers)), keys) > keys.Count / 20);
        }

        [Fact]
        public void Libketama_compatible_with_weights_places_keys_where_PhpMemcachedLibketama_says()
        {
            var servers = _servers.DefaultPort.Take(1).Concat(_servers.Tcp.Take(4)).ToList();
            int[] weights = { 3, 1, 4, 1, 2 };
            var keys = PlacementKeys.Generate(seed: 407, unicode: false);
            var report = StoreAndCheck("php-memcached OPT_LIBKETAMA_COMPATIBLE, weights 3,1,4,1,2 (one on 11211)", servers, weights, Libketama(), keys, Distribution.PhpMemcachedLibketama);
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);
            Assert.True(Control(report, "KetamaWeighted with equal weights", NodeLocatorFactory.Create(Distribution.KetamaWeighted, PlacementServers.Addresses(servers)), keys) > keys.Count / 10);
        }
    }
}
