using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// An AWS ElastiCache configuration endpoint whose answer the test controls, and nothing more: it knows
    /// <c>config get cluster</c> (and <c>get AmazonElastiCache:cluster</c> in <see cref="EndpointMode.Legacy"/>), answering
    /// with the published version and nodes in ElastiCache's format; the nodes themselves are real memcached. Anything else
    /// gets <c>ERROR</c>. A thread per connection (never thread-pool work) on a free loopback port; <see cref="Dispose"/>
    /// closes the listener and every connection: the endpoint goes away.
    /// </summary>
    public sealed class FakeConfigurationEndpoint : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Thread _acceptThread;
        private readonly List<Socket> _sockets = new List<Socket>();
        private readonly object _gate = new object();
        private long _version;
        private string[] _nodes = Array.Empty<string>();
        private int _requests;
        private int _accepted;
        private volatile bool _stopped;

        public FakeConfigurationEndpoint()
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = "FakeConfigurationEndpoint accept" };
            _acceptThread.Start();
        }

        public enum EndpointMode
        {
            /// <summary>Answers <c>config get cluster</c> (engines 1.4.14 and later).</summary>
            Normal,
            /// <summary>Answers ERROR to <c>config get cluster</c> and the configuration to <c>get AmazonElastiCache:cluster</c>.</summary>
            Legacy,
            /// <summary>Reads requests and never answers.</summary>
            Silent,
            /// <summary>Answers <see cref="MalformedReply"/> verbatim.</summary>
            Malformed,
        }

        public EndpointMode Mode { get; set; }

        /// <summary>What <see cref="EndpointMode.Malformed"/> sends.</summary>
        public string MalformedReply { get; set; } = "CONFIG cluster 0 10\r\nnot a config\r\nEND\r\n";

        public int Port { get; }
        public string Address => $"127.0.0.1:{Port}";

        /// <summary>Request lines read, answered or not.</summary>
        public int Requests => Volatile.Read(ref _requests);

        /// <summary>Connections accepted.</summary>
        public int Accepted => Volatile.Read(ref _accepted);

        /// <summary>Publishes a configuration: each node as <c>host|ip|port</c>.</summary>
        public void Publish(long version, params string[] nodes)
        {
            lock (_gate)
            {
                _version = version;
                _nodes = nodes;
            }
        }

        /// <summary>A node entry for a server on 127.0.0.1 (by default named "localhost").</summary>
        public static string Node(int port, string host = "localhost", string ip = "127.0.0.1") => $"{host}|{ip}|{port}";

        /// <summary>The reply ElastiCache sends: the header line, the version and LF, the nodes and LF, CR LF, END.</summary>
        public string Reply(string header)
        {
            string data;
            lock (_gate) data = _version + "\n" + string.Join(" ", _nodes) + "\n";
            return $"{header} 0 {Encoding.ASCII.GetByteCount(data)}\r\n{data}\r\nEND\r\n";
        }

        private void AcceptLoop()
        {
            while (!_stopped)
            {
                Socket socket;
                try
                {
                    socket = _listener.AcceptSocket();
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    return;
                }
                Interlocked.Increment(ref _accepted);
                lock (_sockets)
                {
                    if (_stopped)
                    {
                        socket.Dispose();
                        return;
                    }
                    _sockets.Add(socket);
                }
                new Thread(() => Serve(socket)) { IsBackground = true, Name = "FakeConfigurationEndpoint connection" }.Start();
            }
        }

        private void Serve(Socket socket)
        {
            var pending = new StringBuilder();
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    int n = socket.Receive(buffer);
                    if (n == 0) return;
                    pending.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    string text = pending.ToString();
                    int lf;
                    while ((lf = text.IndexOf('\n')) >= 0)
                    {
                        string line = text.Substring(0, lf).TrimEnd('\r');
                        text = text.Substring(lf + 1);
                        Interlocked.Increment(ref _requests);
                        string? reply = Answer(line);
                        if (reply != null) socket.Send(Encoding.ASCII.GetBytes(reply));
                    }
                    pending.Clear().Append(text);
                }
            }
            catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
            {
                // the client went away, or the endpoint did
            }
            finally
            {
                socket.Dispose();
            }
        }

        private string? Answer(string line)
        {
            switch (Mode)
            {
                case EndpointMode.Silent: return null;
                case EndpointMode.Malformed: return MalformedReply;
            }
            if (line == "config get cluster" && Mode == EndpointMode.Normal) return Reply("CONFIG cluster");
            if (line == "get AmazonElastiCache:cluster" && Mode == EndpointMode.Legacy) return Reply("VALUE AmazonElastiCache:cluster");
            return "ERROR\r\n";
        }

        public void Dispose()
        {
            _stopped = true;
            _listener.Stop();
            lock (_sockets)
            {
                foreach (var s in _sockets)
                {
                    try { s.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException || e is ObjectDisposedException) { }
                    s.Dispose();
                }
            }
            _acceptThread.Join(2000);
        }
    }
}
