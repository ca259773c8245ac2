namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Chooses the server for a key. A locator is built over a fixed server list and is immutable; the cluster builds
    /// a new one when the list of servers in use changes (for example when dead servers are ejected).
    /// </summary>
    internal interface INodeLocator
    {
        /// <summary>Index into the server list the locator was built with.</summary>
        /// <param name="key">
        /// The key the placement is computed from, which is not always the key sent: whether a key prefix is part of it
        /// depends on the client being matched (pymemcache and libmemcached's namespace hash the key without the prefix,
        /// python-memcached's multi-key prefix is hashed), and a pinned key is placed by its pin key instead. See each
        /// locator and docs/PLACEMENT.md. Any string is accepted.
        /// </param>
        int Locate(string key);
    }
}
