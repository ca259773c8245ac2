using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Go's github.com/bradfitz/gomemcache (<c>ServerList.PickServer</c>, as Debian ships it): the server is
    /// <c>crc32(key) % serverCount</c>, the full IEEE CRC-32 of the key's bytes.
    /// </summary>
    /// <remarks>
    /// <para>gomemcache has no weights, so <see cref="ServerAddress.Weight"/> is ignored; server names play no part,
    /// only their order in <c>memcache.New(...)</c>. gomemcache refuses keys over 250 bytes and keys with a byte at or
    /// below 0x20 or above 0x7E (all non-ASCII keys), so a key shared with a Go program is ASCII; any other key is still
    /// hashed as UTF-8 here.</para>
    /// <para>gomemcache does not skip dead servers (a key on a dead server fails); our client builds a locator over the
    /// live servers.</para>
    /// </remarks>
    internal sealed class GoMemcacheLocator : INodeLocator
    {
        private readonly uint _count;

        [ThreadStatic] private static byte[]? t_buffer;

        public GoMemcacheLocator(IReadOnlyList<ServerAddress> servers)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");
            _count = (uint)servers.Count;
        }

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            return (int)(Crc32.Compute(bytes, 0, length) % _count);
        }
    }
}
