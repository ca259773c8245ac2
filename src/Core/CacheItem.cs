using MemcachePS.Core.Cluster;

namespace MemcachePS.Core
{
    /// <summary>An item as read from a server: the stored bytes, the client flags, the CAS token and the lifetime left.</summary>
    public sealed class CacheItem
    {
        private const long Unknown = long.MinValue;
        private readonly long _ttl;

        public CacheItem(string key, byte[] value, uint flags, ulong cas, ServerAddress? server)
            : this(key, value, flags, cas, server, null)
        {
        }

        /// <param name="key">The key as the caller named it.</param>
        /// <param name="value">The stored bytes.</param>
        /// <param name="flags">The client flags stored with them.</param>
        /// <param name="cas">The CAS token, or 0.</param>
        /// <param name="server">The server the item was read from.</param>
        /// <param name="timeToLiveSeconds">Seconds of life left when read, -1 when the item never expires, null when the read
        /// could not tell (the classic protocol's get carries no lifetime).</param>
        public CacheItem(string key, byte[] value, uint flags, ulong cas, ServerAddress? server, long? timeToLiveSeconds)
        {
            Key = key;
            Value = value;
            Flags = flags;
            Cas = cas;
            Server = server;
            _ttl = timeToLiveSeconds ?? Unknown;
        }

        /// <summary>The key as the caller named it (without the client's key prefix).</summary>
        public string Key { get; }
        public byte[] Value { get; }
        public uint Flags { get; }
        /// <summary>CAS token; 0 when the read did not ask for it, or the server keeps none (memcached -C, where a CAS write is refused).</summary>
        public ulong Cas { get; }
        public ServerAddress? Server { get; }

        /// <summary>
        /// The seconds of life the item had left when it was read (meta <c>mg … t</c>, in the same round trip): -1 when it
        /// never expires; null when the read could not learn it (the classic protocol's get carries no lifetime), which is
        /// not "never": see <see cref="IsLifetimeKnown"/>. memcached counts whole seconds on a clock that ticks once a
        /// second, so the figure is exact to about a second.
        /// </summary>
        public long? TimeToLiveSeconds => _ttl == Unknown ? (long?)null : _ttl;

        /// <summary>False when the read could not learn the item's lifetime (classic protocol): it may expire at any time or never.</summary>
        public bool IsLifetimeKnown => _ttl != Unknown;
    }
}
