using System;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Sessions;

namespace MemcachePS
{
    /// <summary>A named connection to memcached servers (or to an in-memory store), as Connect-Memcached made it.</summary>
    public sealed class MemcachedConnection : IDisposable
    {
        private volatile bool _closed;

        internal MemcachedConnection(string name, IMemcachedStore client, Distribution distribution, string keyPrefix,
            MemcachedSerializer serializer, TimeSpan connectTimeout, TimeSpan timeout, int maxConnectionsPerServer,
            int? compressionThreshold, bool ignoreErrors, bool inMemory)
        {
            Name = name;
            Client = client;
            Distribution = distribution;
            KeyPrefix = keyPrefix;
            Serializer = serializer;
            ConnectTimeout = connectTimeout;
            Timeout = timeout;
            MaxConnectionsPerServer = maxConnectionsPerServer;
            CompressionThreshold = compressionThreshold;
            IgnoreErrors = ignoreErrors;
            InMemory = inMemory;
            Connected = DateTime.Now;
        }

        public string Name { get; }
        /// <summary>The servers in use now: with a configuration endpoint, the nodes it last listed.</summary>
        public string[] Servers => Client.Servers.Select(s => s.Name).ToArray();
        public Distribution Distribution { get; }
        /// <summary>Whether commands without -Connection use this connection (in the runspace that made it).</summary>
        public bool IsDefault => Owner?.IsDefault(this) == true;
        public bool InMemory { get; }
        public string KeyPrefix { get; }
        /// <summary>How Set-MemcachedItem stores values when it is not given -Serializer.</summary>
        public MemcachedSerializer Serializer { get; }
        public TimeSpan ConnectTimeout { get; }
        public TimeSpan Timeout { get; }
        public int MaxConnectionsPerServer { get; }
        /// <summary>Values larger than this many bytes are compressed (null: the transcoder's default).</summary>
        public int? CompressionThreshold { get; }
        public bool IgnoreErrors { get; }
        public bool IsOpen => !_closed;
        public bool UseTls { get; internal set; }
        /// <summary>The user name the connection authenticates with (memcached -Y), if any.</summary>
        public string? UserName { get; internal set; }
        public DateTime Connected { get; }

        /// <summary>The ElastiCache configuration endpoint the servers come from (Connect-Memcached -ConfigurationEndpoint), if any.</summary>
        public string? ConfigurationEndpoint { get; internal set; }

        /// <summary>Auto discovery's state (configuration version, last refresh, last error); null without a configuration endpoint.</summary>
        public ClusterDiscoveryStatus? Discovery => (Client as MemcachedClient)?.DiscoveryStatus;

        /// <summary>The connections of the runspace that made this one: they list it, and close it with the runspace.</summary>
        internal ConnectionRegistry<MemcachedConnection>? Owner { get; set; }

        /// <summary>The Core client behind the connection, for scripts that need its full API.</summary>
        public IMemcachedStore Client { get; }

        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            Client.Dispose();
        }

        public override string ToString() => Name;
    }
}
