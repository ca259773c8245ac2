using System;

namespace MemcachePS
{
    /// <summary>A key listed by Get-MemcachedKey, as memcached's metadump describes it. Times are local.</summary>
    public sealed class MemcachedKeyInfo
    {
        public MemcachedKeyInfo(string key, string server, DateTime? expires, DateTime? lastAccess, int size, int slabClass, ulong cas, bool? fetched)
            : this(key, server, expires, lastAccess, size, slabClass, cas, fetched, null)
        {
        }

        /// <param name="timeToLive">The lifetime the item had left when listed (from the dump's exp); null when it never expires.</param>
        public MemcachedKeyInfo(string key, string server, DateTime? expires, DateTime? lastAccess, int size, int slabClass, ulong cas, bool? fetched, TimeSpan? timeToLive)
        {
            TimeToLive = timeToLive;
            Key = key;
            Server = server;
            Expires = expires;
            LastAccess = lastAccess;
            Size = size;
            SlabClass = slabClass;
            Cas = cas;
            Fetched = fetched;
        }

        public string Key { get; }
        public string Server { get; }
        /// <summary>When the item expires; null when it never does.</summary>
        public DateTime? Expires { get; }
        /// <summary>The lifetime the item had left when it was listed, to the second; null when it never expires.</summary>
        public TimeSpan? TimeToLive { get; }
        public DateTime? LastAccess { get; }
        /// <summary>The item's size in memory (header, key and value) in bytes.</summary>
        public int Size { get; }
        public int SlabClass { get; }
        public ulong Cas { get; }
        /// <summary>Whether the item was read since it was stored.</summary>
        public bool? Fetched { get; }

        public override string ToString() => Key;
    }
}
