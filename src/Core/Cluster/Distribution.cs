namespace MemcachePS.Core.Cluster
{
    /// <summary>Key placement schemes, each named after the client whose placement it reproduces exactly.</summary>
    public enum Distribution
    {
        /// <summary>pymemcache HashClient default: murmur3 rendezvous hashing.</summary>
        Rendezvous,
        /// <summary>libmemcached / pylibmc <c>behaviors={"ketama": True}</c>: MD5 continuum, weights ignored.</summary>
        Ketama,
        /// <summary>libmemcached / pylibmc <c>behaviors={"ketama_weighted": True}</c>: MD5 continuum sized by server weight.</summary>
        KetamaWeighted,
        /// <summary>python-memcached: crc32 bucket list modulo, each server appearing weight times.</summary>
        Modula,
    }
}
