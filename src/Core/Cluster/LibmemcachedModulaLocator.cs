using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// libmemcached's default distribution, <c>MEMCACHED_DISTRIBUTION_MODULA</c> (libmemcached 1.1.4 <c>hash.cc</c>,
    /// <c>dispatch_host</c>), as php-memcached uses it when no distribution option is set: the server is
    /// <c>hash % serverCount</c>, where the hash is libhashkit's one-at-a-time hash of the key's UTF-8 bytes
    /// (<see cref="OneAtATimeHash"/>, bytes read as signed <c>char</c>).
    /// </summary>
    /// <remarks>
    /// <para>Weights play no part: libmemcached's modula ignores them (php-memcached's <c>addServer</c> weight only counts
    /// under a consistent distribution). Server names play no part either, only the order of the servers.</para>
    /// <para>php-memcached's <c>OPT_PREFIX_KEY</c> (libmemcached's namespace) is sent but not hashed, so ask with the key
    /// without the prefix. <c>*ByKey</c> calls hash the server key: our client pins the same way.</para>
    /// <para>Dead servers: libmemcached's auto-eject is not modelled (not tested against the real client); our client
    /// builds a locator over the live servers.</para>
    /// </remarks>
    internal sealed class LibmemcachedModulaLocator : INodeLocator
    {
        private readonly int _count;

        [ThreadStatic] private static byte[]? t_buffer;

        public LibmemcachedModulaLocator(IReadOnlyList<ServerAddress> servers)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");
            _count = servers.Count;
        }

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            return (int)(OneAtATimeHash.Compute(bytes, 0, length) % (uint)_count);
        }
    }
}
