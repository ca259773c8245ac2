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
    /// <remarks>
    /// <para>A server at its own connection limit (memcached <c>-c</c>) refuses a new connection with
    /// <c>ERROR Too many open connections</c> and closes it, while the connections it admitted keep working. The pool then
    /// learns a limit, as libmemcached and Enyim would have their users set one: the connections open at that moment are
    /// what the server admits (<see cref="Refused"/>). Until the limit lapses, a caller that finds none of them idle waits
    /// for one to come back, within its deadline, instead of opening another; a call whose deadline passes while waiting
    /// is a timeout that names the refusal, not the server's failure.</para>
    /// <para>Bounded: the limit lapses <see cref="LearnedLimitLifetime"/> after the last refusal (the server's limit, or
    /// the other clients' share of it, may have changed), so each lapse costs at most one refused connect per caller that
    /// finds every connection busy, and the limit is learned again. A refusal while none of this pool's connections is
    /// open leaves nothing to wait for: that call fails at once with the refusal. Refusals purge nothing and count
    /// nothing toward marking the server dead; a server failure (<see cref="Reset"/>) forgets the limit.</para>
    /// <para>The limit is kept with the pool's slots: a caller that would exceed it keeps its slot out of circulation
    /// (withheld) and waits for another, so waiting is the same semaphore wait as for a busy pool, synchronous or not.</para>
    /// </remarks>
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
        private readonly object _limitGate = new object();
        private int _learnedLimit;         // 0: none; else the connections the server admits (see the remarks)
        private DateTime _learnedLimitUntil;
        private int _withheld;             // slots kept out of circulation while a learned limit holds
        private int _generation;
        private volatile bool _disposed;
        private volatile bool _retired;

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
            while (true)
            {
                LiftLearnedLimitIfDue();
                if (!_slots.Wait(wait ? deadline.Remaining : TimeSpan.Zero, token)) return null;
                var idle = TakeIdle();
                if (idle != null) return idle;
                if (WithheldAtLearnedLimit())
                {
                    if (!wait) return null;
                    continue;
                }
                try
                {
                    return Open(ServerConnection.Connect(_server, _settings, deadline, token));
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
            }
        }

        /// <summary>
        /// The asynchronous twin: <paramref name="callToken"/> carries the call's deadline and the caller's cancellation.
        /// Null when no slot came free before the token fired (never an exception: a busy pool is not the server's failure).
        /// </summary>
        public async Task<ServerConnection?> RentAsync(Deadline deadline, CancellationToken callToken)
        {
            ThrowIfDisposed();
            while (true)
            {
                LiftLearnedLimitIfDue();
                bool entered;
                try
                {
                    entered = await _slots.WaitAsync(deadline.Remaining, callToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The call's token fires at its deadline, which its timer may reach a moment before this deadline reads
                    // as passed: either way, no connection came free. The caller's own cancellation is told apart by the caller.
                    entered = false;
                }
                if (!entered) return null;
                var idle = TakeIdle();
                if (idle != null) return idle;
                if (WithheldAtLearnedLimit()) continue;
                try
                {
                    return Open(await ServerConnection.ConnectAsync(_server, _settings, callToken).ConfigureAwait(false));
                }
                catch
                {
                    _slots.Release();
                    throw;
                }
            }
        }

        /// <summary>How long a limit learned from a refusal holds (see the remarks).</summary>
        public static readonly TimeSpan LearnedLimitLifetime = TimeSpan.FromSeconds(5);

        /// <summary>The connections the server admits, as learned from its last refusal; null when no such limit holds.</summary>
        public int? LearnedLimit
        {
            get { lock (_limitGate) return _learnedLimit == 0 ? (int?)null : _learnedLimit; }
        }

        /// <summary>
        /// The server refused <paramref name="connection"/>, newly rented from this pool (its set-up read
        /// <c>ERROR Too many open connections</c>): closes it and learns the connections open now as the server's limit.
        /// True when there are such connections to wait for: the caller's slot is then withheld and the caller waits for
        /// one of them (rent again, within its deadline). False when none is open: the slot is given back and the call
        /// fails with the refusal.
        /// </summary>
        public bool Refused(ServerConnection connection)
        {
            Close(connection);
            lock (_limitGate)
            {
                int admitted = Volatile.Read(ref _open);
                if (admitted > 0)
                {
                    _learnedLimit = admitted;
                    _learnedLimitUntil = DateTime.UtcNow + LearnedLimitLifetime;
                    _withheld++;
                    return true;
                }
            }
            _slots.Release();
            return false;
        }

        /// <summary>
        /// With a slot in hand and no idle connection: when a learned limit holds and is reached, keeps the slot out of
        /// circulation and returns true (wait for another). Every open connection is then in another caller's hands (none
        /// is idle), so at least as many slots as connections stay in circulation and each comes back with its connection.
        /// </summary>
        private bool WithheldAtLearnedLimit()
        {
            if (Volatile.Read(ref _learnedLimit) == 0) return false;
            lock (_limitGate)
            {
                if (_learnedLimit == 0 || Volatile.Read(ref _open) < _learnedLimit) return false;
                _withheld++;
                return true;
            }
        }

        private void LiftLearnedLimitIfDue() => LiftLearnedLimit(onlyIfDue: true);

        private void LiftLearnedLimit(bool onlyIfDue)
        {
            if (Volatile.Read(ref _learnedLimit) == 0) return; // no limit: no clock read on the hot path
            int release;
            lock (_limitGate)
            {
                if (_learnedLimit == 0 || (onlyIfDue && DateTime.UtcNow < _learnedLimitUntil)) return;
                _learnedLimit = 0;
                release = _withheld;
                _withheld = 0;
            }
            if (release > 0) _slots.Release(release);
        }

        /// <summary>Gives a connection back: kept for reuse if healthy and current, closed otherwise.</summary>
        public void Return(ServerConnection connection)
        {
            try
            {
                if (_disposed || _retired || connection.IsBroken || connection.Count != 0 || connection.Generation != Volatile.Read(ref _generation))
                {
                    Close(connection);
                }
                else
                {
                    connection.LastUsed = DateTime.UtcNow;
                    connection.IsNew = false;
                    connection.TrimReadBuffer();
                    lock (_idle) _idle.Push(connection);
                    if ((_disposed || _retired) && TryPop(out var late)) Close(late!);
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
            LiftLearnedLimit(onlyIfDue: false);
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
        public MemcachedTimeoutException Exhausted(TimeSpan timeout)
        {
            int? limit = LearnedLimit;
            string message = limit.HasValue
                ? $"The {limit} connections to {_server} that it admits stayed busy for the whole operation timeout ({timeout.TotalMilliseconds:0} ms): " +
                  $"it refused more ('{ServerRefusedConnectionException.Line}', its connection limit, memcached -c). Raise memcached -c, " +
                  "lower MaxConnectionsPerServer across the clients that share the server, or raise the timeout."
                : $"All {MaxConnections} connections to {_server} stayed busy for the whole operation timeout ({timeout.TotalMilliseconds:0} ms); raise MaxConnectionsPerServer or the timeout.";
            return new MemcachedTimeoutException(message) { Server = _server.Name };
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(ConnectionPool), "The client has been disposed.");
        }

        /// <summary>
        /// The server left the cluster (a discovery refresh removed it): closes every idle connection now, and each one in use
        /// when its call gives it back, so calls in flight finish on it. Unlike <see cref="Dispose"/> a call that located the
        /// server just before it was removed may still rent (its connection is closed on return), so no call fails because of
        /// the removal itself.
        /// </summary>
        public void Retire()
        {
            _retired = true;
            while (TryPop(out var c)) Close(c!);
        }

        /// <summary>Whether <see cref="Retire"/> was called.</summary>
        public bool IsRetired => _retired;

        public void Dispose()
        {
            _disposed = true;
            while (TryPop(out var c)) Close(c!);
        }
    }
}
