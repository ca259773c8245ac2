using MemcachePS.Core.Cluster;

namespace MemcachePS.Core
{
    /// <summary>An item as read from a server: the stored bytes, the client flags, and the CAS token.</summary>
    public sealed class CacheItem
    {
        public CacheItem(string key, byte[] value, uint flags, ulong cas, ServerAddress? server)
        {
            Key = key;
            Value = value;
            Flags = flags;
            Cas = cas;
            Server = server;
        }

        /// <summary>The key as the caller named it (without the client's key prefix).</summary>
        public string Key { get; }
        public byte[] Value { get; }
        public uint Flags { get; }
        /// <summary>CAS token; 0 when the read did not ask for it, or the server keeps none (memcached -C, where a CAS write is refused).</summary>
        public ulong Cas { get; }
        public ServerAddress? Server { get; }
    }
}
