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
        // From a dump: UTC times, made local when read. From the public constructors: the values given, as given.
        private readonly bool _fromDump;
        private readonly DateTimeOffset? _expires;
        private readonly DateTimeOffset? _lastAccess;
        private readonly DateTimeOffset _listedAt;
        private readonly DateTime? _expiresGiven;
        private readonly DateTime? _lastAccessGiven;
        private readonly TimeSpan? _timeToLiveGiven;

        public MemcachedKeyInfo(string key, string server, DateTime? expires, DateTime? lastAccess, int size, int slabClass, ulong cas, bool? fetched)
            : this(key, server, expires, lastAccess, size, slabClass, cas, fetched, null)
        {
        }

        /// <param name="timeToLive">The lifetime the item had left when listed (from the dump's exp); null when it never expires.</param>
        public MemcachedKeyInfo(string key, string server, DateTime? expires, DateTime? lastAccess, int size, int slabClass, ulong cas, bool? fetched, TimeSpan? timeToLive)
        {
            Key = key;
            Server = server;
            _expiresGiven = expires;
            _lastAccessGiven = lastAccess;
            _timeToLiveGiven = timeToLive;
            Size = size;
            SlabClass = slabClass;
            Cas = cas;
            Fetched = fetched;
        }

        /// <summary>The key <paramref name="entry"/> describes, listed from <paramref name="server"/> at <paramref name="listedAt"/>.</summary>
        internal MemcachedKeyInfo(KeyDumpEntry entry, string server, DateTimeOffset listedAt)
        {
            Key = entry.Key;
            Server = server;
            _fromDump = true;
            _expires = entry.Expires;
            _lastAccess = entry.LastAccess;
            _listedAt = listedAt;
            Size = entry.Size;
            SlabClass = entry.SlabClass;
            Cas = entry.Cas;
            Fetched = entry.Fetched;
        }

        public string Key { get; }
        public string Server { get; }
        /// <summary>When the item expires; null when it never does.</summary>
        public DateTime? Expires => _fromDump ? _expires?.LocalDateTime : _expiresGiven;
        /// <summary>The lifetime the item had left when it was listed, to the second; null when it never expires.</summary>
        public TimeSpan? TimeToLive => _fromDump ? TimeLeft(_expires, _listedAt) : _timeToLiveGiven;
        public DateTime? LastAccess => _fromDump ? _lastAccess?.LocalDateTime : _lastAccessGiven;
        /// <summary>The item's size in memory (header, key and value) in bytes.</summary>
        public int Size { get; }
        public int SlabClass { get; }
        public ulong Cas { get; }
        /// <summary>Whether the item was read since it was stored.</summary>
        public bool? Fetched { get; }

        /// <summary>The lifetime left at <paramref name="now"/> (never below zero); null for an item that never expires.</summary>
        internal static TimeSpan? TimeLeft(DateTimeOffset? expires, DateTimeOffset now)
        {
            if (!expires.HasValue) return null;
            var left = expires.Value - now;
            return left < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds));
        }

        public override string ToString() => Key;
    }
}
