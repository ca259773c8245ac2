using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// python-memcached's placement (memcache.py 1.59: <c>cmemcache_hash</c>, <c>_init_buckets</c>, <c>_get_server</c>):
    /// a bucket list in which each server appears <c>weight</c> times, in the order given, indexed by
    /// <c>serverHash % bucketCount</c>.
    /// </summary>
    /// <remarks>
    /// <para>The server hash (<see cref="ServerHash"/>) is <c>((crc32(utf8(key)) &gt;&gt; 16) &amp; 0x7fff) or 1</c>: a
    /// result of 0 becomes 1, so a key hashing to 0 lands in bucket 1, not bucket 0. Server names play no part, only the
    /// order of the servers and their weights (python-memcached takes <c>("host:port", weight)</c> tuples).</para>
    /// <para>Key prefix: single-key calls have none; <c>get_multi/set_multi/delete_multi(key_prefix=...)</c> hash the
    /// prefixed key, so ask with prefix + key.</para>
    /// <para>Pinning: python-memcached accepts <c>(serverHash, key)</c>, where the integer chooses the bucket directly
    /// (Python's modulo, so a negative number counts from the end). <see cref="LocateHash"/> does exactly that. Asking
    /// <see cref="Locate"/> with a pin string instead is our client's own convention and hashes that string.</para>
    /// <para>Dead servers: python-memcached does not rebuild the buckets. When the chosen server is dead it rehashes,
    /// up to 10 tries: the next hash is <c>cmemcache_hash(str(hash) + str(attempt))</c> with attempt counting from 0.
    /// <see cref="LocateAlive"/> reproduces it given which servers are alive.</para>
    /// </remarks>
    internal sealed class ModulaLocator : INodeLocator
    {
        /// <summary>python-memcached's <c>Client._SERVER_RETRIES</c>.</summary>
        public const int ServerRetries = 10;

        private readonly int[] _buckets;

        [ThreadStatic] private static byte[]? t_buffer;

        public ModulaLocator(IReadOnlyList<ServerAddress> servers)
        {
            _buckets = WeightedBuckets.Build(servers);
        }

        public int BucketCount => _buckets.Length;

        public int Locate(string key) => _buckets[ServerHash(key) % _buckets.Length];

        /// <summary>The server for a python-memcached <c>(serverHash, key)</c> pin.</summary>
        public int LocateHash(long serverHash) => _buckets[PythonModulo(serverHash, _buckets.Length)];

        /// <summary>
        /// The server python-memcached's <c>_get_server</c> ends on when some servers are dead, or -1 when all
        /// <see cref="ServerRetries"/> tries hit dead servers (python-memcached then gives up on the key).
        /// </summary>
        public int LocateAlive(string key, Func<int, bool> isAlive) => LocateHashAlive(ServerHash(key), isAlive);

        /// <summary><see cref="LocateAlive"/> for a <c>(serverHash, key)</c> pin.</summary>
        public int LocateHashAlive(long serverHash, Func<int, bool> isAlive)
        {
            if (isAlive == null) throw new ArgumentNullException(nameof(isAlive));
            long hash = serverHash;
            for (int attempt = 0; attempt < ServerRetries; attempt++)
            {
                int server = _buckets[PythonModulo(hash, _buckets.Length)];
                if (isAlive(server)) return server;
                hash = ServerHash(hash.ToString(CultureInfo.InvariantCulture) + attempt.ToString(CultureInfo.InvariantCulture));
            }
            return -1;
        }

        /// <summary>python-memcached's <c>cmemcache_hash</c> of the key's UTF-8 bytes: 1..32767.</summary>
        public static int ServerHash(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));
            int length = KeyBytes.EncodeUtf8(key, ref t_buffer, out byte[] bytes);
            int hash = (int)((Crc32.Compute(bytes, 0, length) >> 16) & 0x7fff);
            return hash == 0 ? 1 : hash;
        }

        private static int PythonModulo(long value, int divisor)
        {
            long r = value % divisor;
            return (int)(r < 0 ? r + divisor : r);
        }
    }
}
