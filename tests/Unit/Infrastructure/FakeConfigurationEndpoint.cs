using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>
    /// An ElastiCache configuration endpoint whose answer the test controls, and nothing more: it knows
    /// <c>config get cluster</c> (and <c>get AmazonElastiCache:cluster</c> in <see cref="EndpointMode.Legacy"/>), answering
    /// with <see cref="Version"/> and <see cref="Nodes"/> in ElastiCache's format; the nodes themselves are real memcached.
    /// </summary>
    public sealed class FakeConfigurationEndpoint : IDisposable
    {
        private readonly FakeServer _server;
        private readonly object _gate = new object();
        private long _version;
        private IReadOnlyList<string> _nodes = Array.Empty<string>();
        private int _requests;

        public FakeConfigurationEndpoint()
        {
            _server = new FakeServer(_ => ServeAsync);
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

        public string Address => _server.Address;
        public int Port => _server.Port;

        /// <summary>Configuration requests answered or not (each <c>config get</c> or <c>get</c> line read).</summary>
        public int Requests => Volatile.Read(ref _requests);

        public int Accepted => _server.Accepted;

        /// <summary>Publishes a configuration: each node as <c>host|ip|port</c>.</summary>
        public void Publish(long version, params string[] nodes)
        {
            lock (_gate)
            {
                _version = version;
                _nodes = nodes;
            }
        }

        /// <summary>A node entry for a server on 127.0.0.1: host name "localhost", IP 127.0.0.1.</summary>
        public static string Node(int port, string host = "localhost", string ip = "127.0.0.1") => $"{host}|{ip}|{port}";

        /// <summary>The reply ElastiCache sends: header, version LF, nodes LF, CR LF, END.</summary>
        public string Reply(string header)
        {
            string data;
            lock (_gate) data = _version + "\n" + string.Join(" ", _nodes) + "\n";
            return $"{header} 0 {Encoding.ASCII.GetByteCount(data)}\r\n{data}\r\nEND\r\n";
        }

        private async Task ServeAsync(FakeConnection c)
        {
            while (true)
            {
                string line = await c.ReadLineAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _requests);
                switch (Mode)
                {
                    case EndpointMode.Silent:
                        continue;
                    case EndpointMode.Malformed:
                        await c.WriteAsync(MalformedReply).ConfigureAwait(false);
                        continue;
                }
                if (line == "config get cluster" && Mode == EndpointMode.Normal)
                    await c.WriteAsync(Reply("CONFIG cluster")).ConfigureAwait(false);
                else if (line == "get AmazonElastiCache:cluster" && Mode == EndpointMode.Legacy)
                    await c.WriteAsync(Reply("VALUE AmazonElastiCache:cluster")).ConfigureAwait(false);
                else
                    await c.WriteAsync("ERROR\r\n").ConfigureAwait(false);
            }
        }

        /// <summary>Stops listening and closes every connection: the endpoint goes away.</summary>
        public void Dispose() => _server.Dispose();
    }
}
