using System;
using System.Collections.Generic;
using System.Globalization;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// libmemcached's consistent ketama continuum (as pylibmc uses it), reproduced from
    /// libmemcached 1.1.4 <c>hosts.cc</c> (<c>update_continuum</c>) and <c>hash.cc</c> (<c>dispatch_host</c>).
    /// </summary>
    /// <remarks>
    /// <para>Point names: <c>"host-i"</c> when the port is 11211, otherwise <c>"host:port-i"</c>; the host as configured
    /// (not resolved; an IPv6 literal without brackets); a unix socket is <c>"/path:0-i"</c> (its port is 0).</para>
    /// <para>Unweighted continuum: 100 points per server, names <c>i = 0..99</c>, each point the key hash
    /// (<see cref="KetamaHash"/>) of its name.</para>
    /// <para>Weighted continuum: each server gets <c>floor(weight / totalWeight * 160 / 4 * serverCount + 1e-10) * 4</c>
    /// points, computed in single precision as libmemcached does; names <c>i = 0..points/4-1</c>, and each name gives four
    /// points, the four little-endian words of its MD5 digest, whatever the key hash is.</para>
    /// <para>Lookup: the first point whose value is at least the key's hash, wrapping to the first point past the end;
    /// points of equal value are ordered by server index, so the lower index wins.</para>
    /// <para>Which continuum pylibmc builds: <c>{"ketama": True}</c> sets only the ketama distribution: the key hash stays
    /// one-at-a-time and the continuum is unweighted unless some server has a weight above 1, in which case libmemcached
    /// switches it to weighted (points by MD5, keys still one-at-a-time). <c>{"ketama_weighted": True}</c> sets the key
    /// hash to MD5 and always builds the weighted continuum.</para>
    /// <para>Keys are hashed as their UTF-8 bytes. libmemcached's namespace (pylibmc <c>behaviors["namespace"]</c>) is not
    /// hashed unless <c>_hash_with_prefix_key</c> is set; pylibmc's <c>get_multi/set_multi(key_prefix=...)</c> prepends the
    /// prefix before libmemcached sees the key, so that prefix is hashed. libmemcached's <c>*_by_key</c> calls hash a
    /// separate group key: our client pins a key the same way, asking <see cref="Locate"/> with the pin key.</para>
    /// <para>Hosts are used in the order given; libmemcached only sorts them with <c>_sort_hosts</c> (off by default).
    /// Auto-ejection rebuilds the continuum over the live servers: build a new locator over those.</para>
    /// </remarks>
    internal sealed class KetamaLocator : INodeLocator
    {
        /// <summary>MEMCACHED_POINTS_PER_SERVER.</summary>
        public const int PointsPerServer = 100;
        /// <summary>MEMCACHED_POINTS_PER_SERVER_KETAMA: the basis of the weighted continuum.</summary>
        public const int WeightedPointsPerServer = 160;

        private readonly KetamaHash _hash;
        private readonly uint[] _points;
        private readonly int[] _serverOfPoint;

        [ThreadStatic] private static byte[]? t_buffer;

        /// <param name="servers">The servers, in the client's order.</param>
        /// <param name="hash">The key hash (and, unweighted, the point hash).</param>
        /// <param name="weighted">Whether to build the weighted MD5 continuum.</param>
        /// <param name="unixSocketsOnDefaultPort">Name a unix socket <c>"/path-i"</c> instead of <c>"/path:0-i"</c>:
        /// php-memcached adds every server with <c>memcached_server_add_with_weight</c>, which gives a socket (port 0) the
        /// default port 11211, and a server on the default port is named without it. pylibmc adds sockets with port 0.</param>
        public KetamaLocator(IReadOnlyList<ServerAddress> servers, KetamaHash hash, bool weighted, bool unixSocketsOnDefaultPort = false)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");
            _hash = hash;

            var continuum = new List<(uint Value, int Server)>(servers.Count * WeightedPointsPerServer);
            if (weighted) AddWeightedPoints(servers, unixSocketsOnDefaultPort, continuum);
            else AddPoints(servers, hash, unixSocketsOnDefaultPort, continuum);

            continuum.Sort((x, y) => x.Value != y.Value ? x.Value.CompareTo(y.Value) : x.Server.CompareTo(y.Server));
            _points = new uint[continuum.Count];
            _serverOfPoint = new int[continuum.Count];
            for (int i = 0; i < continuum.Count; i++)
            {
                _points[i] = continuum[i].Value;
                _serverOfPoint[i] = continuum[i].Server;
            }
        }

        /// <summary>pylibmc <c>behaviors={"ketama": True}</c>: one-at-a-time keys; weighted only if a weight exceeds 1.</summary>
        public static KetamaLocator ForPylibmcKetama(IReadOnlyList<ServerAddress> servers) =>
            new KetamaLocator(servers, KetamaHash.OneAtATime, weighted: AnyWeightAboveOne(servers));

        /// <summary>pylibmc <c>behaviors={"ketama": True, "hash": "md5"}</c>: MD5 keys; MD5 points, 100 per server, or the
        /// weighted continuum if a weight exceeds 1 (which then equals <see cref="ForPylibmcKetamaWeighted"/>).</summary>
        public static KetamaLocator ForPylibmcKetamaMd5(IReadOnlyList<ServerAddress> servers) =>
            new KetamaLocator(servers, KetamaHash.Md5, weighted: AnyWeightAboveOne(servers));

        /// <summary>php-memcached <c>OPT_DISTRIBUTION =&gt; DISTRIBUTION_CONSISTENT</c>: as <see cref="ForPylibmcKetama"/>, but a
        /// unix socket is named by its bare path.</summary>
        public static KetamaLocator ForPhpMemcachedConsistent(IReadOnlyList<ServerAddress> servers) =>
            new KetamaLocator(servers, KetamaHash.OneAtATime, weighted: AnyWeightAboveOne(servers), unixSocketsOnDefaultPort: true);

        /// <summary>php-memcached <c>OPT_LIBKETAMA_COMPATIBLE =&gt; true</c>: as <see cref="ForPylibmcKetamaWeighted"/>, but a
        /// unix socket is named by its bare path.</summary>
        public static KetamaLocator ForPhpMemcachedLibketama(IReadOnlyList<ServerAddress> servers) =>
            new KetamaLocator(servers, KetamaHash.Md5, weighted: true, unixSocketsOnDefaultPort: true);

        /// <summary>pylibmc <c>behaviors={"ketama_weighted": True}</c>: MD5 keys, weighted continuum.</summary>
        public static KetamaLocator ForPylibmcKetamaWeighted(IReadOnlyList<ServerAddress> servers) =>
            new KetamaLocator(servers, KetamaHash.Md5, weighted: true);

        /// <summary>The part of a point name before <c>"-i"</c>, as libmemcached writes it.</summary>
        public static string PointNamePrefix(ServerAddress server, bool unixSocketsOnDefaultPort = false)
        {
            if (server == null) throw new ArgumentNullException(nameof(server));
            if (server.IsUnixSocket) return unixSocketsOnDefaultPort ? server.UnixSocketPath! : server.UnixSocketPath + ":0";
            return server.Port == MemcachedConstants.DefaultPort
                ? server.Host
                : server.Host + ":" + server.Port.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>Number of points on the continuum (for tests and diagnostics).</summary>
        public int PointCount => _points.Length;

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            return LocateHash(Hash(_hash, bytes, length));
        }

        private int LocateHash(uint hash)
        {
            return _serverOfPoint[Continuum.FirstAtOrAfter(_points, hash)];
        }

        private static uint Hash(KetamaHash hash, byte[] bytes, int length) =>
            hash == KetamaHash.Md5 ? Md5.FirstWord(bytes, 0, length) : OneAtATimeHash.Compute(bytes, 0, length);

        private static void AddPoints(IReadOnlyList<ServerAddress> servers, KetamaHash hash, bool unixSocketsOnDefaultPort, List<(uint, int)> continuum)
        {
            for (int s = 0; s < servers.Count; s++)
            {
                string prefix = PointNamePrefix(servers[s], unixSocketsOnDefaultPort);
                for (int i = 0; i < PointsPerServer; i++)
                {
                    byte[] name = PointName(prefix, i);
                    continuum.Add((Hash(hash, name, name.Length), s));
                }
            }
        }

        private static void AddWeightedPoints(IReadOnlyList<ServerAddress> servers, bool unixSocketsOnDefaultPort, List<(uint, int)> continuum)
        {
            ulong totalWeight = 0;
            foreach (var server in servers) totalWeight += (ulong)server.Weight;

            for (int s = 0; s < servers.Count; s++)
            {
                string prefix = PointNamePrefix(servers[s], unixSocketsOnDefaultPort);
                int points = WeightedPointCount(servers[s].Weight, totalWeight, servers.Count);
                for (int i = 0; i < points / 4; i++)
                {
                    byte[] name = PointName(prefix, i);
                    Md5.Compute(name, 0, name.Length, out uint a, out uint b, out uint c, out uint d);
                    continuum.Add((a, s));
                    continuum.Add((b, s));
                    continuum.Add((c, s));
                    continuum.Add((d, s));
                }
            }
        }

        /// <summary>
        /// libmemcached's points for one server of a weighted continuum. Every step is rounded to single precision (the
        /// explicit casts force it even where a JIT keeps floats in wider registers), because the C code computes in
        /// <c>float</c> and a rounding difference changes the count by 4 points.
        /// </summary>
        internal static int WeightedPointCount(int weight, ulong totalWeight, int serverCount)
        {
            float pct = (float)weight / (float)totalWeight;
            float perHash = (float)((float)(pct * WeightedPointsPerServer) / 4f);
            float scaled = (float)((float)(perHash * (float)serverCount) + 0.0000000001f);
            return (int)Math.Floor(scaled) * 4;
        }

        private static byte[] PointName(string prefix, int index) =>
            System.Text.Encoding.UTF8.GetBytes(prefix + "-" + index.ToString(CultureInfo.InvariantCulture));

        private static bool AnyWeightAboveOne(IReadOnlyList<ServerAddress> servers)
        {
            foreach (var server in servers) if (server.Weight > 1) return true;
            return false;
        }
    }
}
