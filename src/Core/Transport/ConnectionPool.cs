using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;

namespace MemcachePS.Core.Transport
{
    /// <summary>
    /// Connections to one server: at most <see cref="MaxConnections"/> open at once, idle ones reused newest first,
    /// idle ones past their idle timeout closed. A broken connection is closed on return, never handed out again.
    /// </summary>
    internal sealed class ConnectionPool : IDisposable
    {
        private readonly ServerAddress _server;
        private readonly TransportSettings _settings;
        private readonly TimeSpan _idleTimeout;
        // A plain stack under a lock: ConcurrentStack allocates a node per push, and the pool is on every operation's path.
        private readonly Stack<ServerConnection> _idle = new Stack<ServerConnection>();
        private readonly SemaphoreSlim _slots;
        private int _open;
        private int _peakOpen;
        private int _generation;
        private volatile bool _disposed;

        public ConnectionPool(ServerAddress server, TransportSettings settings, int maxConnections, TimeSpan idleTimeout)
        {
            _server = server;
            _settings = settings;
            _idleTimeout = idleTimeout;
            MaxConnections = maxConnections;
            _slots = new SemaphoreSlim(maxConnections, maxConnections);
        }

        public int MaxConnections { get; }
        /// <summary>Connections open right now (idle plus in use).</summary>
        public int OpenConnections => Volatile.Read(ref _open);
        /// <summary>The most connections ever open at once.</summary>
        public int PeakOpenConnections => Volatile.Read(ref _peakOpen);
        public int IdleConnections { get { lock (_idle) return _idle.Count; } }

        /// <summary>
        /// Takes a connection, opening one if no healthy idle one exists, on the calling thread. Null when no slot came
        /// free by the deadline, or at once when <paramref name="wait"/> is false (the caller decides what that means:
        /// it is not the server's failure). The connect ends by the call's deadline.
        /// </summary>
        public ServerConnection? Rent(Deadline deadline, CancellationToken token, bool wait = true)
        {
            ThrowIfDisposed();
            if (!_slots.Wait(wait ? deadline.Remaining : TimeSpan.Zero, token)) return null;
            try
            {
                return TakeIdle() ?? Open(ServerConnection.Connect(_server, _settings, deadline, token));
            }
            catch
            {
                _slots.Release();
                throw;
            }
        }

        /// <summary>
        /// The asynchronous twin: <paramref name="callToken"/> carries the call's deadline and the caller's cancellation.
        /// Null when no slot came free before the token fired (never an exception: a busy pool is not the server's failure).
        /// </summary>
        public async Task<ServerConnection?> RentAsync(Deadline deadline, CancellationToken callToken)
        {
            ThrowIfDisposed();
            bool entered;
            try
            {
                entered = await _slots.WaitAsync(deadline.Remaining, callToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The call's token fires at its deadline, which its timer may reach a moment before this deadline reads as
                // passed: either way, no connection came free. The caller's own cancellation is told apart by the caller.
                entered = false;
            }
            if (!entered) return null;
            try
            {
                return TakeIdle() ?? Open(await ServerConnection.ConnectAsync(_server, _settings, callToken).ConfigureAwait(false));
            }
            catch
            {
                _slots.Release();
                throw;
            }
        }

        /// <summary>Gives a connection back: kept for reuse if healthy and current, closed otherwise.</summary>
        public void Return(ServerConnection connection)
        {
            try
            {
                if (_disposed || connection.IsBroken || connection.Count != 0 || connection.Generation != Volatile.Read(ref _generation))
                {
                    Close(connection);
                }
                else
                {
                    connection.LastUsed = DateTime.UtcNow;
                    connection.IsNew = false;
                    connection.TrimReadBuffer();
                    lock (_idle) _idle.Push(connection);
                    if (_disposed && TryPop(out var late)) Close(late!);
                }
            }
            finally
            {
                _slots.Release();
            }
        }

        /// <summary>Closes every idle connection and retires the ones in use (after a server failure they are all suspect).</summary>
        public void Reset()
        {
            Interlocked.Increment(ref _generation);
            while (TryPop(out var c)) Close(c!);
        }

        /// <summary>Closes every idle connection after letting <paramref name="farewell"/> write to it (the quit command).</summary>
        public void CloseIdle(Action<ServerConnection> farewell)
        {
            while (TryPop(out var c))
            {
                try { farewell(c!); }
                catch (MemcachedException) { /* closing anyway */ }
                Close(c!);
            }
        }

        private ServerConnection? TakeIdle()
        {
            DateTime now = DateTime.UtcNow;
            while (TryPop(out var c))
            {
                // Polled on every reuse, however recently the connection was given back: memcached restarts in well under
                // 100 ms, and a connection it closed must be replaced here, not found out by failing the next operation.
                if (now - c!.LastUsed > _idleTimeout || c.Generation != Volatile.Read(ref _generation) || c.LooksClosedOrDirty())
                {
                    Close(c);
                    continue;
                }
                return c;
            }
            return null;
        }

        private bool TryPop(out ServerConnection? connection)
        {
            lock (_idle)
            {
                if (_idle.Count == 0)
                {
                    connection = null;
                    return false;
                }
                connection = _idle.Pop();
                return true;
            }
        }

        private ServerConnection Open(ServerConnection c)
        {
            c.Generation = Volatile.Read(ref _generation);
            int open = Interlocked.Increment(ref _open);
            int peak;
            while (open > (peak = Volatile.Read(ref _peakOpen)) && Interlocked.CompareExchange(ref _peakOpen, open, peak) != peak) { }
            return c;
        }

        private void Close(ServerConnection c)
        {
            c.Dispose();
            Interlocked.Decrement(ref _open);
        }

        /// <summary>What a call that got no connection within its deadline throws.</summary>
        public MemcachedTimeoutException Exhausted(TimeSpan timeout) =>
            new MemcachedTimeoutException(
                $"All {MaxConnections} connections to {_server} stayed busy for the whole operation timeout ({timeout.TotalMilliseconds:0} ms); raise MaxConnectionsPerServer or the timeout.")
            { Server = _server.Name };

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(ConnectionPool), "The client has been disposed.");
        }

        public void Dispose()
        {
            _disposed = true;
            while (TryPop(out var c)) Close(c!);
        }
    }
}
