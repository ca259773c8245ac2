using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>
    /// A scripted memcached on a loopback port, for what a real server will not do: garbage, cut-off replies, silence,
    /// one byte at a time. Each accepted connection runs the script chosen for its number (0 for the first); the default
    /// script is a small healthy meta-protocol server over an in-memory table shared by all connections.
    /// </summary>
    public sealed class FakeServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<int, Func<FakeConnection, Task>?> _scripts;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<FakeConnection> _connections = new List<FakeConnection>();
        private readonly Task _acceptLoop;
        private int _accepted;

        /// <param name="scripts">The script for connection n, or null for the healthy default.</param>
        public FakeServer(Func<int, Func<FakeConnection, Task>?> scripts, int port = 0)
        {
            _scripts = scripts;
            _listener = new TcpListener(IPAddress.Loopback, port);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptLoop = Task.Run(AcceptLoop);
        }

        /// <summary>A server whose first connections run the given scripts in order, and every later one the healthy default.</summary>
        public static FakeServer WithScripts(params Func<FakeConnection, Task>[] scripts) =>
            new FakeServer(n => n < scripts.Length ? scripts[n] : null);

        public int Port { get; }
        public string Address => $"127.0.0.1:{Port}";

        /// <summary>Connections accepted so far.</summary>
        public int Accepted => Volatile.Read(ref _accepted);

        /// <summary>Items stored through the healthy script.</summary>
        public ConcurrentDictionary<string, (byte[] Data, uint Flags)> Items { get; } = new ConcurrentDictionary<string, (byte[], uint)>();

        /// <summary>Exceptions thrown by scripts other than the expected disconnects (a test may assert there were none).</summary>
        public ConcurrentQueue<Exception> ScriptErrors { get; } = new ConcurrentQueue<Exception>();

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException)
                {
                    return;
                }
                int n = Interlocked.Increment(ref _accepted) - 1;
                var connection = new FakeConnection(this, socket, _stop.Token);
                lock (_connections) _connections.Add(connection);
                var script = _scripts(n) ?? (c => c.ServeAsync());
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await script(connection).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException || e is SocketException || e is ObjectDisposedException || e is OperationCanceledException || e is EndOfStreamException)
                    {
                        // the client went away, or the test ended
                    }
                    catch (Exception e)
                    {
                        ScriptErrors.Enqueue(e);
                    }
                    finally
                    {
                        connection.Dispose();
                    }
                });
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_connections) foreach (var c in _connections) c.Dispose();
            try { _acceptLoop.Wait(2000); } catch (AggregateException) { }
        }
    }

    /// <summary>One accepted connection, with line and byte reads and writes for scripts.</summary>
    public sealed class FakeConnection : IDisposable
    {
        private readonly FakeServer _server;
        private readonly Socket _socket;
        private readonly NetworkStream _stream;
        private readonly CancellationToken _stop;
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;
        private long _cas;

        internal FakeConnection(FakeServer server, Socket socket, CancellationToken stop)
        {
            _server = server;
            _socket = socket;
            _socket.NoDelay = true;
            _stream = new NetworkStream(socket, ownsSocket: true);
            _stop = stop;
        }

        /// <summary>Write replies one byte per send, with a pause between bytes.</summary>
        public bool Trickle { get; set; }

        /// <summary>The next request line without CR LF; throws EndOfStreamException when the client closed.</summary>
        public async Task<string> ReadLineAsync()
        {
            while (true)
            {
                for (int i = _start; i < _end; i++)
                {
                    if (_buffer[i] != (byte)'\n') continue;
                    int length = i - _start;
                    if (length > 0 && _buffer[i - 1] == (byte)'\r') length--;
                    string line = Encoding.UTF8.GetString(_buffer, _start, length);
                    _start = i + 1;
                    return line;
                }
                await FillAsync().ConfigureAwait(false);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count)
        {
            while (_end - _start < count) await FillAsync().ConfigureAwait(false);
            var data = new byte[count];
            Buffer.BlockCopy(_buffer, _start, data, 0, count);
            _start += count;
            return data;
        }

        private async Task FillAsync()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) throw new InvalidDataException("Request larger than the fake server's buffer.");
            int n = await _stream.ReadAsync(_buffer.AsMemory(_end), _stop).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException();
            _end += n;
        }

        public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

        public async Task WriteAsync(byte[] data)
        {
            if (!Trickle)
            {
                await _stream.WriteAsync(data, _stop).ConfigureAwait(false);
                return;
            }
            for (int i = 0; i < data.Length; i++)
            {
                await _stream.WriteAsync(data.AsMemory(i, 1), _stop).ConfigureAwait(false);
                await Task.Delay(1, _stop).ConfigureAwait(false);
            }
        }

        /// <summary>Answers the client's connection handshake: <c>stats settings</c> (and <c>mn</c> when it asks).</summary>
        public async Task AnswerHandshakeAsync(int itemSizeMax = 1024 * 1024)
        {
            // The client pads its handshake with spaces to 24 bytes (memcached -S waits for that many before it answers).
            string line = (await ReadLineAsync().ConfigureAwait(false)).TrimEnd(' ');
            if (line != "stats settings") throw new InvalidDataException($"Expected the handshake, got '{line}'.");
            await WriteAsync($"STAT maxbytes 67108864\r\nSTAT item_size_max {itemSizeMax}\r\nSTAT maxconns 1024\r\nEND\r\n").ConfigureAwait(false);
            line = (await ReadLineAsync().ConfigureAwait(false)).TrimEnd(' ');
            if (line != "mn") throw new InvalidDataException($"Expected mn, got '{line}'.");
            await WriteAsync("MN\r\n").ConfigureAwait(false);
        }

        /// <summary>Reads the next request (its line, and the data block of an ms) and returns its line.</summary>
        public async Task<string> ReadRequestAsync()
        {
            string line = await ReadLineAsync().ConfigureAwait(false);
            var tokens = line.Split(' ');
            if (tokens[0] == "ms" && tokens.Length > 2) await ReadBytesAsync(int.Parse(tokens[2]) + 2).ConfigureAwait(false);
            return line;
        }

        /// <summary>The O token of a meta request (with its letter), or "" when it has none.</summary>
        public static string Opaque(string requestLine)
        {
            foreach (var t in requestLine.Split(' ')) if (t.Length > 1 && t[0] == 'O') return " " + t;
            return "";
        }

        /// <summary>Closes the connection with a FIN.</summary>
        public void Close()
        {
            try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
            Dispose();
        }

        /// <summary>Reads and ignores whatever the client sends until it closes: a server that never answers.</summary>
        public async Task SwallowAsync()
        {
            var sink = new byte[4096];
            while (await _stream.ReadAsync(sink, _stop).ConfigureAwait(false) > 0) { }
        }

        /// <summary>The healthy default: a minimal memcached speaking the handshake and mg, ms, md, mn, version.</summary>
        public async Task ServeAsync()
        {
            while (true)
            {
                string line = await ReadLineAsync().ConfigureAwait(false);
                var t = line.Split(' ');
                switch (t[0])
                {
                    case "stats":
                        await WriteAsync(t.Length > 1 && t[1] == "settings"
                            ? "STAT maxbytes 67108864\r\nSTAT item_size_max 1048576\r\nEND\r\n"
                            : "STAT pid 1\r\nEND\r\n").ConfigureAwait(false);
                        break;
                    case "version":
                        await WriteAsync("VERSION 1.6.18-fake\r\n").ConfigureAwait(false);
                        break;
                    case "mn":
                        await WriteAsync("MN\r\n").ConfigureAwait(false);
                        break;
                    case "mg":
                        await WriteAsync(MetaGet(t)).ConfigureAwait(false);
                        break;
                    case "ms":
                        byte[] data = await ReadBytesAsync(int.Parse(t[2]) + 2).ConfigureAwait(false);
                        await WriteAsync(MetaSet(t, data)).ConfigureAwait(false);
                        break;
                    case "md":
                        bool existed = _server.Items.TryRemove(t[1], out _);
                        if (!(existed && Has(t, "q"))) await WriteAsync((existed ? "HD" : "NF") + Opaque(line) + "\r\n").ConfigureAwait(false);
                        break;
                    default:
                        await WriteAsync("ERROR\r\n").ConfigureAwait(false);
                        break;
                }
            }
        }

        private static bool Has(string[] tokens, string flag)
        {
            for (int i = 2; i < tokens.Length; i++) if (tokens[i] == flag) return true;
            return false;
        }

        private byte[] MetaGet(string[] t)
        {
            string opaque = Opaque(string.Join(" ", t));
            if (!_server.Items.TryGetValue(t[1], out var item))
                return Encoding.ASCII.GetBytes(Has(t, "q") ? "" : "EN" + opaque + "\r\n");
            if (!Has(t, "v")) return Encoding.ASCII.GetBytes("HD" + opaque + "\r\n");
            var head = Encoding.ASCII.GetBytes($"VA {item.Data.Length}{(Has(t, "f") ? " f" + item.Flags : "")}{(Has(t, "c") ? " c1" : "")}{opaque}\r\n");
            var reply = new byte[head.Length + item.Data.Length + 2];
            head.CopyTo(reply, 0);
            item.Data.CopyTo(reply, head.Length);
            reply[^2] = (byte)'\r';
            reply[^1] = (byte)'\n';
            return reply;
        }

        private byte[] MetaSet(string[] t, byte[] dataWithCrLf)
        {
            uint flags = 0;
            foreach (var token in t) if (token.Length > 1 && token[0] == 'F') flags = uint.Parse(token.Substring(1));
            _server.Items[t[1]] = (dataWithCrLf.AsSpan(0, dataWithCrLf.Length - 2).ToArray(), flags);
            if (Has(t, "q")) return Array.Empty<byte>();
            return Encoding.ASCII.GetBytes("HD" + (Has(t, "c") ? " c" + Interlocked.Increment(ref _cas) : "") + Opaque(string.Join(" ", t)) + "\r\n");
        }

        public void Dispose()
        {
            try { _stream.Dispose(); } catch (IOException) { } catch (ObjectDisposedException) { }
        }
    }
}
