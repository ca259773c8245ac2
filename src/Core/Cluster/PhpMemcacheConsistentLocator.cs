using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// pecl memcache's default placement (<c>memcache.hash_strategy=consistent</c> with <c>memcache.hash_function=crc32</c>,
    /// the php-memcache extension's <c>memcache_consistent_hash.c</c>): a crc32 continuum read through 1024 precomputed
    /// buckets.
    /// </summary>
    /// <remarks>
    /// <para>Points: each server gets <c>weight * 160</c> points, point <c>i</c> being <c>crc32("host:port-i")</c> with the
    /// host as given to <c>addServer</c> and the port always written (11211 too); a unix socket, given to pecl memcache as
    /// <c>unix:///path</c> with port 0, is named <c>unix:///path:0-i</c>, and an IPv6 host keeps its brackets
    /// (<c>[::1]:port-i</c>). The points are sorted by value.</para>
    /// <para>Buckets: bucket <c>b</c> (0..1023) belongs to the server of the first point at or above
    /// <c>b * (0xFFFFFFFF / 1024)</c>, wrapping to the lowest point past the highest.</para>
    /// <para>Keys: <c>crc32(utf8(key)) % 1024</c> chooses the bucket. The key hashed is the key sent, so pecl memcache's
    /// <c>memcache.prefix_static_key</c> is hashed: ask with the prefixed key.</para>
    /// <para>Two points of equal value on different servers are ordered by C's <c>qsort</c>, which does not say which comes
    /// first; we put the lower server index first. It only matters when such a tie falls exactly on a bucket boundary.</para>
    /// </remarks>
    internal sealed class PhpMemcacheConsistentLocator : INodeLocator
    {
        /// <summary>MMC_CONSISTENT_POINTS: points per unit of weight.</summary>
        public const int PointsPerWeight = 160;
        /// <summary>MMC_CONSISTENT_BUCKETS: precomputed buckets.</summary>
        public const int BucketCount = 1024;

        private readonly int[] _buckets = new int[BucketCount];

        [ThreadStatic] private static byte[]? t_buffer;

        public PhpMemcacheConsistentLocator(IReadOnlyList<ServerAddress> servers)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");

            var points = new List<(uint Value, int Server)>();
            for (int s = 0; s < servers.Count; s++)
            {
                string prefix = PointNamePrefix(servers[s]);
                int count = checked(servers[s].Weight * PointsPerWeight);
                for (int i = 0; i < count; i++)
                {
                    byte[] name = Encoding.UTF8.GetBytes(prefix + i.ToString(CultureInfo.InvariantCulture));
                    points.Add((Crc32.Compute(name), s));
                }
            }
            points.Sort((x, y) => x.Value != y.Value ? x.Value.CompareTo(y.Value) : x.Server.CompareTo(y.Server));

            const uint step = 0xFFFFFFFFu / BucketCount;
            int next = 0;
            for (int b = 0; b < BucketCount; b++)
            {
                uint boundary = step * (uint)b;
                while (next < points.Count && points[next].Value < boundary) next++;
                _buckets[b] = points[next == points.Count ? 0 : next].Server;
            }
        }

        /// <summary>
        /// <c>"host:port-"</c>, the host as given to <c>addServer</c> and the port always written; an IPv6 host in brackets
        /// (pecl memcache connects to <c>"[::1]"</c>, not to <c>"::1"</c>); a unix socket, which pecl memcache takes as
        /// <c>addServer("unix:///path", 0)</c>, is <c>"unix:///path:0-"</c>.
        /// </summary>
        internal static string PointNamePrefix(ServerAddress server)
        {
            if (server == null) throw new ArgumentNullException(nameof(server));
            return server.IsUnixSocket
                ? "unix://" + server.UnixSocketPath + ":0-"
                : (server.Host.IndexOf(':') >= 0 ? "[" + server.Host + "]" : server.Host) + ":" + server.Port.ToString(CultureInfo.InvariantCulture) + "-";
        }

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            return _buckets[Crc32.Compute(bytes, 0, length) % BucketCount];
        }
    }
}
