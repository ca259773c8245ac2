using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core
{
    /// <summary>
    /// A memcached client over one or more servers: item operations (single and multi-key, sync and async), counters,
    /// and server commands. Thread-safe; keep one per set of servers and dispose it at the end.
    /// </summary>
    public sealed partial class MemcachedClient : IDisposable
    {
        private readonly MemcachedClientOptions _options;
        private readonly string _prefix;
        private readonly bool _base64;
        private readonly ClusterMembership _membership;
        private readonly ClusterDiscovery? _discovery;
        private readonly string? _serverKey;
        private readonly bool _ownsNodes = true;
        private readonly LiveLocatorCache _live;
        private readonly OperationEngine _engine;
        private readonly BatchEngine _batches;
        private int _disposed;

        public MemcachedClient(string server) : this(new MemcachedClientOptions().AddServer(server)) { }

        public MemcachedClient(MemcachedClientOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            options.Validate();
            _options = options;
            _prefix = options.KeyPrefix ?? string.Empty;
            _base64 = options.Base64Keys;
            Transcoder = options.Transcoder ?? new DefaultTranscoder();
            var transport = new TransportSettings
            {
                ConnectTimeout = options.ConnectTimeout,
                OperationTimeout = options.OperationTimeout,
                Tls = options.CreateTlsConnector(),
            };
            _engine = new OperationEngine(options.OperationTimeout, options.Authenticator, options.SaslAuthenticator);
            _batches = new BatchEngine(_engine);
            _live = new LiveLocatorCache();
            IReadOnlyList<ServerAddress> servers = new List<ServerAddress>(options.Servers);
            ConfigurationEndpoint? endpoint = null;
            ClusterConfiguration? discovered = null;
            if (options.ConfigurationEndpoint != null)
            {
                // The first read has no list to fall back on: its failure is the constructor's.
                endpoint = new ConfigurationEndpoint(options.ConfigurationEndpoint, transport, options.OperationTimeout);
                discovered = endpoint.Fetch(CancellationToken.None);
                servers = discovered.Servers;
            }
            _membership = new ClusterMembership(servers, options.Distribution, address =>
            {
                var pool = new ConnectionPool(address, transport, options.MaxConnectionsPerServer, options.ConnectionIdleTimeout);
                var node = new ServerNode(address, pool, options.Protocol, options.ServerFailureLimit, options.DeadServerRetryDelay,
                    options.ServerKind, options.ItemSizeMax);
                node.HealthChanged += _live.Invalidate;
                return node;
            });
            _membership.Changed += _live.Invalidate;
            if (endpoint != null) _discovery = new ClusterDiscovery(endpoint, discovered!, _membership, options.DiscoveryRefreshInterval);
        }

        /// <summary>The nodes in use now (discovery may replace them at any moment: read <see cref="ClusterMembership.Current"/> once per call).</summary>
        private ServerNode[] _nodes => _membership.Current.Nodes;

        /// <summary>A view that shares <paramref name="owner"/>'s connections but places every key by one server key.</summary>
        private MemcachedClient(MemcachedClient owner, string serverKey)
        {
            _options = owner._options;
            _prefix = owner._prefix;
            _base64 = owner._base64;
            Transcoder = owner.Transcoder;
            _membership = owner._membership;
            _discovery = owner._discovery;
            _live = owner._live;
            _engine = owner._engine;
            _batches = owner._batches;
            _serverKey = serverKey;
            _ownsNodes = false;
        }

        /// <summary>
        /// Pinning: a client whose keys all go to the server that <paramref name="serverKey"/> is placed on (as
        /// pymemcache's <c>(server_key, key)</c> and python-memcached's <c>(hash, key)</c> do), so related keys share
        /// a server. It shares this client's connections; disposing it closes nothing.
        /// </summary>
        public MemcachedClient WithServerKey(string serverKey)
        {
            if (serverKey == null) throw new ArgumentNullException(nameof(serverKey));
            return new MemcachedClient(this, serverKey);
        }

        /// <summary>The servers in use, in placement order. With a configuration endpoint, the nodes it last listed.</summary>
        public IReadOnlyList<ServerAddress> Servers => _membership.Current.Addresses;

        public ITranscoder Transcoder { get; }

        public MemcachedClientOptions Options => _options;

        /// <summary>The server a key is stored on (dead servers included: this is the placement, not the remapping).</summary>
        public ServerAddress GetServer(string key)
        {
            var set = _membership.Current;
            return set.Nodes[set.Locator.Locate(PlacementKey(key))].Address;
        }

        /// <summary>
        /// What placement is computed from: the key without the client's prefix, as pymemcache's key_prefix and
        /// libmemcached's namespace do (docs/PLACEMENT.md), or the server key of a pinned client.
        /// </summary>
        private string PlacementKey(string key) => _serverKey ?? key;

        /// <summary>Connections open to a server right now, and the most ever open at once (for tests and diagnostics).</summary>
        public (int Open, int Peak, int Max) GetPoolStatistics(ServerAddress server)
        {
            var node = NodeFor(server);
            return (node.Pool.OpenConnections, node.Pool.PeakOpenConnections, node.Pool.MaxConnections);
        }

        /// <summary>Whether the client currently treats the server as dead, and until when.</summary>
        public DateTime? GetDeadUntil(ServerAddress server)
        {
            var node = NodeFor(server);
            return node.IsDead ? node.DeadUntil : (DateTime?)null;
        }

        private ServerNode NodeFor(ServerAddress server)
        {
            foreach (var node in _nodes) if (node.Address.Equals(server) || node.Address.Name == server.Name) return node;
            throw new MemcachedClientException($"{server} is not one of this client's servers.");
        }

        /// <summary>
        /// The node for a key. A dead node (inside its retry delay) raises <see cref="MemcachedServerDeadException"/>,
        /// unless remapping is on, in which case the key goes to the live servers as libmemcached's auto-eject does.
        /// </summary>
        private ServerNode Locate(string key)
        {
            KeyValidator.Validate(_prefix, key, _base64);
            var set = _membership.Current;
            ServerNode node = set.Nodes.Length == 1 ? set.Nodes[0] : set.Nodes[set.Locator.Locate(PlacementKey(key))];
            if (!node.IsDead) return node;
            if (_options.RemapDeadServers)
            {
                var remapped = Remap(set, key);
                if (remapped != null) return remapped;
            }
            throw new MemcachedServerDeadException(node.Address, node.DeadUntil);
        }

        /// <summary>
        /// The node of a server the caller named for a key (<see cref="KeyOnServer"/>): never the distribution's choice,
        /// and never remapped when it is dead, since the key is on that server and on no other.
        /// </summary>
        private ServerNode LocateOn(string key, ServerAddress server)
        {
            KeyValidator.Validate(_prefix, key, _base64);
            foreach (var node in _membership.Current.Nodes)
            {
                if (!node.Address.Equals(server) && node.Address.Name != server.Name) continue;
                if (node.IsDead) throw new MemcachedServerDeadException(node.Address, node.DeadUntil);
                return node;
            }
            throw new MemcachedClientException($"{server.Name} is not one of this client's servers, so nothing was sent for '{key}' (a key sent to a named server is never placed on another).");
        }

        /// <summary>A live server for a key whose server is dead (a method of its own: its closure is allocated only here).</summary>
        private ServerNode? Remap(ServerSet set, string key)
        {
            var nodes = set.Nodes;
            if (set.Locator is ModulaLocator modula)
            {
                // python-memcached rehashes over the same bucket list until it hits a live server.
                int index = modula.LocateAlive(PlacementKey(key), i => !nodes[i].IsDead);
                return index >= 0 ? nodes[index] : null;
            }
            // pymemcache drops the node; libmemcached's auto-eject rebuilds the continuum: both equal a locator over the live servers.
            var live = GetLiveLocator(set);
            return live.Nodes.Length > 0 ? live.Nodes[live.Locator.Locate(PlacementKey(key))] : null;
        }

        private LiveLocator GetLiveLocator(ServerSet set)
        {
            var current = _live.Current;
            if (current != null && current.Source == set) return current;
            var live = new List<ServerNode>();
            foreach (var n in set.Nodes) if (!n.IsDead) live.Add(n);
            var addresses = live.ConvertAll(n => n.Address);
            current = new LiveLocator(set, live.ToArray(), live.Count == 0 ? null! : NodeLocatorFactory.Create(_options.Distribution, addresses));
            _live.Current = current;
            return current;
        }

        /// <summary>The locator over live servers, rebuilt lazily after any server's health changes. Shared with pinned views.</summary>
        private sealed class LiveLocatorCache
        {
            private volatile LiveLocator? _current;
            public LiveLocator? Current { get => _current; set => _current = value; }
            public void Invalidate(ServerNode _) => _current = null;
            public void Invalidate(ServerSet _) => _current = null;
        }

        private sealed class LiveLocator
        {
            public LiveLocator(ServerSet source, ServerNode[] nodes, INodeLocator locator)
            {
                Source = source;
                Nodes = nodes;
                Locator = locator;
            }

            /// <summary>The server set it was built from: a locator of a replaced set is never used.</summary>
            public ServerSet Source { get; }
            public ServerNode[] Nodes { get; }
            public INodeLocator Locator { get; }
        }

        private void ThrowIfDisposed()
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(MemcachedClient));
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            if (!_ownsNodes) return;
            _discovery?.Dispose(); // first: no refresh may replace the set while it is being closed
            _membership.Dispose();
        }
    }
}
