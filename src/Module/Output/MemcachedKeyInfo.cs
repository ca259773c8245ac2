using System;
using MemcachePS.Core.KeyDump;

namespace MemcachePS
{
    /// <summary>A key listed by Get-MemcachedKey, as memcached's metadump describes it. Times are local.</summary>
    /// <remarks>
    /// A listing makes hundreds of thousands of these, most of them only counted or matched by key: the times are kept as
    /// the dump gave them (UTC) and made local, and TimeToLive worked out from the moment of listing, when read.
    /// </remarks>
    public sealed class MemcachedKeyInfo
    {
        // From a dump: the dump's entry itself (UTC times, made local when read) and the moment of listing. From the
        // public constructors: the values given, as given. One of the two is null. Kept to three references and a time
        // because a listing makes one of these per key.
        private readonly KeyDumpEntry? _entry;
        private readonly Given? _given;
        private readonly DateTimeOffset _listedAt;

        public MemcachedKeyInfo(string key, string server, DateTime? expires, DateTime? lastAccess, int size, int slabClass, ulong cas, bool? fetched)
            : this(key, server, expires, lastAccess, size, slabClass, cas, fetched, null)
        {
        }

        /// <param name="timeToLive">The lifetime the item had left when listed (from the dump's exp); null when it never expires.</param>
        public MemcachedKeyInfo(string key, string server, DateTime? expires, DateTime? lastAccess, int size, int slabClass, ulong cas, bool? fetched, TimeSpan? timeToLive)
        {
            Server = server;
            _given = new Given(key, expires, lastAccess, timeToLive, size, slabClass, cas, fetched);
        }

        /// <summary>The key <paramref name="entry"/> describes, listed from <paramref name="server"/> at <paramref name="listedAt"/>.</summary>
        internal MemcachedKeyInfo(KeyDumpEntry entry, string server, DateTimeOffset listedAt)
        {
            Server = server;
            _entry = entry;
            _listedAt = listedAt;
        }

        public string Key => _entry != null ? _entry.Key : _given!.Key;
        public string Server { get; }
        /// <summary>When the item expires; null when it never does.</summary>
        public DateTime? Expires => _entry != null ? _entry.Expires?.LocalDateTime : _given!.Expires;
        /// <summary>The lifetime the item had left when it was listed, to the second; null when it never expires.</summary>
        public TimeSpan? TimeToLive => _entry != null ? TimeLeft(_entry.Expires, _listedAt) : _given!.TimeToLive;
        public DateTime? LastAccess => _entry != null ? _entry.LastAccess?.LocalDateTime : _given!.LastAccess;
        /// <summary>The item's size in memory (header, key and value) in bytes.</summary>
        public int Size => _entry != null ? _entry.Size : _given!.Size;
        public int SlabClass => _entry != null ? _entry.SlabClass : _given!.SlabClass;
        public ulong Cas => _entry != null ? _entry.Cas : _given!.Cas;
        /// <summary>Whether the item was read since it was stored.</summary>
        public bool? Fetched => _entry != null ? _entry.Fetched : _given!.Fetched;

        /// <summary>The lifetime left at <paramref name="now"/> (never below zero); null for an item that never expires.</summary>
        internal static TimeSpan? TimeLeft(DateTimeOffset? expires, DateTimeOffset now)
        {
            if (!expires.HasValue) return null;
            var left = expires.Value - now;
            return left < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds));
        }

        public override string ToString() => Key;

        /// <summary>What the public constructors were given.</summary>
        private sealed class Given
        {
            public Given(string key, DateTime? expires, DateTime? lastAccess, TimeSpan? timeToLive, int size, int slabClass, ulong cas, bool? fetched)
            {
                Key = key;
                Expires = expires;
                LastAccess = lastAccess;
                TimeToLive = timeToLive;
                Size = size;
                SlabClass = slabClass;
                Cas = cas;
                Fetched = fetched;
            }

            public string Key { get; }
            public DateTime? Expires { get; }
            public DateTime? LastAccess { get; }
            public TimeSpan? TimeToLive { get; }
            public int Size { get; }
            public int SlabClass { get; }
            public ulong Cas { get; }
            public bool? Fetched { get; }
        }
    }
}
