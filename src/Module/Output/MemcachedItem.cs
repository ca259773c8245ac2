using System;
using MemcachePS.Core;

namespace MemcachePS
{
    /// <summary>
    /// An item read by Get-MemcachedItem (or written by Set-MemcachedItem -PassThru). It remembers the bytes and flags it
    /// was read with and when it expires, so that piping it into Set-MemcachedItem writes it back as it was (faithful by
    /// default) unless the script changed its Value.
    /// </summary>
    public sealed class MemcachedItem
    {
        public MemcachedItem(string key, object? value, uint flags, ulong cas, int size, string? server)
            : this(key, value, flags, cas, size, server, null, null, lifetimeKnown: false)
        {
        }

        /// <param name="key">The key.</param>
        /// <param name="value">The value as a script sees it.</param>
        /// <param name="flags">The client flags stored with the value.</param>
        /// <param name="cas">The CAS token, or 0.</param>
        /// <param name="size">The stored value's length in bytes.</param>
        /// <param name="server">The server that holds the item.</param>
        /// <param name="expires">When the item expires (UTC); null when it never does or <paramref name="lifetimeKnown"/> is false.</param>
        /// <param name="timeToLive">The lifetime left when read; null when it never expires or the lifetime is unknown.</param>
        /// <param name="lifetimeKnown">False when the read could not learn the lifetime (the classic protocol).</param>
        public MemcachedItem(string key, object? value, uint flags, ulong cas, int size, string? server, DateTime? expires, TimeSpan? timeToLive, bool lifetimeKnown)
        {
            Key = key;
            Value = value;
            Flags = flags;
            Cas = cas;
            Size = size;
            Server = server;
            Expires = expires?.ToUniversalTime();
            TimeToLive = timeToLive;
            LifetimeKnown = lifetimeKnown;
        }

        public string Key { get; }

        /// <summary>
        /// The value as a script sees it. A script may change it (or what it holds); Set-MemcachedItem then stores the new
        /// value, encoded as for any other, instead of the bytes the item was read with.
        /// </summary>
        public object? Value { get; set; }

        /// <summary>The client flags stored with the value: how it is encoded (see docs/FLAGS.md).</summary>
        public uint Flags { get; }
        /// <summary>The item's CAS token, for Set-MemcachedItem -Cas; 0 from a server that keeps none (memcached -C), which -Cas refuses.</summary>
        public ulong Cas { get; }
        /// <summary>The stored value's length in bytes.</summary>
        public int Size { get; }
        public string? Server { get; }

        /// <summary>When the item expires, in UTC (to the second, as memcached counts); null when it never expires, or when
        /// <see cref="LifetimeKnown"/> is false.</summary>
        public DateTime? Expires { get; }

        /// <summary>The lifetime the item had left when it was read; null when it never expires, or when <see cref="LifetimeKnown"/> is false.</summary>
        public TimeSpan? TimeToLive { get; }

        /// <summary>
        /// False when the read could not learn the item's lifetime: the classic protocol's get carries none (servers that
        /// do not speak meta commands, -Protocol Classic, proxies). Expires and TimeToLive are then null without meaning
        /// "never".
        /// </summary>
        public bool LifetimeKnown { get; }

        /// <summary>The item as it was read (bytes, flags), for a faithful write back; null for an item built otherwise.</summary>
        internal CacheItem? Source { get; private set; }

        /// <summary>What decoded <see cref="Source"/> into <see cref="Value"/>: null when the Value is the bytes themselves (-AsByteArray).</summary>
        internal Core.Serialization.ITranscoder? SourceTranscoder { get; private set; }

        /// <summary>An item as Get-MemcachedItem writes it: its lifetime from the read (-1 never, null unknown) counted from <paramref name="readAt"/>.</summary>
        /// <param name="item">The item read.</param>
        /// <param name="value">Its value as the script sees it: decoded by <paramref name="transcoder"/>, or a copy of the bytes when that is null.</param>
        /// <param name="readAt">When it was read.</param>
        /// <param name="transcoder">What decoded the value; null for -AsByteArray.</param>
        internal static MemcachedItem FromRead(CacheItem item, object? value, DateTime readAt, Core.Serialization.ITranscoder? transcoder = null)
        {
            long? ttl = item.TimeToLiveSeconds;
            DateTime? expires = ttl.HasValue && ttl.Value >= 0 ? readAt.ToUniversalTime().AddSeconds(ttl.Value) : (DateTime?)null;
            TimeSpan? left = ttl.HasValue && ttl.Value >= 0 ? TimeSpan.FromSeconds(ttl.Value) : (TimeSpan?)null;
            return new MemcachedItem(item.Key, value, item.Flags, item.Cas, item.Value.Length, item.Server?.Name, expires, left, item.IsLifetimeKnown)
            {
                Source = item,
                SourceTranscoder = transcoder,
            };
        }

        public override string ToString() => Key;
    }
}
