namespace MemcachePS
{
    /// <summary>How Set-MemcachedItem stores values.</summary>
    public enum MemcachedSerializer
    {
        /// <summary>Portable: text, numbers and bytes as the shared flags table says; hashtables, objects and arrays as JSON.</summary>
        Default,
        /// <summary>PowerShell's CliXml: full type fidelity for PowerShell readers, opaque to other languages.</summary>
        CliXml,
        /// <summary>PHP's php-memcached extension (the Memcached class): its flags, serialize() for arrays, zlib or FastLZ compression.</summary>
        PhpMemcached,
        /// <summary>PHP's pecl memcache extension (the Memcache class): its flags, serialize() for arrays, zlib compression.</summary>
        PhpMemcache,
    }
}
