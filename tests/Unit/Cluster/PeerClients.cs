using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MemcachePS.Tests.Unit.Infrastructure;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// Stores keys through the real PHP, Perl and Go clients: tests/Peers/php/placement.php, tests/Peers/perl/placement.pl
    /// and tests/Peers/go/placement.go (run by <see cref="PhpPeer"/>, <see cref="PerlPeer"/> and <see cref="GoPeer"/>).
    /// Each returns how many keys the client reported as not stored.
    /// </summary>
    internal static class PeerClients
    {
        /// <summary>[host, port, weight] triples, as the PHP clients' addServer takes them; a unix socket is
        /// <c>unix:///path</c> with port 0, and an IPv6 host is in brackets, as pecl memcache takes them.</summary>
        public static object[][] HostPortWeight(IReadOnlyList<MemcachedProcess> servers, int[] weights) =>
            servers.Select((s, i) => new object[]
            {
                s.SocketPath != null ? "unix://" + s.SocketPath : s.Host.Contains(':') ? "[" + s.Host + "]" : s.Host,
                s.SocketPath != null ? 0 : s.Port,
                i < weights.Length ? weights[i] : 1,
            }).ToArray();

        /// <summary>[host, port, weight] triples as php-memcached's addServer takes them: a unix socket by its bare path
        /// (port 0), an IPv6 host without brackets (libmemcached resolves it as written).</summary>
        public static object[][] LibmemcachedHostPortWeight(IReadOnlyList<MemcachedProcess> servers, int[] weights) =>
            servers.Select((s, i) => new object[]
            {
                s.SocketPath ?? s.Host, s.SocketPath != null ? 0 : s.Port, i < weights.Length ? weights[i] : 1,
            }).ToArray();

        /// <summary>php-memcached (<c>client = "memcached"</c>) or pecl memcache (<c>"memcache"</c>); see placement.php.</summary>
        public static int Php(object config, IReadOnlyDictionary<string, string>? ini = null) =>
            Failed(PhpPeer.Run("placement.php", JsonSerializer.Serialize(config), ini));

        /// <summary>Cache::Memcached or Cache::Memcached::Fast; see placement.pl.</summary>
        public static int Perl(object config) => Failed(PerlPeer.Run("placement.pl", JsonSerializer.Serialize(config)));

        /// <summary>[address, weight] pairs as the Perl clients take them: "host:port" ("[v6]:port"), or the socket path.</summary>
        public static object[][] AddressWeight(IReadOnlyList<MemcachedProcess> servers, int[] weights) =>
            servers.Select((s, i) => new object[] { s.SocketPath ?? s.Address, i < weights.Length ? weights[i] : 1 }).ToArray();

        /// <summary>gomemcache; see placement.go. Returns (failed, malformed): keys not stored, and of those the keys the
        /// client refused as malformed.</summary>
        public static (int Failed, int Malformed) Go(object config)
        {
            using var result = JsonDocument.Parse(GoPeer.Run("placement", JsonSerializer.Serialize(config)));
            return (result.RootElement.GetProperty("failed").GetInt32(), result.RootElement.GetProperty("malformed").GetInt32());
        }

        /// <summary>Ruby dalli; see placement.rb.</summary>
        public static int Ruby(object config) => Failed(RubyPeer.Run("placement.rb", JsonSerializer.Serialize(config)));

        /// <summary>Server strings as Dalli::Client takes them: "host:port:weight", "[v6]:port:weight", "/path:weight".</summary>
        public static string[] DalliServers(IReadOnlyList<MemcachedProcess> servers, int[] weights) =>
            servers.Select((s, i) => (s.SocketPath ?? s.Address) + ":" + (i < weights.Length ? weights[i] : 1)).ToArray();

        /// <summary>spymemcached with the ketama locator (CONSISTENT, KETAMA_HASH); see tests/Peers/java/Placement.java.
        /// <paramref name="servers"/> as AddrUtil takes them ("host:port", split at the last colon).</summary>
        public static int Java(IEnumerable<string> servers, IEnumerable<string> keys, string mode = "set") =>
            Failed(JavaPeer.Run("Placement", JavaPeer.PlacementInput(servers, keys, mode)));

        private static int Failed(string output)
        {
            using var result = JsonDocument.Parse(output);
            return result.RootElement.GetProperty("failed").GetInt32();
        }
    }
}
