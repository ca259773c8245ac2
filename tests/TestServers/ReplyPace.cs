namespace MemcachePS.TestServers
{
    /// <summary>How a <see cref="TrickleServer"/> sends its replies to item commands.</summary>
    public enum ReplyPace
    {
        /// <summary>
        /// One byte every <see cref="TrickleServer.ByteInterval"/> of a reply that is valid all along (a value declared
        /// <see cref="TrickleServer.DeclaredValueBytes"/> long, a 20-digit CAS token, ...), so a client cannot reject it early.
        /// </summary>
        Trickle,

        /// <summary>Reads every request and never answers it; the connection stays open.</summary>
        Never,

        /// <summary>
        /// Valid replies as fast as the socket takes them; the first value of each connection is declared
        /// <see cref="TrickleServer.DeclaredValueBytes"/> long (up to 1 GiB), later ones are misses.
        /// </summary>
        Flood,
    }
}
