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
        /// <summary>Ruby's dalli: Ruby Marshal under flag 1, zlib under flag 2 (docs/FLAGS.md, "Dalli: flags and formats").</summary>
        Dalli = 20,
        /// <summary>Perl's Cache::Memcached and Cache::Memcached::Fast: scalars as bytes, references as Storable nfreeze (flag 1),
        /// gzip under flag 2, UTF-8 text under Fast's flag 4.</summary>
        PerlCacheMemcached = 21,
        /// <summary>Java's spymemcached SerializingTranscoder: UTF-8 strings, typed numbers, booleans, dates and bytes in bits 8-11,
        /// Java serialization (read as plain data only) under flag 1, gzip under flag 2.</summary>
        Spymemcached = 22,
        /// <summary>Go's gomemcache: the application's bytes and flags, verbatim; values read as byte[].</summary>
        GoMemcache = 23,
    }
}
