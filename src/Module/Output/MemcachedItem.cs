namespace MemcachePS
{
    /// <summary>An item read by Get-MemcachedItem (or written by Set-MemcachedItem -PassThru).</summary>
    public sealed class MemcachedItem
    {
        public MemcachedItem(string key, object? value, uint flags, ulong cas, int size, string? server)
        {
            Key = key;
            Value = value;
            Flags = flags;
            Cas = cas;
            Size = size;
            Server = server;
        }

        public string Key { get; }
        public object? Value { get; }
        /// <summary>The client flags stored with the value: how it is encoded (see docs/FLAGS.md).</summary>
        public uint Flags { get; }
        /// <summary>The item's CAS token, for Set-MemcachedItem -Cas; 0 from a server that keeps none (memcached -C), which -Cas refuses.</summary>
        public ulong Cas { get; }
        /// <summary>The stored value's length in bytes.</summary>
        public int Size { get; }
        public string? Server { get; }

        public override string ToString() => Key;
    }
}
