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
        /// <summary>php-memcached (libmemcached) with its default distribution, modula: one-at-a-time key hash modulo the
        /// number of servers; weights ignored, as libmemcached ignores them there.</summary>
        PhpMemcached,
        /// <summary>php-memcached with <c>Memcached::OPT_DISTRIBUTION =&gt; Memcached::DISTRIBUTION_CONSISTENT</c>: the
        /// continuum of <see cref="Ketama"/> (one-at-a-time keys, 100 points per server, weighted MD5 points once a
        /// weight exceeds 1), except that a unix socket's points are named by its bare path.</summary>
        PhpMemcachedConsistent,
        /// <summary>php-memcached with <c>Memcached::OPT_LIBKETAMA_COMPATIBLE =&gt; true</c>: the placement of
        /// <see cref="KetamaWeighted"/> (MD5 keys, weighted MD5 continuum), except that a unix socket's points are named
        /// by its bare path.</summary>
        PhpMemcachedLibketama,
        /// <summary>php-memcache (pecl memcache) with its defaults, <c>memcache.hash_strategy=consistent</c> and
        /// <c>memcache.hash_function=crc32</c>: a crc32 continuum of 160 points per unit of weight, read through 1024
        /// buckets.</summary>
        PhpMemcache,
        /// <summary>php-memcache (pecl memcache) with <c>memcache.hash_strategy=standard</c> (and crc32): the same
        /// placement as <see cref="Modula"/> (crc32 bucket list, each server weight times, a hash of 0 counted as 1).</summary>
        PhpMemcacheStandard,
        /// <summary>Perl Cache::Memcached: crc32 bucket list, each server weight times, indexed by
        /// <c>((crc32(key) &gt;&gt; 16) &amp; 0x7fff) % buckets</c> (unlike <see cref="Modula"/>, a hash of 0 stays 0).</summary>
        PerlCacheMemcached,
        /// <summary>Perl Cache::Memcached::Fast without <c>ketama_points</c> (its default, compatible mode): the same
        /// placement as <see cref="PerlCacheMemcached"/>.</summary>
        PerlCacheMemcachedFast,
        /// <summary>Perl Cache::Memcached::Fast with <c>ketama_points =&gt; 150</c>: its own chained-crc32 continuum,
        /// <c>(int)(150 * weight + 0.5)</c> points per server. Another ketama_points value places keys differently.</summary>
        PerlCacheMemcachedFastKetama,
        /// <summary>Go github.com/bradfitz/gomemcache: <c>crc32(key) % serverCount</c>; gomemcache has no weights, so
        /// server weights are ignored.</summary>
        GoMemcache,
        /// <summary>Ruby dalli (<c>Dalli::Client</c>, its <c>Dalli::Ring</c>): crc32 keys on a continuum of
        /// <c>floor(servers * 160 * weight / totalWeight)</c> SHA-1 points per server named <c>host:port:i</c>, taking the
        /// last point at or below the key's hash.</summary>
        Dalli,
        /// <summary>Java spymemcached with <c>ConnectionFactoryBuilder.setLocatorType(Locator.CONSISTENT)</c> and
        /// <c>setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)</c>: MD5 keys on 160 MD5 points per server named
        /// <c>ip:port-i</c> as Java prints the server's socket address (<c>name/ip:port-i</c> for a host name); weights
        /// ignored (the builder has none); TCP servers only.</summary>
        SpymemcachedKetama,
    }
}
