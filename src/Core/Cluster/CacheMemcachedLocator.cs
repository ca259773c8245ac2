using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Perl's Cache::Memcached 1.30 (<c>init_buckets</c>, <c>get_sock</c>, <c>_hashfunc</c>), which
    /// Cache::Memcached::Fast reproduces when <c>ketama_points</c> is 0 (its default): a bucket list in which each server
    /// appears <c>weight</c> times, in the order given, indexed by <c>((crc32(key) &gt;&gt; 16) &amp; 0x7fff) % bucketCount</c>.
    /// </summary>
    /// <remarks>
    /// <para>Unlike python-memcached (<see cref="ModulaLocator"/>), a 15-bit hash of 0 stays 0: such a key (about one in
    /// 32,768) goes to bucket 0, where python-memcached puts it in bucket 1. Otherwise the two rules agree.</para>
    /// <para>The key is hashed as the bytes the Perl application passes; a Perl string of characters must be encoded
    /// as UTF-8 for the hash to match (the bytes memcached receives). The <c>namespace</c> is sent but not hashed (nor by
    /// Cache::Memcached::Fast unless <c>hash_namespace</c> is set): ask with the key without it.</para>
    /// <para>Pinning: a Perl key <c>[$hash, $key]</c> chooses bucket <c>$hash % bucketCount</c> directly; our client's pin
    /// key is hashed instead. Dead servers: Cache::Memcached rehashes (<c>$hv += _hashfunc($tries . $key)</c>),
    /// Cache::Memcached::Fast does not; our client builds a locator over the live servers.</para>
    /// </remarks>
    internal sealed class CacheMemcachedLocator : INodeLocator
    {
        private readonly int[] _buckets;

        [ThreadStatic] private static byte[]? t_buffer;

        public CacheMemcachedLocator(IReadOnlyList<ServerAddress> servers)
        {
            _buckets = WeightedBuckets.Build(servers);
        }

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            int hash = (int)((Crc32.Compute(bytes, 0, length) >> 16) & 0x7fff);
            return _buckets[hash % _buckets.Length];
        }
    }
}
