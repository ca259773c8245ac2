using System;

namespace MemcachePS
{
    /// <summary>A key listed by Get-MemcachedKey, as memcached's metadump describes it. Times are local.</summary>
    public sealed class MemcachedKeyInfo
    {
        public MemcachedKeyInfo(string key, string server, DateTime? expires, DateTime? lastAccess, int size, int slabClass, ulong cas, bool? fetched)
        {
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
