using System.Threading;
using System.Threading.Tasks;

namespace MemcachePS.Core
{
    /// <summary>ElastiCache auto discovery: the node list read from a configuration endpoint (see <see cref="MemcachedClientOptions.ConfigurationEndpoint"/>).</summary>
    public sealed partial class MemcachedClient
    {
        /// <summary>
        /// Where discovery stands (configuration version in use, last success, last error); null for a client given its
        /// servers rather than a configuration endpoint.
        /// </summary>
        public ClusterDiscoveryStatus? DiscoveryStatus => _discovery?.Status;

        /// <summary>
        /// Asks the configuration endpoint for the node list now, instead of waiting for the next refresh interval. When
        /// the configuration's version differs from the one in use, its nodes are used from then on: keys move as the
        /// <see cref="MemcachedClientOptions.Distribution"/> places them over the new list, and the connections of nodes
        /// that left are closed (idle ones at once, the ones in use when their calls end). Calls in flight are not disturbed.
        /// </summary>
        /// <returns>True when the servers in use changed.</returns>
        /// <exception cref="MemcachedClientException">The client has no configuration endpoint.</exception>
        /// <exception cref="MemcachedException">
        /// The endpoint could not be asked or gave no valid configuration (connection, timeout, protocol or server
        /// exception, naming the endpoint). The servers in use stay as they were.
        /// </exception>
        public bool RefreshServers(CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            return RequireDiscovery().Refresh(cancellationToken);
        }

        /// <inheritdoc cref="RefreshServers"/>
        public Task<bool> RefreshServersAsync(CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            return RequireDiscovery().RefreshAsync(cancellationToken);
        }

        private Cluster.ClusterDiscovery RequireDiscovery() =>
            _discovery ?? throw new MemcachedClientException(
                "This client was given its servers, not a configuration endpoint: there is nothing to refresh them from.");
    }
}
