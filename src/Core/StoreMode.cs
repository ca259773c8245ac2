namespace MemcachePS.Core
{
    public enum StoreMode
    {
        /// <summary>Store unconditionally.</summary>
        Set,
        /// <summary>Store only if the key is absent.</summary>
        Add,
        /// <summary>Store only if the key is present.</summary>
        Replace,
        /// <summary>Add the bytes after the existing value (flags and TTL are kept).</summary>
        Append,
        /// <summary>Add the bytes before the existing value (flags and TTL are kept).</summary>
        Prepend,
    }
}
