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
        private readonly ServerNode[] _nodes;
        private readonly INodeLocator _locator;
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
            _engine = new OperationEngine(options.OperationTimeout, options.Authenticator);
            _batches = new BatchEngine(_engine);
            _live = new LiveLocatorCache();
            var servers = new List<ServerAddress>(options.Servers);
            _nodes = new ServerNode[servers.Count];
            for (int i = 0; i < servers.Count; i++)
            {
                var pool = new ConnectionPool(servers[i], transport, options.MaxConnectionsPerServer, options.ConnectionIdleTimeout);
                _nodes[i] = new ServerNode(servers[i], pool, options.Protocol, options.ServerFailureLimit, options.DeadServerRetryDelay,
                    options.ServerKind, options.ItemSizeMax);
                _nodes[i].HealthChanged += _live.Invalidate;
            }
            Servers = servers.AsReadOnly();
            _locator = NodeLocatorFactory.Create(options.Distribution, servers);
        }

        /// <summary>A view that shares <paramref name="owner"/>'s connections but places every key by one server key.</summary>
        private MemcachedClient(MemcachedClient owner, string serverKey)
        {
            _options = owner._options;
            _prefix = owner._prefix;
            _base64 = owner._base64;
            Transcoder = owner.Transcoder;
            _nodes = owner._nodes;
            _locator = owner._locator;
            Servers = owner.Servers;
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

        public IReadOnlyList<ServerAddress> Servers { get; }

        public ITranscoder Transcoder { get; }

        public MemcachedClientOptions Options => _options;

        /// <summary>The server a key is stored on (dead servers included: this is the placement, not the remapping).</summary>
        public ServerAddress GetServer(string key) => _nodes[_locator.Locate(PlacementKey(key))].Address;

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
            ServerNode node = _nodes.Length == 1 ? _nodes[0] : _nodes[_locator.Locate(PlacementKey(key))];
            if (!node.IsDead) return node;
            if (_options.RemapDeadServers)
            {
                if (_locator is ModulaLocator modula)
                {
                    // python-memcached rehashes over the same bucket list until it hits a live server.
                    int index = modula.LocateAlive(PlacementKey(key), i => !_nodes[i].IsDead);
                    if (index >= 0) return _nodes[index];
                }
                else
                {
                    // pymemcache drops the node; libmemcached's auto-eject rebuilds the continuum: both equal a locator over the live servers.
                    var live = GetLiveLocator();
                    if (live.Nodes.Length > 0) return live.Nodes[live.Locator.Locate(PlacementKey(key))];
                }
            }
            throw new MemcachedServerDeadException(node.Address, node.DeadUntil);
        }

        private LiveLocator GetLiveLocator()
        {
            var current = _live.Current;
            if (current != null) return current;
            var live = new List<ServerNode>();
            foreach (var n in _nodes) if (!n.IsDead) live.Add(n);
            var addresses = live.ConvertAll(n => n.Address);
            current = new LiveLocator(live.ToArray(), live.Count == 0 ? null! : NodeLocatorFactory.Create(_options.Distribution, addresses));
            _live.Current = current;
            return current;
        }

        /// <summary>The locator over live servers, rebuilt lazily after any server's health changes. Shared with pinned views.</summary>
        private sealed class LiveLocatorCache
        {
            private volatile LiveLocator? _current;
            public LiveLocator? Current { get => _current; set => _current = value; }
            public void Invalidate(ServerNode _) => _current = null;
        }

        private sealed class LiveLocator
        {
            public LiveLocator(ServerNode[] nodes, INodeLocator locator)
            {
                Nodes = nodes;
                Locator = locator;
            }

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
            if (_ownsNodes) foreach (var node in _nodes) node.Dispose();
        }
    }
}
