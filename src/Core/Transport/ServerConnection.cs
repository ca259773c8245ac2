using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
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

        private ServerConnection(ServerAddress server, Socket socket, Stream stream, TimeSpan operationTimeout)
        {
            Server = server;
            _socket = socket;
            _stream = stream;
            _operationTimeout = operationTimeout;
            LastUsed = DateTime.UtcNow;
            Interlocked.Increment(ref s_opened);
        }

        public ServerAddress Server { get; }
        public RequestBuffer Output { get; } = new RequestBuffer();
        public bool IsBroken { get; private set; }
        public DateTime LastUsed { get; set; }
        /// <summary>The pool generation this connection belongs to; older generations are discarded.</summary>
        public int Generation { get; set; }
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

        /// <summary>The token <see cref="NextOpaque"/> will return, without using it up.</summary>
        public uint PeekNextOpaque() => _opaque + 1 == 0 ? 1u : _opaque + 1;

        public void Consume(int bytes) => _readStart += bytes;

        public void MarkBroken() => IsBroken = true;

        public static ServerConnection Connect(ServerAddress server, TransportSettings settings) =>
            ConnectAsync(server, settings, sync: true).GetAwaiter().GetResult();

        public static Task<ServerConnection> ConnectAsync(ServerAddress server, TransportSettings settings) =>
            ConnectAsync(server, settings, sync: false);

        private static async Task<ServerConnection> ConnectAsync(ServerAddress server, TransportSettings settings, bool sync)
        {
            using var cts = new CancellationTokenSource(settings.ConnectTimeout);
            Socket? socket = null;
            try
            {
                EndPoint[] endpoints = await ResolveAsync(server, cts.Token, sync).ConfigureAwait(false);
                Exception? last = null;
                foreach (var endpoint in endpoints)
                {
                    socket = server.IsUnixSocket
                        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                        : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        using (cts.Token.Register(s => ((Socket)s!).Dispose(), socket))
                        {
                            // The synchronous path connects synchronously: on Unix a socket that has seen one
                            // asynchronous call stays non-blocking, and every later blocking read then allocates.
                            if (sync) socket.Connect(endpoint);
                            else await socket.ConnectAsync(endpoint).ConfigureAwait(false);
                        }
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
                if (socket == null)
                {
                    if (cts.IsCancellationRequested)
                        throw new MemcachedTimeoutException($"Connecting to {server} timed out after {settings.ConnectTimeout.TotalMilliseconds:0} ms.") { Server = server.Name };
                    throw new MemcachedConnectionException($"Cannot connect to {server}: {(last as SocketException)?.SocketErrorCode.ToString() ?? last?.Message}.", last) { Server = server.Name };
                }

                if (!server.IsUnixSocket)
                {
                    socket.NoDelay = true;
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                }
                int timeoutMs = (int)Math.Min(int.MaxValue, Math.Max(1, settings.OperationTimeout.TotalMilliseconds));
                socket.ReceiveTimeout = timeoutMs;
                socket.SendTimeout = timeoutMs;

                Stream stream = new NetworkStream(socket, ownsSocket: true);
                if (settings.WrapStreamAsync != null)
                {
                    using (cts.Token.Register(s => ((Socket)s!).Dispose(), socket))
                    {
                        Task<Stream> wrap = settings.WrapStreamAsync(stream, server, cts.Token);
                        stream = sync ? wrap.GetAwaiter().GetResult() : await wrap.ConfigureAwait(false);
                    }
                }
                var connection = new ServerConnection(server, socket, stream, settings.OperationTimeout);
                socket = null;
                return connection;
            }
            catch (Exception e) when (!(e is MemcachedException))
            {
                socket?.Dispose();
                if (cts.IsCancellationRequested)
                    throw new MemcachedTimeoutException($"Connecting to {server} timed out after {settings.ConnectTimeout.TotalMilliseconds:0} ms.", e) { Server = server.Name };
                if (e is System.Security.Authentication.AuthenticationException)
                    throw new MemcachedConnectionException($"TLS handshake with {server} failed: {e.Message}", e) { Server = server.Name };
                throw new MemcachedConnectionException($"Cannot connect to {server}: {e.Message}", e) { Server = server.Name };
            }
            catch
            {
                socket?.Dispose();
                throw;
            }
        }

        private static async Task<EndPoint[]> ResolveAsync(ServerAddress server, CancellationToken token, bool sync)
        {
            if (server.IsUnixSocket) return new[] { UnixSocketEndPoint.Create(server.UnixSocketPath!) };
            if (IPAddress.TryParse(server.Host, out var ip)) return new EndPoint[] { new IPEndPoint(ip, server.Port) };
            IPAddress[] addresses;
            try
            {
                Task<IPAddress[]> lookup = Dns.GetHostAddressesAsync(server.Host);
                if (sync)
                {
                    lookup.Wait(token);
                    addresses = lookup.Result;
                }
                else
                {
                    var done = await Task.WhenAny(lookup, Task.Delay(Timeout.Infinite, token)).ConfigureAwait(false);
                    if (done != lookup) throw new OperationCanceledException();
                    addresses = await lookup.ConfigureAwait(false);
                }
            }
            catch (AggregateException e) when (e.InnerException is SocketException se)
            {
                throw new MemcachedConnectionException($"Cannot resolve host name '{server.Host}': {se.SocketErrorCode}.", se) { Server = server.Name };
            }
            catch (SocketException se)
            {
                throw new MemcachedConnectionException($"Cannot resolve host name '{server.Host}': {se.SocketErrorCode}.", se) { Server = server.Name };
            }
            if (addresses.Length == 0) throw new MemcachedConnectionException($"Host name '{server.Host}' has no addresses.") { Server = server.Name };
            var endpoints = new EndPoint[addresses.Length];
            for (int i = 0; i < addresses.Length; i++) endpoints[i] = new IPEndPoint(addresses[i], server.Port);
            return endpoints;
        }

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

        /// <summary>Writes the request buffer to the socket and clears it.</summary>
        public void Flush()
        {
            try
            {
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

        /// <summary>Reads more bytes from the server (blocking up to the operation timeout).</summary>
        public void Fill()
        {
            PrepareRead();
            int n;
            try
            {
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
            if (IsBroken) throw new MemcachedConnectionException($"The connection to {Server} is broken.") { Server = Server.Name };
            if (_readStart > 0)
            {
                int count = _readEnd - _readStart;
                if (count > 0) System.Buffer.BlockCopy(_read, _readStart, _read, 0, count);
                _readStart = 0;
                _readEnd = count;
            }
            if (_readEnd == _read.Length) Array.Resize(ref _read, _read.Length * 2);
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

        /// <summary>After a large reply, give the memory back rather than keep it in the pool.</summary>
        public void TrimReadBuffer()
        {
            if (_read.Length > 256 * 1024 && Count == 0)
            {
                _read = new byte[InitialReadBuffer];
                _readStart = _readEnd = 0;
            }
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
