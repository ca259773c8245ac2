using System;

namespace MemcachePS.Core.KeyDump
{
    /// <summary>One key as <c>lru_crawler metadump</c> describes it.</summary>
    public sealed class KeyDumpEntry
    {
        public KeyDumpEntry(string key, DateTimeOffset? expires, DateTimeOffset? lastAccess, ulong cas, bool? fetched, int slabClass, int size)
        {
            Key = key;
            Expires = expires;
            LastAccess = lastAccess;
            Cas = cas;
            Fetched = fetched;
            SlabClass = slabClass;
            Size = size;
        }

        /// <summary>The key, decoded from the dump's URL encoding.</summary>
        public string Key { get; }

        /// <summary>When the item expires; null when it never does.</summary>
        public DateTimeOffset? Expires { get; }

        public DateTimeOffset? LastAccess { get; }

        public ulong Cas { get; }

        /// <summary>Whether the item was read since it was stored (null when the dump does not say).</summary>
        public bool? Fetched { get; }

        public int SlabClass { get; }

        /// <summary>The item's size in memory in bytes (header, key and value), as memcached counts it.</summary>
        public int Size { get; }

        public KeyDumpEntry WithKey(string key) => new KeyDumpEntry(key, Expires, LastAccess, Cas, Fetched, SlabClass, Size);

        public override string ToString() => Key;
    }
}
