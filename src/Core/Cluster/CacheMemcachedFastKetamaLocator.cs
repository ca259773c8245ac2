using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Perl's Cache::Memcached::Fast 0.28 with <c>ketama_points =&gt; N</c> (its <c>src/dispatch_key.c</c>): a continuum of
    /// chained crc32 points, not libketama's MD5 one.
    /// </summary>
    /// <remarks>
    /// <para>Points: a server written <c>"host:port"</c> is split at its last colon; its base is the bytes of host, a NUL
    /// byte and the port text. It gets <c>(int)(N * weight + 0.5)</c> points: starting from 0, each point is
    /// <c>crc32(base + previous point as 4 little-endian bytes)</c>. We write the port always (a Perl server written
    /// without a port hashes an empty port text and is not matched). An IPv6 host has no brackets: Fast cannot connect
    /// to <c>"[::1]:port"</c>, and <c>"::1:port"</c>, the form that works, splits into host <c>::1</c>. A unix socket path
    /// has no colon: the base is the path and a NUL byte.</para>
    /// <para>Lookup: the first point at or above <c>crc32(key)</c>, wrapping to the first; among equal points the
    /// earlier server (and the earlier point) wins, as Fast inserts a new point after existing equal ones.</para>
    /// <para>The namespace is not hashed unless <c>hash_namespace =&gt; 1</c> (then ask with namespace + key).</para>
    /// </remarks>
    internal sealed class CacheMemcachedFastKetamaLocator : INodeLocator
    {
        /// <summary>The <c>ketama_points</c> value <see cref="Distribution.PerlCacheMemcachedFastKetama"/> assumes: the
        /// value Cache::Memcached::Fast's documentation shows.</summary>
        public const int DefaultKetamaPoints = 150;

        private readonly uint[] _points;
        private readonly int[] _serverOfPoint;

        [ThreadStatic] private static byte[]? t_buffer;

        public CacheMemcachedFastKetamaLocator(IReadOnlyList<ServerAddress> servers, int ketamaPoints = DefaultKetamaPoints)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");
            if (ketamaPoints < 1) throw new ArgumentOutOfRangeException(nameof(ketamaPoints), ketamaPoints, "ketama_points must be at least 1.");

            var continuum = new List<(uint Value, int Server, int Index)>();
            for (int s = 0; s < servers.Count; s++)
            {
                byte[] name = BaseName(servers[s]);
                var buffer = new byte[name.Length + 4];
                Buffer.BlockCopy(name, 0, buffer, 0, name.Length);
                int count = (int)(ketamaPoints * (double)servers[s].Weight + 0.5);
                uint point = 0;
                for (int i = 0; i < count; i++)
                {
                    buffer[name.Length] = (byte)point;
                    buffer[name.Length + 1] = (byte)(point >> 8);
                    buffer[name.Length + 2] = (byte)(point >> 16);
                    buffer[name.Length + 3] = (byte)(point >> 24);
                    point = Crc32.Compute(buffer);
                    continuum.Add((point, s, i));
                }
            }
            Continuum.Build(continuum, out _points, out _serverOfPoint);
        }

        /// <summary>host, NUL, port text: what Cache::Memcached::Fast hashes for a server.</summary>
        internal static byte[] BaseName(ServerAddress server)
        {
            if (server == null) throw new ArgumentNullException(nameof(server));
            string text = server.IsUnixSocket
                ? server.UnixSocketPath + "\0"
                : server.Host + "\0" + server.Port.ToString(CultureInfo.InvariantCulture);
            return Encoding.UTF8.GetBytes(text);
        }

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            uint hash = Crc32.Compute(bytes, 0, length);
            return _serverOfPoint[Continuum.FirstAtOrAfter(_points, hash)];
        }
    }
}
