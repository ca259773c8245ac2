using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>
    /// A loopback TCP relay in front of a server that records both directions of every connection, so a test can tell
    /// exactly what the server acknowledged. <see cref="OnServerLines"/> sees the running count of reply lines before
    /// they are passed on: a test can kill the server at a chosen point of a batch.
    /// </summary>
    public sealed class RecordingProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly int _targetPort;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly List<Relay> _relays = new List<Relay>();
        private long _serverLines;

        public RecordingProxy(int targetPort)
        {
            _targetPort = targetPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = Task.Run(AcceptLoop);
        }

        public int Port { get; }
        public string Address => $"127.0.0.1:{Port}";

        /// <summary>Called with the total number of LF bytes the server has sent so far, before they are forwarded.</summary>
        public Action<long>? OnServerLines { get; set; }

        /// <summary>Every connection's bytes, client to server and server to client, in accept order.</summary>
        public IReadOnlyList<(byte[] ClientToServer, byte[] ServerToClient)> Recordings
        {
            get
            {
                lock (_relays)
                {
                    var list = new List<(byte[], byte[])>();
                    foreach (var r in _relays)
                        lock (r) list.Add((r.Up.ToArray(), r.Down.ToArray()));
                    return list;
                }
            }
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket client;
                try { client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false); }
                catch (Exception) { return; }
                var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await upstream.ConnectAsync(IPAddress.Loopback, _targetPort).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    upstream.Dispose();
                    client.Dispose(); // the server is down: the client sees its connection closed
                    continue;
                }
                client.NoDelay = upstream.NoDelay = true;
                var relay = new Relay(client, upstream);
                lock (_relays) _relays.Add(relay);
                _ = Pump(relay, client, upstream, relay.Up, countLines: false);
                _ = Pump(relay, upstream, client, relay.Down, countLines: true);
            }
        }

        private async Task Pump(Relay relay, Socket from, Socket to, MemoryStream record, bool countLines)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    int n = await from.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    if (n == 0) break;
                    lock (relay) record.Write(buffer, 0, n);
                    if (countLines)
                    {
                        int lines = 0;
                        for (int i = 0; i < n; i++) if (buffer[i] == (byte)'\n') lines++;
                        OnServerLines?.Invoke(Interlocked.Add(ref _serverLines, lines));
                    }
                    int sent = 0;
                    while (sent < n) sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is OperationCanceledException)
            {
            }
            relay.Close();
        }

        private sealed class Relay
        {
            private readonly Socket _a, _b;
            private int _closed;

            public Relay(Socket a, Socket b)
            {
                _a = a;
                _b = b;
            }

            public MemoryStream Up { get; } = new MemoryStream();
            public MemoryStream Down { get; } = new MemoryStream();

            public void Close()
            {
                if (Interlocked.Exchange(ref _closed, 1) != 0) return;
                foreach (var s in new[] { _a, _b })
                {
                    try { s.Shutdown(SocketShutdown.Both); } catch (Exception) { }
                    s.Dispose();
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_relays) foreach (var r in _relays) r.Close();
        }
    }
}
