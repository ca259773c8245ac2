using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;
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
                WrapStreamAsync = options.CreateStreamWrapper(),
            };
            _live = new LiveLocatorCache();
            var servers = new List<ServerAddress>(options.Servers);
            _nodes = new ServerNode[servers.Count];
            for (int i = 0; i < servers.Count; i++)
            {
                var pool = new ConnectionPool(servers[i], transport, options.MaxConnectionsPerServer, options.ConnectionIdleTimeout);
                _nodes[i] = new ServerNode(servers[i], pool, options.Protocol, options.ServerFailureLimit, options.DeadServerRetryDelay);
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

        // ------------------------------------------------------------------ engine: one operation, synchronous

        private TResult Run<TOp, TResult>(ServerNode node, ref TOp op) where TOp : struct, IOperation<TResult>
        {
            ThrowIfDisposed();
            ServerConnection conn = RentReady(node);
            bool awaitingReply = false;
            try
            {
                uint opaque = conn.NextOpaque();
                conn.Output.Clear();
                op.Write(conn.Output, node, opaque, quiet: false);
                awaitingReply = true;
                conn.Flush();
                bool meta = op.MetaReply(node);
                while (true)
                {
                    var progress = ReadReply<TOp, TResult>(conn, node, ref op, meta, opaque, out TResult result);
                    if (progress == ReplyProgress.Complete)
                    {
                        awaitingReply = false;
                        node.ReportSuccess();
                        return result;
                    }
                    if (progress == ReplyProgress.NeedMoreBytes) conn.Fill();
                }
            }
            catch (MemcachedServerException e) when (!conn.IsBroken)
            {
                awaitingReply = false; // a SERVER_ERROR reply is complete; the connection stays usable
                e.Server ??= node.Address.Name;
                throw;
            }
            catch (MemcachedConnectionException)
            {
                node.ReportFailure();
                throw;
            }
            finally
            {
                if (awaitingReply) conn.MarkBroken();
                node.Pool.Return(conn);
            }
        }

        // ------------------------------------------------------------------ engine: one operation, asynchronous

        private async Task<TResult> RunAsync<TOp, TResult>(ServerNode node, TOp op) where TOp : struct, IOperation<TResult>
        {
            ThrowIfDisposed();
            ServerConnection conn = await RentReadyAsync(node).ConfigureAwait(false);
            bool awaitingReply = false;
            using var timeout = new CancellationTokenSource(_options.OperationTimeout);
            using var abort = timeout.Token.Register(c => ((ServerConnection)c!).Abort(), conn);
            try
            {
                uint opaque = conn.NextOpaque();
                conn.Output.Clear();
                op.Write(conn.Output, node, opaque, quiet: false);
                awaitingReply = true;
                await conn.FlushAsync(timeout.Token).ConfigureAwait(false);
                bool meta = op.MetaReply(node);
                while (true)
                {
                    var progress = ReadReply<TOp, TResult>(conn, node, ref op, meta, opaque, out TResult result);
                    if (progress == ReplyProgress.Complete)
                    {
                        awaitingReply = false;
                        node.ReportSuccess();
                        return result;
                    }
                    if (progress == ReplyProgress.NeedMoreBytes) await conn.FillAsync(timeout.Token).ConfigureAwait(false);
                }
            }
            catch (MemcachedServerException e) when (!conn.IsBroken)
            {
                awaitingReply = false;
                e.Server ??= node.Address.Name;
                throw;
            }
            catch (MemcachedConnectionException)
            {
                node.ReportFailure();
                throw;
            }
            finally
            {
                abort.Dispose(); // once back in the pool the connection may be another caller's: no late timeout may abort it
                if (awaitingReply) conn.MarkBroken();
                node.Pool.Return(conn);
            }
        }

        private enum ReplyProgress { NeedMoreBytes, Partial, Complete }

        /// <summary>
        /// Takes the next reply element from the connection's buffer, if it is all there, and hands it to the
        /// operation: the one step the synchronous and asynchronous engines share (they differ only in how they wait).
        /// </summary>
        private static ReplyProgress ReadReply<TOp, TResult>(ServerConnection conn, ServerNode node, ref TOp op, bool meta, uint opaque, out TResult result)
            where TOp : struct, IOperation<TResult>
        {
            int n = meta
                ? MetaResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply)
                : TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out reply);
            if (n == 0)
            {
                result = default!;
                return ReplyProgress.NeedMoreBytes;
            }
            conn.Consume(n);
            CheckReply(conn, node, ref reply, meta, opaque);
            return op.Read(ref reply, conn.Buffer, node, out result) ? ReplyProgress.Complete : ReplyProgress.Partial;
        }

        /// <summary>
        /// Turns error replies into exceptions and checks that a meta reply echoes the request's opaque token: a reply
        /// meant for another request means the stream is out of step, and the connection is dropped.
        /// </summary>
        private static void CheckReply(ServerConnection conn, ServerNode node, ref ParsedResponse reply, bool meta, uint opaque)
        {
            switch (reply.Status)
            {
                case ResponseStatus.ServerError:
                    throw new MemcachedServerException("SERVER_ERROR " + reply.Message) { Server = node.Address.Name };
                case ResponseStatus.ClientError:
                    // The server may have lost its place in our stream; the connection is not trusted again.
                    conn.MarkBroken();
                    throw new MemcachedServerException("CLIENT_ERROR " + reply.Message) { Server = node.Address.Name };
                case ResponseStatus.Error:
                    conn.MarkBroken();
                    throw new MemcachedProtocolException($"{node.Address} does not know the command (ERROR).") { Server = node.Address.Name };
            }
            if (meta && reply.Status != ResponseStatus.NoOp && reply.Opaque != opaque)
            {
                conn.MarkBroken();
                throw new MemcachedProtocolException(
                    $"Reply from {node.Address} carries opaque {(reply.Opaque.HasValue ? reply.Opaque.Value.ToString() : "none")}, expected {opaque}: the connection is out of step and was closed.")
                { Server = node.Address.Name };
            }
        }

        // ------------------------------------------------------------------ connections and handshake

        private ServerConnection RentReady(ServerNode node)
        {
            ServerConnection conn;
            try
            {
                conn = node.Pool.Rent();
            }
            catch (MemcachedConnectionException e) when (!(e is MemcachedTlsException))
            {
                node.ReportFailure();
                throw;
            }
            if (conn.Initialized) return conn;
            HandshakeAsync(node, conn, sync: true).GetAwaiter().GetResult();
            return conn;
        }

        private async Task<ServerConnection> RentReadyAsync(ServerNode node)
        {
            ServerConnection conn;
            try
            {
                conn = await node.Pool.RentAsync().ConfigureAwait(false);
            }
            catch (MemcachedConnectionException e) when (!(e is MemcachedTlsException))
            {
                node.ReportFailure();
                throw;
            }
            if (conn.Initialized) return conn;
            await HandshakeAsync(node, conn, sync: false).ConfigureAwait(false);
            return conn;
        }

        /// <summary>
        /// Runs once on each new connection: authenticates when credentials are configured, reads item_size_max from
        /// <c>stats settings</c>, and (in Auto mode) asks <c>mn</c> to learn whether the server speaks meta commands —
        /// all pipelined into one round trip after authentication.
        /// </summary>
        private async Task HandshakeAsync(ServerNode node, ServerConnection conn, bool sync)
        {
            using var timeout = new CancellationTokenSource(_options.OperationTimeout);
            using var abort = timeout.Token.Register(c => ((ServerConnection)c!).Abort(), conn);
            bool ok = false;
            try
            {
                if (_options.Authenticator != null)
                    await _options.Authenticator.AuthenticateAsync(conn, node.Address, sync, timeout.Token).ConfigureAwait(false);

                bool detect = node.Mode == ProtocolMode.Auto;
                conn.Output.Clear();
                TextRequestWriter.Command(conn.Output, "stats", "settings");
                if (detect) MetaRequestWriter.NoOp(conn.Output);
                if (sync) conn.Flush(); else await conn.FlushAsync(timeout.Token).ConfigureAwait(false);

                bool settingsDone = false;
                while (true)
                {
                    int n = TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply);
                    if (n == 0)
                    {
                        if (sync) conn.Fill(); else await conn.FillAsync(timeout.Token).ConfigureAwait(false);
                        continue;
                    }
                    conn.Consume(n);
                    if (!settingsDone)
                    {
                        if (reply.Status == ResponseStatus.End || reply.IsError)
                        {
                            if (reply.Status == ResponseStatus.ClientError || reply.Status == ResponseStatus.ServerError)
                                ThrowIfAuthenticationRequired(reply.Message, node);
                            settingsDone = true;
                            if (!detect) break;
                            continue;
                        }
                        ReadSetting(ref reply, conn.Buffer, node);
                        continue;
                    }
                    if (ParseHelpers.Equals(conn.Buffer, reply.LineOffset, reply.LineLength, "MN")) node.SetProtocol(meta: true);
                    else if (reply.Status == ResponseStatus.Error) node.SetProtocol(meta: false);
                    else throw new MemcachedProtocolException($"Unexpected reply to mn from {node.Address}: '{reply.LineText(conn.Buffer)}'.");
                    break;
                }
                conn.Initialized = true;
                ok = true;
            }
            catch (MemcachedConnectionException)
            {
                node.ReportFailure();
                throw;
            }
            finally
            {
                if (!ok)
                {
                    conn.MarkBroken();
                    node.Pool.Return(conn);
                }
            }
        }

        private static void ReadSetting(ref ParsedResponse reply, byte[] buffer, ServerNode node)
        {
            const string itemSizeMax = "STAT item_size_max ";
            const string casEnabled = "STAT cas_enabled ";
            if (ParseHelpers.StartsWith(buffer, reply.LineOffset, reply.LineLength, itemSizeMax))
            {
                ulong size = ParseHelpers.ParseUInt64(buffer, reply.LineOffset + itemSizeMax.Length, reply.LineLength - itemSizeMax.Length, "item_size_max");
                node.ItemSizeMax = (int)Math.Min(int.MaxValue, size);
            }
            else if (ParseHelpers.StartsWith(buffer, reply.LineOffset, reply.LineLength, casEnabled))
            {
                node.CasEnabled = !ParseHelpers.Equals(buffer, reply.LineOffset + casEnabled.Length, reply.LineLength - casEnabled.Length, "no");
            }
        }

        private static void ThrowIfAuthenticationRequired(string? message, ServerNode node)
        {
            // memcached -Y answers "CLIENT_ERROR unauthenticated" to anything but the authentication set.
            if (message != null && message.IndexOf("authenticat", StringComparison.OrdinalIgnoreCase) >= 0)
                throw new MemcachedAuthenticationException($"{node.Address} requires authentication: configure credentials.") { Server = node.Address.Name };
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
