using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// What an ElastiCache configuration endpoint said: the configuration version and the cache nodes, in its order. Each
    /// node is <c>host|ip|port</c> on the wire; it is reached (and named for placement) by its IP address, as pymemcache's
    /// AWSElastiCacheHashClient does by default (<c>use_vpc=True</c>), or by its host name when the IP field is empty.
    /// </summary>
    internal sealed class ClusterConfiguration
    {
        public ClusterConfiguration(long version, IReadOnlyList<ServerAddress> servers)
        {
            Version = version;
            Servers = servers;
        }

        /// <summary>The number ElastiCache raises each time the node list changes.</summary>
        public long Version { get; }

        /// <summary>At least one node, no duplicates, in the endpoint's order.</summary>
        public IReadOnlyList<ServerAddress> Servers { get; }
    }
}
