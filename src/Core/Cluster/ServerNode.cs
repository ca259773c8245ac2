using System;
using System.Threading;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// A server as the client sees it: its address, its connection pool, what it supports (meta or classic protocol,
    /// its item size limit) and its health. After <c>failureLimit</c> consecutive connection failures it is dead for
    /// <c>retryDelay</c>; the first operation after that tries it again. Not failures, so never reported here: an error
    /// reply for one key (<see cref="Engine.ReplyErrors"/>), a wait for a busy pool that reaches the deadline, and the
    /// server refusing a new connection at its connection limit (<see cref="ConnectionPool.Refused"/>).
    /// </summary>
    internal sealed class ServerNode : IDisposable
    {
        private readonly int _failureLimit;
        private readonly TimeSpan _retryDelay;
        private int _consecutiveFailures;
        private long _deadUntilTicks;
        private int _protocol; // 0 unknown, 1 meta, 2 classic
        private int _itemSizeMax = MemcachedConstants.DefaultItemSizeMax;

        public ServerNode(ServerAddress address, ConnectionPool pool, ProtocolMode mode, int failureLimit, TimeSpan retryDelay)
        {
            Address = address;
            Pool = pool;
            Mode = mode;
            _failureLimit = failureLimit;
            _retryDelay = retryDelay;
            if (mode == ProtocolMode.Meta) _protocol = 1;
            if (mode == ProtocolMode.Classic) _protocol = 2;
        }

        public ServerAddress Address { get; }
        public ConnectionPool Pool { get; }
        public ProtocolMode Mode { get; }

        /// <summary>Meta commands in use (known after the first connection in Auto mode).</summary>
        public bool UsesMeta => Volatile.Read(ref _protocol) == 1;
        public bool ProtocolKnown => Volatile.Read(ref _protocol) != 0;

        public void SetProtocol(bool meta) => Volatile.Write(ref _protocol, meta ? 1 : 2);

        /// <summary>The server's item_size_max as read from <c>stats settings</c> (1 MiB until read).</summary>
        public int ItemSizeMax
        {
            get => Volatile.Read(ref _itemSizeMax);
            set => Volatile.Write(ref _itemSizeMax, value);
        }

        /// <summary>Whether the server keeps CAS tokens (<c>cas_enabled</c>; off with memcached -C), which costs 8 bytes per item.</summary>
        public bool CasEnabled { get; set; } = true;

        /// <summary>
        /// The largest value the server can store under a key of <paramref name="keyBytes"/> bytes. memcached refuses an
        /// item whose total size exceeds item_size_max, the total being its 48-byte header (memcached 1.6, 64-bit), the
        /// CAS token, the key and its NUL, 4 bytes of client flags when they are not 0, and the value's CR LF.
        /// </summary>
        public int MaxValueLength(int keyBytes, uint flags) =>
            ItemSizeMax - (ItemHeaderBytes + (CasEnabled ? 8 : 0) + keyBytes + 1 + (flags != 0 ? 4 : 0) + 2);

        internal const int ItemHeaderBytes = 48;

        /// <summary>Checked on every operation: a healthy server costs no clock read.</summary>
        public bool IsDead
        {
            get
            {
                long until = Interlocked.Read(ref _deadUntilTicks);
                return until != 0 && until > DateTime.UtcNow.Ticks;
            }
        }

        public DateTime DeadUntil => new DateTime(Interlocked.Read(ref _deadUntilTicks), DateTimeKind.Utc);

        public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

        /// <summary>Raised when the server becomes dead or alive again (the cluster rebuilds its locator).</summary>
        public event Action<ServerNode>? HealthChanged;

        /// <summary>A connection-level failure: every pooled connection is retired, and the server may be marked dead.</summary>
        public void ReportFailure()
        {
            Pool.Reset();
            int failures = Interlocked.Increment(ref _consecutiveFailures);
            if (failures >= _failureLimit)
            {
                bool wasDead = IsDead;
                Interlocked.Exchange(ref _deadUntilTicks, (DateTime.UtcNow + _retryDelay).Ticks);
                if (!wasDead) HealthChanged?.Invoke(this);
            }
        }

        public void ReportSuccess()
        {
            if (Volatile.Read(ref _consecutiveFailures) == 0 && Interlocked.Read(ref _deadUntilTicks) == 0) return;
            Interlocked.Exchange(ref _consecutiveFailures, 0);
            if (Interlocked.Exchange(ref _deadUntilTicks, 0) != 0) HealthChanged?.Invoke(this);
        }

        public void Dispose() => Pool.Dispose();

        public override string ToString() => Address.Name;
    }
}
