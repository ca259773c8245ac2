namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Chooses the server for a key. A locator is built over a fixed server list and is immutable; the cluster builds
    /// a new one when the list of servers in use changes (for example when dead servers are ejected).
    /// </summary>
    public interface INodeLocator
    {
        /// <summary>Index into the server list the locator was built with.</summary>
        /// <param name="key">The full key as sent to the server (key prefix included).</param>
        int Locate(string key);
    }
}
