using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Ruby dalli 3.0.6's <c>Dalli::Ring</c> (its default and only placement): a continuum of SHA-1 points, looked up by
    /// the key's crc32, taking the last point at or <em>below</em> the hash.
    /// </summary>
    /// <remarks>
    /// <para>Points: with <c>n</c> servers of total weight <c>W</c>, a server of weight <c>w</c> gets
    /// <c>floor(n * 160 * w / (double)W)</c> points. Point <c>i</c> is the first 4 bytes, big-endian, of
    /// <c>SHA1("&lt;name&gt;:&lt;i&gt;")</c>. The name is dalli's server name: <c>host:port</c> with the port always written
    /// (11211 too), the host as given and, for IPv6 (given to dalli as <c>[::1]:port</c>), without brackets; a unix
    /// socket is named by its bare path.</para>
    /// <para>Lookup: <c>crc32(key)</c> (the key as sent, so dalli's <c>namespace</c> and its ':' are hashed); the server
    /// of the last point whose value is &lt;= the hash; below the first point, the last point (the ring wraps
    /// backwards). Among points of equal value (Ruby's <c>sort_by</c> leaves their order open) the later server here
    /// wins; such a collision is about one chance in ten thousand for five servers.</para>
    /// <para>SHA-1 runs only while the locator is built; a lookup is one crc32 and a binary search.</para>
    /// </remarks>
    internal sealed class DalliLocator : INodeLocator
    {
        /// <summary>dalli's <c>Dalli::Ring::POINTS_PER_SERVER</c>.</summary>
        public const int PointsPerServer = 160;

        private readonly uint[] _points;
        private readonly int[] _serverOfPoint;

        [ThreadStatic] private static byte[]? t_buffer;

        public DalliLocator(IReadOnlyList<ServerAddress> servers) : this(servers, PointName)
        {
        }

        /// <summary>A ring whose points are named by <paramref name="pointName"/> instead of dalli's name (the tests
        /// use it to show that a near-miss name misplaces keys).</summary>
        internal DalliLocator(IReadOnlyList<ServerAddress> servers, Func<ServerAddress, string> pointName)
        {
            if (pointName == null) throw new ArgumentNullException(nameof(pointName));
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");

            long totalWeight = 0;
            foreach (var server in servers) totalWeight += server.Weight;

            var continuum = new List<(uint Value, int Server, int Index)>();
            using (var sha1 = SHA1.Create())
            {
                for (int s = 0; s < servers.Count; s++)
                {
                    string name = pointName(servers[s]);
                    int count = (int)Math.Floor((double)((long)servers.Count * PointsPerServer * servers[s].Weight) / totalWeight);
                    for (int i = 0; i < count; i++)
                    {
                        byte[] digest = sha1.ComputeHash(Encoding.UTF8.GetBytes(name + ":" + i.ToString(CultureInfo.InvariantCulture)));
                        uint value = (uint)digest[0] << 24 | (uint)digest[1] << 16 | (uint)digest[2] << 8 | digest[3];
                        continuum.Add((value, s, i));
                    }
                }
            }
            Continuum.Build(continuum, out _points, out _serverOfPoint);
        }

        /// <summary>The sorted point values (for tests).</summary>
        internal IReadOnlyList<uint> Points => _points;

        /// <summary>The server of each of <see cref="Points"/> (for tests).</summary>
        internal IReadOnlyList<int> ServerOfPoint => _serverOfPoint;

        /// <summary>dalli's server name: <c>host:port</c> (IPv6 host without brackets), or a unix socket's path.</summary>
        internal static string PointName(ServerAddress server)
        {
            if (server == null) throw new ArgumentNullException(nameof(server));
            return server.IsUnixSocket ? server.UnixSocketPath! : server.Host + ":" + server.Port.ToString(CultureInfo.InvariantCulture);
        }

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            uint hash = Crc32.Compute(bytes, 0, length);
            // The last point <= hash is the one before the first point > hash (= first point >= hash + 1). When no point is
            // above the hash, or the first point already is, dalli takes the last point.
            int above = hash == uint.MaxValue ? 0 : Continuum.FirstAtOrAfter(_points, hash + 1);
            return _serverOfPoint[(above == 0 ? _points.Length : above) - 1];
        }
    }
}
