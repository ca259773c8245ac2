using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// A hostile memcached on a free loopback port, for measuring whether a client's deadline covers a whole call. It
    /// answers a connection's set-up (<c>stats</c>, <c>version</c>, <c>mn</c> before the first item command) at once,
    /// like memcached 1.6, then answers item commands at its <see cref="ReplyPace"/>: a valid reply one byte every
    /// 0.4 s, no reply at all, or a huge value as fast as the socket takes it.
    /// </summary>
    /// <remarks>
    /// Every connection has a reading thread and a writing thread of its own, never thread-pool work, so the server
    /// keeps its pace while the client under test starves the pool. Requests are always read, so a client's writes
    /// never stall; what it waits for is the reply. <see cref="Dispose"/> closes the listener and every connection
    /// and joins the threads.
    /// </remarks>
    public sealed class TrickleServer : IDisposable
    {
        public static readonly TimeSpan DefaultByteInterval = TimeSpan.FromMilliseconds(400);
        public const long DefaultDeclaredValueBytes = 1_000_000;
        /// <summary>The largest item memcached can hold (and the largest value a client need accept).</summary>
        public const long MaxDeclaredValueBytes = 1L << 30;
        /// <summary>A CAS token of 20 digits: a valid reply to <c>ms ... c</c> that takes 8 s to trickle by itself.</summary>
        private const string LongCas = "18446744073709551615";
        private const string Version = "1.6.18";

        private static readonly byte[] Filler = CreateFiller(64 * 1024);
        private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(2);

        private readonly TcpListener _listener;
        private readonly Thread _acceptThread;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Connection> _connections = new();
        private long _bytesSent;
        private int _connectionsAccepted;
        private int _itemRequests;
        private int _disposed;

        /// <param name="pace">How item commands are answered.</param>
        /// <param name="byteInterval">Time between two bytes of a trickled reply (0.4 s by default).</param>
        /// <param name="declaredValueBytes">The length every trickled value (and each connection's first flooded value) declares.</param>
        /// <param name="answersHandshake">False: the set-up commands are answered at the same pace as item commands.</param>
        /// <param name="speaksMeta">False: answers meta commands with ERROR, like memcached before 1.6 and some managed services.</param>
        public TrickleServer(ReplyPace pace, TimeSpan? byteInterval = null, long declaredValueBytes = DefaultDeclaredValueBytes,
            bool answersHandshake = true, bool speaksMeta = true)
        {
            if (declaredValueBytes < 1 || declaredValueBytes > MaxDeclaredValueBytes)
                throw new ArgumentOutOfRangeException(nameof(declaredValueBytes), declaredValueBytes, "A value is 1 byte to 1 GiB long.");
            Pace = pace;
            ByteInterval = byteInterval ?? DefaultByteInterval;
            DeclaredValueBytes = declaredValueBytes;
            AnswersHandshake = answersHandshake;
            SpeaksMeta = speaksMeta;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = $"TrickleServer :{Port} accept" };
            _acceptThread.Start();
        }

        public ReplyPace Pace { get; }
        public TimeSpan ByteInterval { get; }
        public long DeclaredValueBytes { get; }
        public bool AnswersHandshake { get; }
        public bool SpeaksMeta { get; }
        public string Host => "127.0.0.1";
        public int Port { get; }
        public string Address => $"{Host}:{Port}";

        public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);
        /// <summary>Item commands read so far (mg, ms, get, set, ...): whether the client got past its set-up.</summary>
        public int ItemRequestsSeen => Volatile.Read(ref _itemRequests);
        public long BytesSent => Interlocked.Read(ref _bytesSent);

        private void AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    if (!_listener.Server.Poll(100_000, SelectMode.SelectRead)) continue;
                    socket = _listener.AcceptSocket();
                }
                catch (SocketException) { continue; }
                catch (ObjectDisposedException) { return; }
                catch (InvalidOperationException) { return; }

                socket.NoDelay = true;
                var connection = new Connection(this, socket);
                lock (_connections)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        connection.Close();
                        return;
                    }
                    _connections.Add(connection);
                }
                Interlocked.Increment(ref _connectionsAccepted);
                connection.Start();
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _stop.Cancel();
            _acceptThread.Join(JoinTimeout);
            _listener.Stop();
            Connection[] open;
            lock (_connections) open = _connections.ToArray();
            foreach (var c in open) c.Close();
            foreach (var c in open) c.Join(JoinTimeout);
            _stop.Dispose();
        }

        private static byte[] CreateFiller(int size)
        {
            var b = new byte[size];
            b.AsSpan().Fill((byte)'x');
            return b;
        }

        private static bool IsItemCommand(string command)
        {
            switch (command)
            {
                case "mg": case "ms": case "md": case "ma": case "me":
                case "get": case "gets": case "gat": case "gats":
                case "set": case "add": case "replace": case "append": case "prepend": case "cas":
                case "delete": case "incr": case "decr": case "touch":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>One reply: a header, <see cref="FillerBytes"/> value bytes, a trailer; sent at once or at the server's pace.</summary>
        private readonly struct Reply
        {
            public Reply(string head, long fillerBytes, string tail, bool paced)
            {
                Head = Encoding.Latin1.GetBytes(head);
                FillerBytes = fillerBytes;
                Tail = Encoding.Latin1.GetBytes(tail);
                Paced = paced;
            }

            public byte[] Head { get; }
            public long FillerBytes { get; }
            public byte[] Tail { get; }
            public bool Paced { get; }
        }

        /// <summary>One accepted connection: a thread that reads and parses requests, a thread that writes their replies.</summary>
        private sealed class Connection
        {
            private readonly TrickleServer _server;
            private readonly Socket _socket;
            private readonly CancellationTokenSource _closed;
            private readonly BlockingCollection<Reply> _replies = new();
            private readonly Thread _reader;
            private readonly Thread _writer;
            private bool _itemPhase;
            private bool _floodedValue;
            private int _closing;

            public Connection(TrickleServer server, Socket socket)
            {
                _server = server;
                _socket = socket;
                _closed = CancellationTokenSource.CreateLinkedTokenSource(server._stop.Token);
                _reader = new Thread(ReadLoop) { IsBackground = true, Name = $"TrickleServer :{server.Port} read" };
                _writer = new Thread(WriteLoop) { IsBackground = true, Name = $"TrickleServer :{server.Port} write" };
            }

            public void Start()
            {
                _reader.Start();
                _writer.Start();
            }

            public void Close()
            {
                if (Interlocked.Exchange(ref _closing, 1) != 0) return;
                try { _closed.Cancel(); } catch (ObjectDisposedException) { }
                try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
                _socket.Close();
            }

            public void Join(TimeSpan timeout)
            {
                if (_reader.IsAlive && _reader != Thread.CurrentThread) _reader.Join(timeout);
                if (_writer.IsAlive && _writer != Thread.CurrentThread) _writer.Join(timeout);
            }

            // ---------------------------------------------------------------- reading requests

            private void ReadLoop()
            {
                byte[] buf = new byte[64 * 1024];
                int start = 0, end = 0;
                long skip = 0;
                try
                {
                    while (true)
                    {
                        while (true)
                        {
                            if (skip > 0)
                            {
                                int n = (int)Math.Min(skip, end - start);
                                start += n;
                                skip -= n;
                                if (skip > 0) break;
                            }
                            int lf = Array.IndexOf(buf, (byte)'\n', start, end - start);
                            if (lf < 0) break;
                            int lineEnd = lf > start && buf[lf - 1] == (byte)'\r' ? lf - 1 : lf;
                            string line = Encoding.Latin1.GetString(buf, start, lineEnd - start);
                            start = lf + 1;
                            skip = Handle(line);
                            if (skip < 0) return; // quit
                        }
                        if (start == end) start = end = 0;
                        else if (end == buf.Length)
                        {
                            if (start > 0)
                            {
                                Buffer.BlockCopy(buf, start, buf, 0, end - start);
                                end -= start;
                                start = 0;
                            }
                            else if (buf.Length < 1024 * 1024) Array.Resize(ref buf, buf.Length * 2);
                            else return; // a request line longer than 1 MiB: not a memcached client
                        }
                        int read = _socket.Receive(buf, end, buf.Length - end, SocketFlags.None);
                        if (read == 0) return;
                        end += read;
                    }
                }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
                finally
                {
                    Close();
                }
            }

            /// <summary>Queues the reply to one request line; returns the data bytes that follow the line (-1: close).</summary>
            private long Handle(string line)
            {
                string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (t.Length == 0) return 0;
                string command = t[0];
                if (IsItemCommand(command))
                {
                    _itemPhase = true;
                    Interlocked.Increment(ref _server._itemRequests);
                }
                bool paced = _itemPhase || !_server.AnswersHandshake;
                bool meta = command.Length == 2 && command[0] == 'm';
                if (meta && !_server.SpeaksMeta)
                {
                    Send("ERROR\r\n", paced);
                    return command == "ms" && t.Length > 2 && long.TryParse(t[2], NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n + 2 : 0;
                }

                switch (command)
                {
                    case "mg": MetaGet(t, paced); return 0;
                    case "ms": return MetaSet(t, paced);
                    case "md": Send("HD" + Echo(t, 2) + "\r\n", paced); return 0;
                    case "ma":
                        if (Has(t, 2, 'v')) Send("VA 20" + Echo(t, 2) + "\r\n" + LongCas + "\r\n", paced);
                        else Send("HD" + Echo(t, 2) + "\r\n", paced);
                        return 0;
                    case "me": Send("EN\r\n", paced); return 0;
                    case "mn": Send("MN\r\n", paced); return 0;
                    case "get": ClassicGet(t, 1, withCas: false, paced); return 0;
                    case "gets": ClassicGet(t, 1, withCas: true, paced); return 0;
                    case "gat": ClassicGet(t, 2, withCas: false, paced); return 0;
                    case "gats": ClassicGet(t, 2, withCas: true, paced); return 0;
                    case "set": case "add": case "replace": case "append": case "prepend":
                        return ClassicStore(t, noreplyAt: 5, paced);
                    case "cas": return ClassicStore(t, noreplyAt: 6, paced);
                    case "delete": SendUnlessNoReply(t, "DELETED", paced); return 0;
                    case "incr": case "decr": SendUnlessNoReply(t, "1", paced); return 0;
                    case "touch": SendUnlessNoReply(t, "TOUCHED", paced); return 0;
                    case "stats":
                        long itemSizeMax = Math.Max(1024 * 1024, _server.DeclaredValueBytes);
                        Send(t.Length > 1 && t[1] == "settings"
                            ? $"STAT item_size_max {itemSizeMax}\r\nSTAT cas_enabled yes\r\nEND\r\n"
                            : $"STAT pid 1\r\nSTAT version {Version}\r\nEND\r\n", paced);
                        return 0;
                    case "version": Send($"VERSION {Version}\r\n", paced); return 0;
                    case "verbosity": case "flush_all": case "cache_memlimit": SendUnlessNoReply(t, "OK", paced); return 0;
                    case "quit": return -1;
                    default: Send("ERROR\r\n", paced); return 0;
                }
            }

            /// <summary>mg: a hit whose value is declared <see cref="DeclaredValueBytes"/> long (flooded: the first one only).</summary>
            private void MetaGet(string[] t, bool paced)
            {
                bool quiet = Has(t, 2, 'q');
                long size = ValueSize(paced);
                if (size == 0)
                {
                    if (!quiet) Send("EN" + Echo(t, 2) + "\r\n", paced); // memcached 1.6 echoes O and k on a miss too
                    return;
                }
                var flags = new StringBuilder();
                bool withValue = false;
                for (int i = 2; i < t.Length; i++)
                {
                    string f = t[i];
                    switch (f[0])
                    {
                        case 'v': withValue = true; break;
                        case 'f': flags.Append(" f0"); break;
                        case 'c': flags.Append(" c").Append(LongCas); break;
                        case 't': flags.Append(" t-1"); break;
                        case 's': flags.Append(" s").Append(size); break;
                        case 'k': flags.Append(" k").Append(t.Length > 1 ? t[1] : ""); break;
                        case 'O': flags.Append(' ').Append(f); break;
                        case 'b': flags.Append(" b"); break;
                        case 'h': flags.Append(" h0"); break;
                        case 'l': flags.Append(" l0"); break;
                    }
                }
                if (withValue) _replies.Add(new Reply($"VA {size}{flags}\r\n", size, "\r\n", paced));
                else Send($"HD{flags}\r\n", paced);
            }

            /// <summary>
            /// ms: trickled, a quiet store is refused (NS carries its opaque, and a quiet batch must hear it) and a
            /// replied store answers HD with a 20-digit CAS token, so even one store's reply outlasts a 5 s deadline.
            /// </summary>
            private long MetaSet(string[] t, bool paced)
            {
                if (t.Length < 3 || !long.TryParse(t[2], NumberStyles.None, CultureInfo.InvariantCulture, out long dataBytes))
                {
                    Send("CLIENT_ERROR bad command line format\r\n", paced);
                    return 0;
                }
                bool quiet = Has(t, 3, 'q');
                string echo = Echo(t, 3);
                if (_server.Pace == ReplyPace.Trickle && paced)
                    Send(quiet ? "NS" + echo + "\r\n" : "HD" + (Has(t, 3, 'c') ? " c" + LongCas : "") + echo + "\r\n", paced);
                else if (!quiet)
                    Send("HD" + (Has(t, 3, 'c') ? " c1" : "") + echo + "\r\n", paced);
                return dataBytes + 2;
            }

            private void ClassicGet(string[] t, int firstKey, bool withCas, bool paced)
            {
                for (int i = firstKey; i < t.Length; i++)
                {
                    long size = ValueSize(paced);
                    if (size == 0) continue; // a miss: no VALUE block
                    _replies.Add(new Reply($"VALUE {t[i]} 0 {size}{(withCas ? " " + LongCas : "")}\r\n", size, "\r\n", paced));
                }
                Send("END\r\n", paced);
            }

            private long ClassicStore(string[] t, int noreplyAt, bool paced)
            {
                if (t.Length < 5 || !long.TryParse(t[4], NumberStyles.None, CultureInfo.InvariantCulture, out long dataBytes))
                {
                    Send("CLIENT_ERROR bad command line format\r\n", paced);
                    return 0;
                }
                if (!(t.Length > noreplyAt && t[noreplyAt] == "noreply")) Send("STORED\r\n", paced);
                return dataBytes + 2;
            }

            /// <summary>The length of the next value: the declared one, except that a flood sends one huge value per connection.</summary>
            private long ValueSize(bool paced)
            {
                if (!paced || _server.Pace != ReplyPace.Flood) return _server.DeclaredValueBytes;
                if (_floodedValue) return 0;
                _floodedValue = true;
                return _server.DeclaredValueBytes;
            }

            private void SendUnlessNoReply(string[] t, string reply, bool paced)
            {
                if (t[t.Length - 1] != "noreply") Send(reply + "\r\n", paced);
            }

            private void Send(string text, bool paced) => _replies.Add(new Reply(text, 0, "", paced));

            private static bool Has(string[] t, int firstFlag, char flag)
            {
                for (int i = firstFlag; i < t.Length; i++)
                    if (t[i].Length > 0 && t[i][0] == flag) return true;
                return false;
            }

            /// <summary>The flags a meta reply echoes from its request: the opaque token, the key (k), base64 (b).</summary>
            private static string Echo(string[] t, int firstFlag)
            {
                var s = new StringBuilder();
                for (int i = firstFlag; i < t.Length; i++)
                {
                    string f = t[i];
                    if (f[0] == 'O') s.Append(' ').Append(f);
                    else if (f == "k") s.Append(" k").Append(t[1]);
                    else if (f == "b") s.Append(" b");
                }
                return s.ToString();
            }

            // ---------------------------------------------------------------- writing replies

            private void WriteLoop()
            {
                long nextDue = Stopwatch.GetTimestamp();
                try
                {
                    foreach (Reply reply in _replies.GetConsumingEnumerable(_closed.Token))
                    {
                        if (!reply.Paced || _server.Pace == ReplyPace.Flood) SendWhole(reply);
                        else if (_server.Pace == ReplyPace.Trickle && !Trickle(reply, ref nextDue)) return;
                        // ReplyPace.Never: read, never answered
                    }
                }
                catch (OperationCanceledException) { }
                catch (SocketException) { }
                catch (ObjectDisposedException) { }
                finally
                {
                    Close();
                }
            }

            private void SendWhole(Reply reply)
            {
                SendBytes(reply.Head, reply.Head.Length);
                for (long left = reply.FillerBytes; left > 0;)
                {
                    int n = (int)Math.Min(Filler.Length, left);
                    SendBytes(Filler, n);
                    left -= n;
                }
                SendBytes(reply.Tail, reply.Tail.Length);
            }

            private void SendBytes(byte[] bytes, int count)
            {
                for (int sent = 0; sent < count;)
                {
                    int n = _socket.Send(bytes, sent, count - sent, SocketFlags.None);
                    sent += n;
                    Interlocked.Add(ref _server._bytesSent, n);
                }
            }

            /// <summary>Sends the reply one byte per interval; false once the connection is closed.</summary>
            private bool Trickle(Reply reply, ref long nextDue)
            {
                long total = reply.Head.Length + reply.FillerBytes + reply.Tail.Length;
                byte[] one = new byte[1];
                for (long i = 0; i < total; i++)
                {
                    long now = Stopwatch.GetTimestamp();
                    if (nextDue < now) nextDue = now;
                    TimeSpan wait = Stopwatch.GetElapsedTime(now, nextDue);
                    if (wait > TimeSpan.Zero && _closed.Token.WaitHandle.WaitOne(wait)) return false;
                    if (_closed.IsCancellationRequested) return false;
                    one[0] = i < reply.Head.Length ? reply.Head[i]
                        : i < reply.Head.Length + reply.FillerBytes ? (byte)'x'
                        : reply.Tail[i - reply.Head.Length - reply.FillerBytes];
                    SendBytes(one, 1);
                    nextDue += (long)(_server.ByteInterval.TotalSeconds * Stopwatch.Frequency);
                }
                return true;
            }
        }
    }
}
