using System;
using System.Threading;
using System.Threading.Tasks;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// ElastiCache auto discovery for one client: reads the node list from the configuration endpoint when the client is
    /// created, again every refresh interval (a timer, if the interval is not zero) and whenever
    /// <see cref="MemcachedClient.RefreshServers"/> asks, and hands a changed list to <see cref="ClusterMembership"/>.
    /// </summary>
    /// <remarks>
    /// <para>A configuration is applied when its version differs from the one in use (ElastiCache raises the version with
    /// every change of the node list). One with the same version is not applied even if its list differs: the version is
    /// what ElastiCache promises, as in AWS's own cluster clients. A lower version is applied (a recreated cluster starts
    /// again at 1; waiting for a higher one would keep stale nodes for good).</para>
    /// <para>A refresh that fails (nothing listening, no reply by the timeout, a malformed reply, not an endpoint at all)
    /// keeps the nodes in use: item operations go on against them. Its error is kept in <see cref="Status"/>, and a
    /// refresh asked for by <see cref="MemcachedClient.RefreshServers"/> throws it. Only the first read, when the client
    /// is created, has no list to fall back on: it throws.</para>
    /// <para>Timer refreshes never overlap (the timer is re-armed after each one) and the timer dies with the client:
    /// disposing cancels a refresh in flight (closing its connection) and waits for it to end.</para>
    /// </remarks>
    internal sealed class ClusterDiscovery : IDisposable
    {
        private readonly ConfigurationEndpoint _endpoint;
        private readonly ClusterMembership _membership;
        private readonly TimeSpan _interval;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly object _gate = new object();
        private readonly Timer? _timer;
        private readonly ManualResetEventSlim _timerIdle = new ManualResetEventSlim(true);
        private int _timerThread;
        private long _version;
        private DateTime _lastRefreshed;
        private MemcachedException? _lastError;
        private DateTime? _lastErrorTime;
        private int _failures;
        private volatile bool _disposed;

        public ClusterDiscovery(ConfigurationEndpoint endpoint, ClusterConfiguration initial, ClusterMembership membership, TimeSpan interval)
        {
            _endpoint = endpoint;
            _membership = membership;
            _interval = interval;
            _version = initial.Version;
            _lastRefreshed = DateTime.UtcNow;
            if (interval > TimeSpan.Zero) _timer = new Timer(OnTimer, null, interval, Timeout.InfiniteTimeSpan);
        }

        public ClusterDiscoveryStatus Status
        {
            get
            {
                lock (_gate) return new ClusterDiscoveryStatus(_endpoint.Address, _version, _lastRefreshed, _lastError, _lastErrorTime, _failures);
            }
        }

        /// <summary>Raised after every refresh, successful or not (tests wait on it instead of on the clock).</summary>
        internal event Action<ClusterDiscoveryStatus>? Refreshed;

        /// <summary>Reads the configuration now; true when the node list in use changed. Throws the endpoint's error.</summary>
        public bool Refresh(CancellationToken token)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(token, _stop.Token);
            ClusterConfiguration config;
            try
            {
                config = _endpoint.Fetch(call.Token);
            }
            catch (MemcachedException e)
            {
                Failed(e);
                throw;
            }
            return Apply(config);
        }

        public async Task<bool> RefreshAsync(CancellationToken token)
        {
            using var call = CancellationTokenSource.CreateLinkedTokenSource(token, _stop.Token);
            ClusterConfiguration config;
            try
            {
                config = await _endpoint.FetchAsync(call.Token).ConfigureAwait(false);
            }
            catch (MemcachedException e)
            {
                Failed(e);
                throw;
            }
            return Apply(config);
        }

        private bool Apply(ClusterConfiguration config)
        {
            bool changed = false;
            lock (_gate)
            {
                if (config.Version != _version)
                {
                    changed = _membership.Replace(config.Servers);
                    _version = config.Version;
                }
                _lastRefreshed = DateTime.UtcNow;
                _lastError = null;
                _lastErrorTime = null;
                _failures = 0;
            }
            Refreshed?.Invoke(Status);
            return changed;
        }

        private void Failed(MemcachedException e)
        {
            lock (_gate)
            {
                _lastError = e;
                _lastErrorTime = DateTime.UtcNow;
                _failures++;
            }
            Refreshed?.Invoke(Status);
        }

        private void OnTimer(object? state)
        {
            lock (_gate)
            {
                if (_disposed) return;
                _timerIdle.Reset();
                _timerThread = Environment.CurrentManagedThreadId;
            }
            try
            {
                Refresh(CancellationToken.None);
            }
            catch (MemcachedException)
            {
                // kept in Status; the nodes in use stay
            }
            catch (OperationCanceledException)
            {
                // disposing
            }
            finally
            {
                lock (_gate)
                {
                    _timerThread = 0;
                    if (!_disposed)
                    {
                        try { _timer!.Change(_interval, Timeout.InfiniteTimeSpan); }
                        catch (ObjectDisposedException) { }
                    }
                    _timerIdle.Set();
                }
            }
        }

        /// <summary>Stops the timer, cancels a refresh in flight and waits for it to end (unless called from inside it).</summary>
        public void Dispose()
        {
            bool wait;
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                wait = _timerThread != Environment.CurrentManagedThreadId;
            }
            _stop.Cancel();
            _timer?.Dispose();
            // The refresh in flight ends at once (its connection was closed), within its own timeout at worst.
            if (wait) _timerIdle.Wait();
        }
    }
}
