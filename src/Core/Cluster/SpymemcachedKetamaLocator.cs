using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Java spymemcached 2.12's <c>KetamaNodeLocator</c> with <c>DefaultHashAlgorithm.KETAMA_HASH</c>, as
    /// <c>new ConnectionFactoryBuilder().setLocatorType(Locator.CONSISTENT).setHashAlg(KETAMA_HASH)</c> builds it: MD5 keys
    /// on a continuum of 160 MD5 points per server, named as Java prints the server's <c>InetSocketAddress</c>.
    /// </summary>
    /// <remarks>
    /// <para>Points: for <c>i = 0..39</c>, the four little-endian words of <c>MD5("&lt;name&gt;-&lt;i&gt;")</c>. The name is
    /// spymemcached's default <c>KetamaNodeKeyFormatter</c> format, <c>String.valueOf(socketAddress)</c> without its
    /// leading '/': for an IP literal (OpenJDK 17) <c>127.0.0.1:11211</c> (the port always written) and
    /// <c>[0:0:0:0:0:0:0:1]:11211</c> (Java's uncompressed IPv6 text, in brackets); for a host name
    /// <c>name/address:port</c>, the address being the one Java resolves (its first IPv4 address, else its first IPv6
    /// address; <c>name/&lt;unresolved&gt;:port</c> when the name does not resolve). Names are resolved once per process
    /// and remembered.</para>
    /// <para>Lookup: the first point at or above the key's hash (MD5 of its UTF-8 bytes, the first four digest bytes
    /// little-endian), wrapping to the first point. spymemcached keeps the points in a <c>TreeMap</c>, so of two equal
    /// points the one put last (later server, later name) holds the value.</para>
    /// <para>No weights: the builder's locator has none, so <see cref="ServerAddress.Weight"/> is ignored. spymemcached
    /// has no unix sockets; a unix socket server is refused.</para>
    /// </remarks>
    internal sealed class SpymemcachedKetamaLocator : INodeLocator
    {
        /// <summary>spymemcached's <c>DefaultKetamaNodeLocatorConfiguration</c> node repetitions.</summary>
        public const int PointsPerServer = 160;

        private static readonly ConcurrentDictionary<string, string> ResolvedHosts = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        private readonly uint[] _points;
        private readonly int[] _serverOfPoint;

        [ThreadStatic] private static byte[]? t_buffer;

        public SpymemcachedKetamaLocator(IReadOnlyList<ServerAddress> servers) : this(servers, PointName)
        {
        }

        /// <summary>A ring whose points are named by <paramref name="pointName"/> (the tests use it for near-miss names).</summary>
        internal SpymemcachedKetamaLocator(IReadOnlyList<ServerAddress> servers, Func<ServerAddress, string> pointName)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (pointName == null) throw new ArgumentNullException(nameof(pointName));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");

            // TreeMap.put: a later point of the same value replaces the earlier one.
            var points = new Dictionary<uint, int>(servers.Count * PointsPerServer);
            for (int s = 0; s < servers.Count; s++)
            {
                string name = pointName(servers[s]);
                for (int i = 0; i < PointsPerServer / 4; i++)
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(name + "-" + i.ToString(CultureInfo.InvariantCulture));
                    Md5.Compute(bytes, 0, bytes.Length, out uint a, out uint b, out uint c, out uint d);
                    points[a] = s;
                    points[b] = s;
                    points[c] = s;
                    points[d] = s;
                }
            }
            _points = new uint[points.Count];
            points.Keys.CopyTo(_points, 0);
            Array.Sort(_points);
            _serverOfPoint = new int[_points.Length];
            for (int i = 0; i < _points.Length; i++) _serverOfPoint[i] = points[_points[i]];
        }

        /// <summary>
        /// spymemcached's point name for <paramref name="server"/>: Java's <c>InetSocketAddress.toString()</c> without the
        /// leading '/'. Refuses a unix socket (spymemcached cannot use one).
        /// </summary>
        internal static string PointName(ServerAddress server)
        {
            if (server == null) throw new ArgumentNullException(nameof(server));
            if (server.IsUnixSocket)
                throw new MemcachedClientException(
                    $"Distribution SpymemcachedKetama cannot place keys on the unix socket '{server.UnixSocketPath}': spymemcached connects over TCP only.");
            string port = server.Port.ToString(CultureInfo.InvariantCulture);
            if (IPAddress.TryParse(server.Host, out var literal)) return JavaAddressText(literal) + ":" + port;
            string address = ResolvedHosts.GetOrAdd(server.Host, Resolve);
            return server.Host + "/" + address + ":" + port;
        }

        /// <summary>Java's <c>InetAddress.getHostAddress()</c>, an IPv6 address in brackets as InetSocketAddress prints it.</summary>
        internal static string JavaAddressText(IPAddress address)
        {
            if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
            byte[] bytes = address.GetAddressBytes();
            var text = new StringBuilder("[");
            for (int g = 0; g < 8; g++)
            {
                if (g > 0) text.Append(':');
                text.Append(((bytes[2 * g] << 8) | bytes[2 * g + 1]).ToString("x", CultureInfo.InvariantCulture));
            }
            if (address.ScopeId != 0) text.Append('%').Append(address.ScopeId.ToString(CultureInfo.InvariantCulture));
            return text.Append(']').ToString();
        }

        /// <summary>The address Java's <c>InetAddress.getByName</c> picks (IPv4 first, its default), as Java writes it.</summary>
        private static string Resolve(string host)
        {
            IPAddress[] addresses;
            try
            {
                addresses = Dns.GetHostAddresses(host);
            }
            catch (SocketException)
            {
                return "<unresolved>";
            }
            foreach (var address in addresses)
                if (address.AddressFamily == AddressFamily.InterNetwork) return JavaAddressText(address);
            foreach (var address in addresses)
                if (address.AddressFamily == AddressFamily.InterNetworkV6) return JavaAddressText(address);
            return "<unresolved>";
        }

        /// <summary>The sorted point values (for tests).</summary>
        internal IReadOnlyList<uint> Points => _points;

        /// <summary>The server of each of <see cref="Points"/> (for tests).</summary>
        internal IReadOnlyList<int> ServerOfPoint => _serverOfPoint;

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            return _serverOfPoint[Continuum.FirstAtOrAfter(_points, Md5.FirstWord(bytes, 0, length))];
        }
    }
}
