namespace MemcachePS.Core.Cluster
{
    /// <summary>Key placement schemes, each named after the client whose placement it reproduces exactly (docs/PLACEMENT.md).</summary>
    public enum Distribution
    {
        /// <summary>pymemcache HashClient default: murmur3 rendezvous hashing; weights ignored (pymemcache has none).</summary>
        Rendezvous,
        /// <summary>libmemcached / pylibmc <c>behaviors={"ketama": True}</c>: one-at-a-time key hash (not MD5: libmemcached 1.x
        /// leaves the hash alone), 100 points per server; a weight above 1 anywhere switches to the weighted MD5 continuum.</summary>
        Ketama,
        /// <summary>libmemcached / pylibmc <c>behaviors={"ketama_weighted": True}</c>: MD5 key hash, MD5 continuum sized by server weight.</summary>
        KetamaWeighted,
        /// <summary>python-memcached: crc32 bucket list modulo, each server appearing weight times.</summary>
        Modula,
        /// <summary>libmemcached / pylibmc <c>behaviors={"ketama": True, "hash": "md5"}</c> (classic ketama): MD5 key hash,
        /// 100 MD5-hashed points per server; a weight above 1 anywhere switches to the weighted MD5 continuum.</summary>
        KetamaMd5,
    }
}
