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
        private int _protocol; // 0 unknown, 1 meta, 2 classic, 3 binary
        private int _itemSizeMax = MemcachedConstants.DefaultItemSizeMax;

        private int _proxyDetected;

        public ServerNode(ServerAddress address, ConnectionPool pool, ProtocolMode mode, int failureLimit, TimeSpan retryDelay,
            ServerKind kind = ServerKind.Memcached, int? itemSizeMax = null)
        {
            Address = address;
            Pool = pool;
            Mode = mode;
            Kind = kind;
            _failureLimit = failureLimit;
            _retryDelay = retryDelay;
            if (mode == ProtocolMode.Meta) _protocol = 1;
            if (mode == ProtocolMode.Classic) _protocol = 2;
            if (mode == ProtocolMode.Binary) _protocol = 3;
            if (mode == ProtocolMode.Auto && kind == ServerKind.Proxy) _protocol = 2; // nothing may be asked: classic, which every proxy speaks
            if (itemSizeMax.HasValue)
            {
                _itemSizeMax = itemSizeMax.Value;
                ItemSizeMaxConfigured = true;
            }
        }

        public ServerAddress Address { get; }
        public ConnectionPool Pool { get; }
        public ProtocolMode Mode { get; }

        /// <summary>What the configuration says the server is.</summary>
        public ServerKind Kind { get; }

        /// <summary>
        /// A proxy: configured as one, or found to be one (it closed a new connection on the handshake's <c>stats settings</c>
        /// or <c>mn</c> and then answered <c>version</c>). What a proxy lacks is refused before sending.
        /// </summary>
        public bool IsProxy => Kind == ServerKind.Proxy || Volatile.Read(ref _proxyDetected) != 0;

        /// <summary>Whether the proxy was found rather than configured (for messages).</summary>
        public bool ProxyDetected => Kind != ServerKind.Proxy && Volatile.Read(ref _proxyDetected) != 0;

        /// <summary>
        /// The server closed a new connection on the handshake: from now on new connections ask only <c>version</c>, and
        /// in Auto mode the classic protocol is spoken (a server that will not answer <c>mn</c> does not speak meta).
        /// </summary>
        public void DetectProxy()
        {
            Volatile.Write(ref _proxyDetected, 1);
            if (Mode == ProtocolMode.Auto) SetProtocol(meta: false);
        }

        /// <summary>The <c>version</c> probe after a detection failed too: nothing is known, the next connection starts over.</summary>
        public void ForgetProxy()
        {
            if (Interlocked.Exchange(ref _proxyDetected, 0) != 0 && Mode == ProtocolMode.Auto && Kind == ServerKind.Memcached)
                Volatile.Write(ref _protocol, 0);
        }

        private int _probeBinary;

        /// <summary>
        /// In Auto mode, a new connection's text handshake was closed without a reply: the server may speak only the binary
        /// protocol (memcached <c>-S</c>, which closes a connection whose first 24 bytes are not a binary header), or be a
        /// proxy nobody declared. The next connection asks in binary (SASL list mechanisms) first
        /// (<see cref="ProbesBinary"/>); when that is closed too, the server is taken for a proxy (<see cref="DetectProxy"/>).
        /// </summary>
        public void SuspectBinaryOnly() => Volatile.Write(ref _probeBinary, 1);

        /// <summary>Whether the next new connection asks in binary whether the server speaks it (see <see cref="SuspectBinaryOnly"/>).</summary>
        public bool ProbesBinary => Volatile.Read(ref _probeBinary) != 0 && !ProtocolKnown;

        /// <summary>The binary probe was closed too (or answered in text): a proxy, asked only <c>version</c> from now on.</summary>
        public void BinaryProbeFailed()
        {
            Volatile.Write(ref _probeBinary, 0);
            DetectProxy();
        }

        /// <summary>
        /// A new connection's full handshake (<c>stats settings</c>, <c>mn</c>) was answered once: the server is no proxy that
        /// closes on them, so a later connection closed during it is a failure, never a reason to fall back.
        /// </summary>
        public bool HandshakeAnswered
        {
            get => Volatile.Read(ref _handshakeAnswered) != 0;
            set => Volatile.Write(ref _handshakeAnswered, value ? 1 : 0);
        }

        private int _handshakeAnswered;

        /// <summary>item_size_max came from the options (<see cref="MemcachedClientOptions.ItemSizeMax"/>): it is not asked.</summary>
        public bool ItemSizeMaxConfigured { get; }

        /// <summary>Meta commands in use (known after the first connection in Auto mode).</summary>
        public bool UsesMeta => Volatile.Read(ref _protocol) == 1;

        /// <summary>The binary protocol in use: <see cref="ProtocolMode.Binary"/>, or found in Auto mode (a SASL server).</summary>
        public bool UsesBinary => Volatile.Read(ref _protocol) == 3;
        public bool ProtocolKnown => Volatile.Read(ref _protocol) != 0;

        public void SetProtocol(bool meta) => Volatile.Write(ref _protocol, meta ? 1 : 2);

        /// <summary>Auto mode found a server that speaks only the binary protocol.</summary>
        public void SetBinary()
        {
            Volatile.Write(ref _protocol, 3);
            Volatile.Write(ref _probeBinary, 0);
        }

        /// <summary>The protocol in use, for messages: "meta", "classic", "binary" or "not yet known".</summary>
        public string ProtocolName => Volatile.Read(ref _protocol) switch { 1 => "meta", 2 => "classic", 3 => "binary", _ => "not yet known" };

        /// <summary>
        /// The server's item_size_max: from the options when given, else as read from <c>stats settings</c> (1 MiB until
        /// read, and for a proxy, which cannot be asked).
        /// </summary>
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
