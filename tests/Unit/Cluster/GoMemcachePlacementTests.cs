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
    /// Go's gomemcache (Debian's golang-github-bradfitz-gomemcache-dev, built offline) stores thousands of keys; the
    /// servers must hold each where our GoMemcache distribution says.
    /// </summary>
    [Collection(PlacementInteropCollection.Name)]
    public class GoMemcachePlacementTests
    {
        private readonly PlacementServers _servers;
        private readonly ITestOutputHelper _output;

        public GoMemcachePlacementTests(PlacementServers servers, ITestOutputHelper output)
        {
            _servers = servers;
            _output = output;
        }

        /// <summary>gomemcache's server strings: "host:port", "[v6]:port", or the bare socket path.</summary>
        private static string[] Specs(IReadOnlyList<MemcachedProcess> servers) => servers.Select(s => s.SocketPath ?? s.Address).ToArray();

        private int Control(PlacementReport report, string name, INodeLocator other, List<string> keys)
        {
            int misplaced = report.MisplacedBy(k => other.Locate(keys[k]));
            _output.WriteLine($"negative control, {name}: {misplaced} of {keys.Count} misplaced");
            return misplaced;
        }

        [Fact]
        public void Places_keys_where_GoMemcache_says_and_refuses_non_ascii_keys()
        {
            Assert.True(_servers.DefaultPort.Count >= 3, "Could not start three memcached on 127.0.0.x:11211.");
            var servers = _servers.DefaultPort.Take(2).Concat(_servers.Tcp.Take(3)).ToList();
            var keys = PlacementKeys.Generate(seed: 701, unicode: true);
            int nonAscii = keys.Count(k => k.Any(c => c > 0x7e));
            Assert.True(nonAscii > 100, $"only {nonAscii} non-ASCII keys");

            _servers.FlushAll();
            var (failed, malformed) = PeerClients.Go(new { servers = Specs(servers), keys });
            Assert.Equal((nonAscii, nonAscii), (failed, malformed));

            var addresses = PlacementServers.Addresses(servers);
            var locator = NodeLocatorFactory.Create(Distribution.GoMemcache, addresses);
            // A non-ASCII key must be on no server: gomemcache refused it.
            var report = PlacementReport.Check(servers, keys, k => keys[k].Any(c => c > 0x7e) ? -1 : locator.Locate(keys[k]));
            _output.WriteLine(report.Describe($"gomemcache, 5 servers (two on 11211), {keys.Count - nonAscii} ASCII keys + {nonAscii} non-ASCII (refused)", servers));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative controls, counted over the stored (ASCII) keys only.
            Assert.True(Control(report, "python-memcached Modula (crc32 >> 16)", new ModulaLocator(addresses), keys) - nonAscii > keys.Count / 2);
            Assert.True(Control(report, "PhpMemcached (one-at-a-time modulo)", NodeLocatorFactory.Create(Distribution.PhpMemcached, addresses), keys) - nonAscii > keys.Count / 2);
            _output.WriteLine($"(the negative controls above include the {nonAscii} refused keys)");
        }

        [Fact]
        public void Ignores_weights_and_server_names_unix_sockets_and_ipv6_included()
        {
            var servers = _servers.Tcp.Take(2).Concat(_servers.Unix.Take(1)).Concat(_servers.Ipv6.Take(1)).ToList();
            int[] weights = { 1, 3, 2, 1 };
            var keys = PlacementKeys.Generate(seed: 702, unicode: false);

            _servers.FlushAll();
            Assert.Equal((0, 0), PeerClients.Go(new { servers = Specs(servers), keys }));

            var locator = NodeLocatorFactory.Create(Distribution.GoMemcache, PlacementServers.Addresses(servers, weights));
            var report = PlacementReport.Check(servers, keys, k => locator.Locate(keys[k]));
            _output.WriteLine(report.Describe("gomemcache, 2 TCP + 1 unix + 1 [::1], locator given weights 1,3,2,1", servers));
            Assert.Equal(PlacementReport.Perfect(keys.Count), report.Summary);

            // Negative control: crc32 over a bucket list that honours the weights (7 buckets) disagrees.
            var buckets = new[] { 0, 1, 1, 1, 2, 2, 3 };
            int control = report.MisplacedBy(k => buckets[Crc32.Compute(Encoding.UTF8.GetBytes(keys[k])) % 7]);
            _output.WriteLine($"negative control, weighted buckets: {control} of {keys.Count} misplaced");
            Assert.True(control > keys.Count / 2, $"weighted buckets misplaced only {control}");
        }
    }
}
