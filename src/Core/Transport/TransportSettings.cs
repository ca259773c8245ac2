using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Core.Transport
{
    /// <summary>How connections are opened: timeouts and an optional stream wrapper (TLS).</summary>
    internal sealed class TransportSettings
    {
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Wraps the raw socket stream in TLS; null for plain connections. Runs within the connect timeout.</summary>
        public TlsConnector? Tls { get; set; }
    }
}
