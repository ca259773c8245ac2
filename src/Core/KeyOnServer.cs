using System;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Core
{
    /// <summary>
    /// A key for the multi-key calls, with the server it is on when the caller knows it: a key listed from a server
    /// (<see cref="IMemcachedStore.DumpKeys"/>) or read from one (<see cref="CacheItem.Server"/>) goes back to that
    /// server and is never placed again by the client's distribution, so keys written by a client that places them
    /// differently are still found. Without a server the key is placed as usual.
    /// </summary>
    /// <remarks>
    /// A server that is not one of the client's fails that key with a <see cref="MemcachedClientException"/> before
    /// anything is sent for it; a dead one fails it with <see cref="MemcachedServerDeadException"/> (it is not remapped,
    /// as <see cref="MemcachedClientOptions.RemapDeadServers"/> remaps placed keys: the key is not on another server).
    /// </remarks>
    public readonly struct KeyOnServer
    {
        /// <param name="key">The key, without the client's key prefix.</param>
        /// <param name="server">The server the key is on, or null to place it by the client's distribution.</param>
        public KeyOnServer(string key, ServerAddress? server)
        {
            Key = key ?? throw new ArgumentNullException(nameof(key));
            Server = server;
        }

        /// <summary>The key, without the client's key prefix.</summary>
        public string Key { get; }

        /// <summary>The server the key is sent to; null when the distribution places it.</summary>
        public ServerAddress? Server { get; }

        public override string ToString() => Server == null ? Key : $"{Key} on {Server.Name}";
    }
}
