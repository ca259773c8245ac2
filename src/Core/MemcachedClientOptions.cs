using System;
using System.Collections.Generic;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Core
{
    /// <summary>Which wire protocol to speak to a server.</summary>
    public enum ProtocolMode
    {
        /// <summary>Meta commands when the server answers <c>mn</c>; the classic text protocol when it answers ERROR.</summary>
        Auto,
        Meta,
        Classic,
    }

    /// <summary>Everything a <see cref="MemcachedClient"/> is configured with. Defaults are safe: finite timeouts, every reply seen.</summary>
    public sealed class MemcachedClientOptions
    {
        public IList<ServerAddress> Servers { get; } = new List<ServerAddress>();

        public Distribution Distribution { get; set; } = Distribution.Rendezvous;

        /// <summary>Prepended to every key before it is validated and sent.</summary>
        public string KeyPrefix { get; set; } = string.Empty;

        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Longest wait for one operation's reply (or for a batch to make progress).</summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

        public int MaxConnectionsPerServer { get; set; } = 16;

        /// <summary>Pooled connections idle longer than this are closed instead of reused.</summary>
        public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

        public ProtocolMode Protocol { get; set; } = ProtocolMode.Auto;

        /// <summary>Send writes without waiting for replies (memcached's noreply / meta q). Off by default: a failed write must be seen.</summary>
        public bool NoReply { get; set; }

        /// <summary>Send keys base64-encoded with the meta <c>b</c> flag, so binary and whitespace-containing keys travel safely.</summary>
        public bool Base64Keys { get; set; }

        /// <summary>How long a failed server is left alone before it is tried again.</summary>
        public TimeSpan DeadServerRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Consecutive connection failures before a server is marked dead.</summary>
        public int ServerFailureLimit { get; set; } = 2;

        /// <summary>While a server is dead: reads of its keys are misses and writes report not stored, instead of errors.</summary>
        public bool IgnoreServerErrors { get; set; }

        /// <summary>libmemcached-style remapping: keys of dead servers go to the live ones. Off by default.</summary>
        public bool RemapDeadServers { get; set; }

        /// <summary>Converts values to bytes and flags for the object-level API. Null means the default transcoder.</summary>
        public ITranscoder? Transcoder { get; set; }

        /// <summary>Wraps new connections' streams (TLS). Null for plain TCP / unix sockets.</summary>
        internal System.Func<System.IO.Stream, ServerAddress, System.Threading.CancellationToken, System.Threading.Tasks.Task<System.IO.Stream>>? CreateStreamWrapper() => null;

        /// <summary>Authenticates new connections. Null when no credentials are configured.</summary>
        internal Transport.IConnectionAuthenticator? Authenticator => null;

        public MemcachedClientOptions AddServer(string address)
        {
            Servers.Add(ServerAddress.Parse(address));
            return this;
        }

        internal void Validate()
        {
            if (Servers.Count == 0) throw new MemcachedClientException("No servers are configured.");
            if (ConnectTimeout <= TimeSpan.Zero) throw new MemcachedClientException("ConnectTimeout must be positive.");
            if (OperationTimeout <= TimeSpan.Zero) throw new MemcachedClientException("OperationTimeout must be positive.");
            if (MaxConnectionsPerServer < 1) throw new MemcachedClientException("MaxConnectionsPerServer must be at least 1.");
            if (ServerFailureLimit < 1) throw new MemcachedClientException("ServerFailureLimit must be at least 1.");
            KeyValidator.ValidatePrefix(KeyPrefix ?? string.Empty, Base64Keys);
        }
    }
}
