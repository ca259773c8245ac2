namespace MemcachePS.Core
{
    /// <summary>What the configured addresses are: memcached servers, or proxies in front of them.</summary>
    public enum ServerKind
    {
        /// <summary>
        /// memcached itself (the default). A new connection first asks <c>stats settings</c> (item_size_max) and, in
        /// <see cref="ProtocolMode.Auto"/>, <c>mn</c>. A server that closes the connection on those instead of answering (a
        /// proxy nobody said was one) is spoken to as a <see cref="Proxy"/> from then on, after one <c>version</c> on a new
        /// connection shows it is serving.
        /// </summary>
        Memcached,

        /// <summary>
        /// A proxy that forwards item commands only: twemproxy (nutcracker), mcrouter-style servers. Nothing is sent on a new
        /// connection (authentication aside); the classic protocol is spoken unless <see cref="ProtocolMode.Meta"/> is asked
        /// for; item_size_max is <see cref="MemcachedClientOptions.ItemSizeMax"/> (1 MiB unless set). What such a proxy
        /// closes the connection on fails before anything is sent, with a <see cref="MemcachedClientException"/> that says so:
        /// get-and-touch (gat/gats) in the classic protocol, stats, flush_all, verbosity, cache_memlimit and key listing
        /// (lru_crawler metadump). <c>version</c> is sent (twemproxy answers it).
        /// </summary>
        Proxy,
    }
}
