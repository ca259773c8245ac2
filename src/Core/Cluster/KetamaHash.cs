namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// libmemcached's key hash (<c>MEMCACHED_BEHAVIOR_HASH</c>, pylibmc <c>behaviors["hash"]</c>) for a ketama continuum.
    /// It hashes the keys and, in an unweighted continuum, also the point names.
    /// </summary>
    internal enum KetamaHash
    {
        /// <summary>libmemcached's default (<c>"default"</c> in pylibmc): Jenkins one-at-a-time. What pylibmc's
        /// <c>{"ketama": True}</c> uses, since libmemcached 1.0 no longer switches to MD5 there.</summary>
        OneAtATime,
        /// <summary><c>"md5"</c>: the first four digest bytes, little-endian. Set by <c>{"ketama_weighted": True}</c>,
        /// or explicitly with <c>{"ketama": True, "hash": "md5"}</c> (the classic ketama of other clients).</summary>
        Md5,
    }
}
