using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Transport
{
    /// <summary>
    /// One socket to one server, with a request buffer to encode into and a read buffer that replies are parsed from.
    /// Any I/O error or timeout marks the connection broken; a broken connection is closed, never pooled again.
    /// </summary>
    internal sealed class ServerConnection : IDisposable
    {
        private const int InitialReadBuffer = 16 * 1024;
        /// <summary>The largest byte array the runtime allocates (Array.MaxLength in .NET 6+).</summary>
        private const int MaxReadBuffer = 0x7FFFFFC7;
        private static long s_opened;
        private static long s_closed;

        private readonly Socket _socket;
        private readonly Stream _stream;
        private readonly TimeSpan _operationTimeout;
        private byte[] _read = new byte[InitialReadBuffer];
        private int _readStart;
        private int _readEnd;
        private uint _opaque;
        private int _disposed;
        private volatile bool _timedOut;
        private int _receiveTimeoutMs;
        private int _sendTimeoutMs;

        /// <summary>How far past a deadline a blocking read or write may run before its socket timeout is lowered.</summary>
        private const int TimeoutSlackMs = 50;

        private ServerConnection(ServerAddress server, Socket socket, Stream stream, TimeSpan operationTimeout)
        {
            Server = server;
            _socket = socket;
            _stream = stream;
            _operationTimeout = operationTimeout;
            _receiveTimeoutMs = socket.ReceiveTimeout;
            _sendTimeoutMs = socket.SendTimeout;
            _opaque = RandomOpaque();
            LastUsed = DateTime.UtcNow;
            Interlocked.Increment(ref s_opened);
        }

        public ServerAddress Server { get; }
        public RequestBuffer Output { get; } = new RequestBuffer();
        public bool IsBroken { get; private set; }
        public DateTime LastUsed { get; set; }
        /// <summary>The pool generation this connection belongs to; older generations are discarded.</summary>
        public int Generation { get; set; }
        /// <summary>A TLS connection that offered a client certificate (to explain a server that closes right after the handshake).</summary>
        public bool HasClientCertificate { get; private set; }

        /// <summary>True until the first operation on the connection completed.</summary>
        public bool IsNew { get; set; } = true;
        /// <summary>The handshake (authentication, settings, protocol detection) has run on this connection.</summary>
        public bool Initialized { get; set; }

        public byte[] Buffer => _read;
        public int Start => _readStart;
        public int Count => _readEnd - _readStart;

        /// <summary>Connections opened and closed by this process so far (for leak checks).</summary>
        public static long OpenedCount => Interlocked.Read(ref s_opened);
        public static long ClosedCount => Interlocked.Read(ref s_closed);

        public uint NextOpaque() => ++_opaque == 0 ? ++_opaque : _opaque;

        private static readonly System.Security.Cryptography.RandomNumberGenerator s_random = System.Security.Cryptography.RandomNumberGenerator.Create();

        /// <summary>
        /// Where a connection's opaque tokens start: a random point, so a stale reply from another connection's sequence
        /// (all of which would otherwise start at 1) matches a request only by a 1 in 2^32 chance. Tokens wrap past 0.
        /// </summary>
        private static uint RandomOpaque()
        {
            var bytes = new byte[4];
            lock (s_random) s_random.GetBytes(bytes);
            return BitConverter.ToUInt32(bytes, 0);
        }

        /// <summary>The token <see cref="NextOpaque"/> will return, without using it up.</summary>
        public uint PeekNextOpaque() => _opaque + 1 == 0 ? 1u : _opaque + 1;

        public void Consume(int bytes) => _readStart += bytes;

        public void MarkBroken() => IsBroken = true;

        /// <summary>
        /// Opens a connection on the calling thread: a non-blocking connect polled until the connect timeout or the
        /// call's deadline, whichever comes first (no thread-pool work is waited on, but for resolving a host name).
        /// </summary>
        public static ServerConnection Connect(ServerAddress server, TransportSettings settings, Deadline callDeadline, CancellationToken token)
        {
            Deadline deadline = Deadline.Start(settings.ConnectTimeout).EarlierOf(callDeadline);
            Socket? socket = null;
            bool tlsHandshake = false;
            try
            {
                EndPoint[] endpoints = Resolve(server, deadline, token);
                Exception? last = null;
                foreach (var endpoint in endpoints)
                {
                    socket = NewSocket(server, endpoint);
                    try
                    {
                        using (token.CanBeCanceled ? token.Register(s => ((Socket)s!).Dispose(), socket) : default)
                            ConnectWithin(socket, endpoint, deadline);
                        last = null;
                        break;
                    }
                    catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                    {
                        last = e;
                        socket.Dispose();
                        socket = null;
                        if (deadline.HasPassed || token.IsCancellationRequested) break;
                    }
                }
                token.ThrowIfCancellationRequested();
                if (socket == null)
                {
                    if (deadline.HasPassed) throw ConnectTimedOut(server, settings, callDeadline);
                    throw new MemcachedConnectionException($"Cannot connect to {server}: {(last as SocketException)?.SocketErrorCode.ToString() ?? last?.Message}.", last) { Server = server.Name };
                }

                Configure(socket, server, settings);
                Stream stream = new NetworkStream(socket, ownsSocket: true);
                if (settings.Tls != null)
                {
                    // The TLS handshake blocks on the socket, so the socket's timeouts bound it by what is left.
                    int left = Math.Max(1, deadline.RemainingMilliseconds);
                    socket.ReceiveTimeout = left;
                    socket.SendTimeout = left;
                    tlsHandshake = true;
                    using (token.CanBeCanceled ? token.Register(s => ((Socket)s!).Dispose(), socket) : default)
                        stream = settings.Tls.Wrap(stream, server, () => deadline.HasPassed);
                    token.ThrowIfCancellationRequested();
                }
                var connection = new ServerConnection(server, socket, stream, settings.OperationTimeout) { HasClientCertificate = settings.Tls?.HasClientCertificate == true };
                socket = null;
                return connection;
            }
            catch (OperationCanceledException)
            {
                socket?.Dispose();
                throw;
            }
            catch (Exception e) when (!(e is MemcachedException))
            {
                socket?.Dispose();
                token.ThrowIfCancellationRequested();
                if (deadline.HasPassed || IsTimeout(e)) throw ConnectTimedOut(server, settings, callDeadline, e, tlsHandshake);
                throw new MemcachedConnectionException($"Cannot connect to {server}: {e.Message}", e) { Server = server.Name };
            }
            catch
            {
                socket?.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Opens a connection asynchronously, within the connect timeout; <paramref name="callToken"/> carries the
        /// call's deadline and the caller's cancellation.
        /// </summary>
        public static async Task<ServerConnection> ConnectAsync(ServerAddress server, TransportSettings settings, CancellationToken callToken)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(callToken);
            cts.CancelAfter(settings.ConnectTimeout);
            Socket? socket = null;
            bool tlsHandshake = false;
            try
            {
                EndPoint[] endpoints = await ResolveAsync(server, cts.Token).ConfigureAwait(false);
                Exception? last = null;
                foreach (var endpoint in endpoints)
                {
                    socket = NewSocket(server, endpoint);
                    try
                    {
                        using (cts.Token.Register(s => ((Socket)s!).Dispose(), socket))
                            await socket.ConnectAsync(endpoint).ConfigureAwait(false);
                        last = null;
                        break;
                    }
                    catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                    {
                        last = e;
                        socket.Dispose();
                        socket = null;
                        if (cts.IsCancellationRequested) break;
                    }
                }
                callToken.ThrowIfCancellationRequested();
                if (socket == null)
                {
                    if (cts.IsCancellationRequested) throw ConnectTimedOut(server, settings, null);
                    throw new MemcachedConnectionException($"Cannot connect to {server}: {(last as SocketException)?.SocketErrorCode.ToString() ?? last?.Message}.", last) { Server = server.Name };
                }

                Configure(socket, server, settings);
                Stream stream = new NetworkStream(socket, ownsSocket: true);
                if (settings.Tls != null)
                {
                    tlsHandshake = true;
                    using (cts.Token.Register(s => ((Socket)s!).Dispose(), socket))
                        stream = await settings.Tls.WrapAsync(stream, server, cts.Token).ConfigureAwait(false);
                }
                var connection = new ServerConnection(server, socket, stream, settings.OperationTimeout) { HasClientCertificate = settings.Tls?.HasClientCertificate == true };
                socket = null;
                return connection;
            }
            catch (Exception e) when (!(e is MemcachedException))
            {
                socket?.Dispose();
                callToken.ThrowIfCancellationRequested();
                if (cts.IsCancellationRequested) throw ConnectTimedOut(server, settings, null, e, tlsHandshake);
                throw new MemcachedConnectionException($"Cannot connect to {server}: {e.Message}", e) { Server = server.Name };
            }
            catch
            {
                socket?.Dispose();
                throw;
            }
        }

        private static Socket NewSocket(ServerAddress server, EndPoint endpoint) =>
            server.IsUnixSocket
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

        /// <summary>
        /// A connect that waits no longer than the deadline. On Linux a blocking connect honours the send timeout
        /// (SO_SNDTIMEO; it fails with EINPROGRESS when it runs out). Elsewhere the connect starts non-blocking and is
        /// polled; not on Linux, where a socket once made non-blocking makes every later blocking read allocate.
        /// </summary>
        private static void ConnectWithin(Socket socket, EndPoint endpoint, Deadline deadline)
        {
            int left = deadline.RemainingMilliseconds;
            if (left == 0) throw new SocketException((int)SocketError.TimedOut);
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                socket.SendTimeout = left;
                try
                {
                    socket.Connect(endpoint);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.InProgress || e.SocketErrorCode == SocketError.WouldBlock)
                {
                    throw new SocketException((int)SocketError.TimedOut);
                }
                return;
            }
            socket.Blocking = false;
            try
            {
                socket.Connect(endpoint);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.InProgress)
            {
                long micros = Math.Min(int.MaxValue, (long)deadline.RemainingMilliseconds * 1000);
                if (micros == 0 || !socket.Poll((int)micros, SelectMode.SelectWrite))
                {
                    if (socket.Poll(0, SelectMode.SelectError)) ThrowPendingError(socket);
                    throw new SocketException((int)SocketError.TimedOut);
                }
                ThrowPendingError(socket);
            }
            socket.Blocking = true;
        }

        private static void ThrowPendingError(Socket socket)
        {
            int error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != 0) throw new SocketException(error);
        }

        private static void Configure(Socket socket, ServerAddress server, TransportSettings settings)
        {
            if (!server.IsUnixSocket)
            {
                socket.NoDelay = true;
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }
            int timeoutMs = (int)Math.Min(int.MaxValue, Math.Max(1, settings.OperationTimeout.TotalMilliseconds));
            socket.ReceiveTimeout = timeoutMs;
            socket.SendTimeout = timeoutMs;
        }

        private static bool IsTimeout(Exception e) =>
            (e as SocketException)?.SocketErrorCode == SocketError.TimedOut ||
            (e.InnerException as SocketException)?.SocketErrorCode == SocketError.TimedOut;

        private static MemcachedTimeoutException ConnectTimedOut(ServerAddress server, TransportSettings settings, Deadline? callDeadline, Exception? inner = null,
            bool tlsHandshake = false)
        {
            bool operationTimeout = callDeadline.HasValue && callDeadline.Value.HasPassed && callDeadline.Value.Timeout < settings.ConnectTimeout;
            string limit = operationTimeout
                ? $"the operation timeout ({callDeadline!.Value.Timeout.TotalMilliseconds:0} ms)"
                : $"the connect timeout ({settings.ConnectTimeout.TotalMilliseconds:0} ms)";
            string message = tlsHandshake
                ? $"The TLS handshake with {server} did not finish within {limit}: the server accepted the connection but did not complete TLS. " +
                  "Check that it speaks TLS on this port (memcached -Z) and is not overloaded, or allow more time (ConnectTimeout)."
                : operationTimeout
                    ? $"Connecting to {server} did not finish within {limit}."
                    : $"Connecting to {server} timed out after {settings.ConnectTimeout.TotalMilliseconds:0} ms.";
            return new MemcachedTimeoutException(message, inner!) { Server = server.Name };
        }

        private static EndPoint[] Resolve(ServerAddress server, Deadline deadline, CancellationToken token)
        {
            if (server.IsUnixSocket) return new[] { UnixSocketEndPoint.Create(server.UnixSocketPath!) };
            if (IPAddress.TryParse(server.Host, out var ip)) return new EndPoint[] { new IPEndPoint(ip, server.Port) };
            // Host names go to the operating system's resolver; the wait for it is bounded by the deadline.
            Task<IPAddress[]> lookup = Dns.GetHostAddressesAsync(server.Host);
            try
            {
                if (!lookup.Wait(deadline.RemainingMilliseconds, token)) throw new SocketException((int)SocketError.TimedOut);
                return Endpoints(server, lookup.Result);
            }
            catch (AggregateException e) when (e.InnerException is SocketException se)
            {
                throw CannotResolve(server, se);
            }
        }

        private static async Task<EndPoint[]> ResolveAsync(ServerAddress server, CancellationToken token)
        {
            if (server.IsUnixSocket) return new[] { UnixSocketEndPoint.Create(server.UnixSocketPath!) };
            if (IPAddress.TryParse(server.Host, out var ip)) return new EndPoint[] { new IPEndPoint(ip, server.Port) };
            Task<IPAddress[]> lookup = Dns.GetHostAddressesAsync(server.Host);
            var done = await Task.WhenAny(lookup, Task.Delay(Timeout.Infinite, token)).ConfigureAwait(false);
            if (done != lookup) throw new OperationCanceledException(token);
            try
            {
                return Endpoints(server, await lookup.ConfigureAwait(false));
            }
            catch (SocketException se)
            {
                throw CannotResolve(server, se);
            }
        }

        private static EndPoint[] Endpoints(ServerAddress server, IPAddress[] addresses)
        {
            if (addresses.Length == 0) throw new MemcachedConnectionException($"Host name '{server.Host}' has no addresses.") { Server = server.Name };
            var endpoints = new EndPoint[addresses.Length];
            for (int i = 0; i < addresses.Length; i++) endpoints[i] = new IPEndPoint(addresses[i], server.Port);
            return endpoints;
        }

        private static MemcachedConnectionException CannotResolve(ServerAddress server, SocketException se) =>
            new MemcachedConnectionException($"Cannot resolve host name '{server.Host}': {se.SocketErrorCode}.", se) { Server = server.Name };

        /// <summary>
        /// True when the server has closed its side (or sent bytes nobody asked for) while the connection sat idle:
        /// such a connection is not worth an operation. Costs one non-blocking poll.
        /// </summary>
        public bool LooksClosedOrDirty()
        {
            if (IsBroken) return true;
            try
            {
                return _socket.Poll(0, SelectMode.SelectRead) || Count != 0;
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                return true;
            }
        }

        /// <summary>
        /// Writes the request buffer to the socket and clears it, blocking no later than <paramref name="deadline"/>.
        /// </summary>
        public void Flush(Deadline deadline)
        {
            try
            {
                int left = deadline.RemainingMilliseconds;
                if (left == 0) throw TimedOut("sending to");
                if (_sendTimeoutMs < left || _sendTimeoutMs > left + TimeoutSlackMs) _socket.SendTimeout = _sendTimeoutMs = left;
                _stream.Write(Output.Bytes, 0, Output.Length);
                Output.Clear();
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                throw Fail(e, "sending to");
            }
        }

        public async Task FlushAsync(CancellationToken token)
        {
            try
            {
                await _stream.WriteAsync(Output.Bytes, 0, Output.Length, token).ConfigureAwait(false);
                Output.Clear();
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                throw Fail(e, "sending to", token);
            }
        }

        /// <summary>Writes bytes that are not in the request buffer (batch writers encode their own chunks).</summary>
        public async Task WriteAsync(byte[] bytes, int count, CancellationToken token)
        {
            try
            {
                await _stream.WriteAsync(bytes, 0, count, token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                throw Fail(e, "sending to", token);
            }
        }

        /// <summary>
        /// Reads more bytes from the server, blocking no later than <paramref name="deadline"/>: the socket's receive
        /// timeout is lowered to what is left whenever it would otherwise allow more (setting it costs a system call,
        /// so it is left alone while it is within <see cref="TimeoutSlackMs"/> of the deadline).
        /// </summary>
        public void Fill(Deadline deadline)
        {
            // Checked before the buffer grows: copying a large reply to a larger buffer takes time the call no longer has.
            if (deadline.HasPassed) throw TimedOut("reading from");
            PrepareRead();
            int n;
            try
            {
                if (!IsTls) WaitReadable(deadline);
                int left = deadline.RemainingMilliseconds;
                if (left == 0) throw TimedOut("reading from");
                if (_receiveTimeoutMs < left || _receiveTimeoutMs > left + TimeoutSlackMs) _socket.ReceiveTimeout = _receiveTimeoutMs = left;
                n = _stream.Read(_read, _readEnd, _read.Length - _readEnd);
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                throw Fail(e, "reading from");
            }
            AfterRead(n);
        }

        public async Task FillAsync(CancellationToken token)
        {
            PrepareRead();
            int n;
            try
            {
                n = await _stream.ReadAsync(_read, _readEnd, _read.Length - _readEnd, token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsIoFailure(e))
            {
                throw Fail(e, "reading from", token);
            }
            AfterRead(n);
        }

        private void PrepareRead()
        {
            if (IsBroken)
            {
                if (_timedOut) throw TimedOut("reading from");
                throw new MemcachedConnectionException($"The connection to {Server} is broken.") { Server = Server.Name };
            }
            if (_readStart > 0)
            {
                int count = _readEnd - _readStart;
                if (count > 0) System.Buffer.BlockCopy(_read, _readStart, _read, 0, count);
                _readStart = 0;
                _readEnd = count;
            }
            if (_readEnd == _read.Length)
            {
                // Grows by doubling up to the largest array .NET allows: a 1 GiB value (memcached's largest item) fits.
                if (_read.Length >= MaxReadBuffer)
                {
                    IsBroken = true;
                    throw new MemcachedProtocolException($"A reply from {Server} is larger than this client can hold ({MaxReadBuffer:N0} bytes).") { Server = Server.Name };
                }
                Array.Resize(ref _read, (int)Math.Min(MaxReadBuffer, (long)_read.Length * 2));
            }
        }

        private void AfterRead(int n)
        {
            if (n <= 0)
            {
                IsBroken = true;
                if (_timedOut) throw Fail(new IOException("The read was interrupted by the operation timeout."), "reading from");
                throw new MemcachedConnectionException($"{Server} closed the connection in the middle of a reply.") { Server = Server.Name };
            }
            _readEnd += n;
        }

        /// <summary>
        /// Makes room for a reply element of <paramref name="length"/> bytes from the read position in one step, rather than
        /// by doubling (each doubling copies what has arrived: near 1 GiB that took longer than a deadline allows). Only
        /// for sizes the parser has already checked against the server's item_size_max.
        /// </summary>
        public void Reserve(int length)
        {
            if (length <= _read.Length - _readStart) return;
            int count = _readEnd - _readStart;
            var larger = new byte[Math.Max(length, count)];
            System.Buffer.BlockCopy(_read, _readStart, larger, 0, count);
            _read = larger;
            _readStart = 0;
            _readEnd = count;
        }

        /// <summary>After a large reply, give the memory back rather than keep it in the pool.</summary>
        public void TrimReadBuffer()
        {
            if (_read.Length >= 256 * 1024 && Count == 0)
            {
                _read = new byte[InitialReadBuffer];
                _readStart = _readEnd = 0;
            }
        }

        /// <summary>
        /// Waits until the socket has bytes (or was closed) by the deadline, with poll: exact, where a blocking read's
        /// receive timeout overran long waits by about 5 % on Linux (5.24 s for 5 s). A TLS stream may hold bytes its
        /// socket no longer shows, so it relies on the receive timeout instead.
        /// </summary>
        private void WaitReadable(Deadline deadline)
        {
            while (true)
            {
                int left = deadline.RemainingMilliseconds;
                if (left == 0) throw TimedOut("reading from");
                if (_socket.Poll((int)Math.Min(int.MaxValue, left * 1000L), SelectMode.SelectRead)) return;
            }
        }

        /// <summary>
        /// Whether bytes can be read without waiting: unread bytes in the socket, for a plain connection. A TLS stream
        /// may hold decrypted bytes the socket no longer shows, so it never answers yes (its reads block instead).
        /// </summary>
        public bool HasBytesWaiting
        {
            get
            {
                if (IsTls || IsBroken) return false;
                try { return _socket.Available > 0; }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { return false; }
            }
        }

        /// <summary>
        /// Whether the bytes received and not yet read (taking in any that wait in the socket) begin with memcached's refusal
        /// of the connection (<see cref="ServerRefusedConnectionException.Line"/>). For a connection whose set-up failed.
        /// </summary>
        internal bool ReceivedRefusal()
        {
            if (!IsTls)
            {
                try
                {
                    while (_readEnd < _read.Length && _socket.Available > 0)
                    {
                        int n = _socket.Receive(_read, _readEnd, _read.Length - _readEnd, SocketFlags.None);
                        if (n <= 0) break;
                        _readEnd += n;
                    }
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    // reset or closed: what arrived before is still in the buffer
                }
            }
            return ParseHelpers.StartsWith(_read, _readStart, _readEnd - _readStart, ServerRefusedConnectionException.Line);
        }

        public bool IsTls => !(_stream is NetworkStream);

        /// <summary>The socket, for waiting on several connections at once (Socket.Select); never read it directly.</summary>
        internal Socket Socket => _socket;

        private MemcachedTimeoutException TimedOut(string doing)
        {
            IsBroken = true;
            _timedOut = true;
            return new MemcachedTimeoutException($"No reply from {Server} within {_operationTimeout.TotalMilliseconds:0} ms.") { Server = Server.Name };
        }

        private static bool IsIoFailure(Exception e) =>
            e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException ||
            e is InvalidOperationException;

        private MemcachedConnectionException Fail(Exception e, string doing, CancellationToken token = default)
        {
            IsBroken = true;
            // A blocking read interrupted by Abort() sees "connection aborted"; the cause was the timeout.
            bool timedOut = _timedOut || token.IsCancellationRequested ||
                            (e.InnerException is SocketException se && se.SocketErrorCode == SocketError.TimedOut) ||
                            (e is SocketException se2 && se2.SocketErrorCode == SocketError.TimedOut);
            if (timedOut)
                return new MemcachedTimeoutException($"No reply from {Server} within {_operationTimeout.TotalMilliseconds:0} ms.", e) { Server = Server.Name };
            return new MemcachedConnectionException($"Connection to {Server} failed while {doing} it: {Describe(e)}", e) { Server = Server.Name };
        }

        private static string Describe(Exception e) =>
            (e.InnerException as SocketException)?.SocketErrorCode.ToString() ?? (e as SocketException)?.SocketErrorCode.ToString() ?? e.Message;

        /// <summary>Closes the socket at once, interrupting any pending I/O (used by timeouts).</summary>
        public void Abort()
        {
            _timedOut = true;
            IsBroken = true;
            try { _socket.Dispose(); } catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            IsBroken = true;
            try { _stream.Dispose(); } catch (IOException) { } catch (ObjectDisposedException) { }
            try { _socket.Dispose(); } catch (ObjectDisposedException) { }
            Interlocked.Increment(ref s_closed);
        }
    }
}
