using System;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Core
{
    /// <summary>
    /// Where a client with a configuration endpoint (<see cref="MemcachedClientOptions.ConfigurationEndpoint"/>) stands: the
    /// configuration version whose nodes it uses, when it last read a configuration, and the last refresh's error, if the
    /// last refresh failed (the client then goes on with the nodes it had).
    /// </summary>
    public sealed class ClusterDiscoveryStatus
    {
        internal ClusterDiscoveryStatus(ServerAddress endpoint, long version, DateTime lastRefreshed, MemcachedException? lastError,
            DateTime? lastErrorTime, int consecutiveFailures)
        {
            Endpoint = endpoint;
            Version = version;
            LastRefreshed = lastRefreshed;
            LastError = lastError;
            LastErrorTime = lastErrorTime;
            ConsecutiveFailures = consecutiveFailures;
        }

        /// <summary>The configuration endpoint asked.</summary>
        public ServerAddress Endpoint { get; }

        /// <summary>The version of the configuration whose nodes are in use.</summary>
        public long Version { get; }

        /// <summary>When (UTC) a configuration was last read successfully, changed or not.</summary>
        public DateTime LastRefreshed { get; }

        /// <summary>Why the last refresh failed; null when it succeeded.</summary>
        public MemcachedException? LastError { get; }

        /// <summary>When (UTC) the last refresh failed; null when it succeeded.</summary>
        public DateTime? LastErrorTime { get; }

        /// <summary>Refreshes that failed in a row since the last one that succeeded.</summary>
        public int ConsecutiveFailures { get; }
    }
}
