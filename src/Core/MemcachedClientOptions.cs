using System;
using System.Collections.Generic;
using System.Net;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core
{
    /// <summary>Which wire protocol to speak to a server.</summary>
    public enum ProtocolMode
    {
        /// <summary>
        /// Meta commands when the server answers <c>mn</c>; the classic text protocol when it answers ERROR; the binary
        /// protocol when the server closes the connection on text and answers a binary request (memcached <c>-S</c>, SASL,
        /// which speaks binary only: the credentials then go by SASL PLAIN).
        /// </summary>
        Auto,
        /// <summary>memcached 1.6+ meta commands (<c>mg</c>, <c>ms</c>, <c>md</c>, <c>ma</c>, <c>mn</c>).</summary>
        Meta,
        /// <summary>The classic text protocol (<c>get</c>, <c>set</c>, <c>incr</c> …).</summary>
        Classic,
        /// <summary>
        /// memcached's binary protocol, with SASL PLAIN authentication when <see cref="MemcachedClientOptions.Credential"/>
        /// is given (memcached <c>-S</c> speaks nothing else). Item commands, batches (quiet opcodes ended by a no-op),
        /// counters, touch, stats, flush and version; refused with an error that says why: what only text carries (key
        /// listing with <c>lru_crawler metadump</c>, raw commands, <c>cache_memlimit</c>, base64 keys) and verbosity (memcached
        /// does not answer its binary form).
        /// </summary>
        Binary,
    }

    /// <summary>Everything a <see cref="MemcachedClient"/> is configured with. Defaults are safe: finite timeouts, every reply seen.</summary>
    public sealed class MemcachedClientOptions
    {
        public IList<ServerAddress> Servers { get; } = new List<ServerAddress>();

        public Distribution Distribution { get; set; } = Distribution.Rendezvous;

        /// <summary>
        /// An AWS ElastiCache (memcached) configuration endpoint, e.g. <c>mycluster.abc123.cfg.use1.cache.amazonaws.com:11211</c>,
        /// instead of <see cref="Servers"/>: the client asks it for the cluster's nodes (<c>config get cluster</c>, or
        /// <c>get AmazonElastiCache:cluster</c> on engines before 1.4.14) when it is created, and again every
        /// <see cref="DiscoveryRefreshInterval"/>, and uses the nodes of each new configuration version. Nodes are reached
        /// and placed by their IP address (by host name when the endpoint gives no IP), with <see cref="Distribution"/>:
        /// its default, <see cref="Cluster.Distribution.Rendezvous"/>, is what pymemcache's AWSElastiCacheHashClient (a
        /// HashClient) uses, so the two place every key on the same node. Creating the client fails when the first read fails;
        /// a later refresh that fails keeps the nodes in use (see <see cref="MemcachedClient.DiscoveryStatus"/>).
        /// </summary>
        public ServerAddress? ConfigurationEndpoint { get; set; }

        /// <summary>
        /// How often the <see cref="ConfigurationEndpoint"/> is asked for the node list again: 60 seconds by default, as AWS's
        /// ElastiCache cluster clients poll. Zero: only when <see cref="MemcachedClient.RefreshServers"/> is called. Each
        /// read is bounded by <see cref="OperationTimeout"/>.
        /// </summary>
        public TimeSpan DiscoveryRefreshInterval { get; set; } = DefaultDiscoveryRefreshInterval;

        /// <summary>The default <see cref="DiscoveryRefreshInterval"/>: 60 seconds.</summary>
        public static readonly TimeSpan DefaultDiscoveryRefreshInterval = TimeSpan.FromSeconds(60);

        /// <summary>Prepended to every key before it is validated and sent.</summary>
        public string KeyPrefix { get; set; } = string.Empty;

        /// <summary>
        /// Longest wait for a new connection (and its TLS handshake); a call's <see cref="OperationTimeout"/> also bounds it.
        /// At most <see cref="MaxTimeout"/>.
        /// </summary>
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// How long one call may take from its start, everything included: waiting for a pooled connection, connecting,
        /// the handshake, sending, and every byte of the reply. A batch gets this much per window of requests per
        /// server. Bytes trickling in never extend it. A call past it ends with <see cref="MemcachedTimeoutException"/>
        /// and its connection is closed. At most <see cref="MaxTimeout"/>: a longer one is refused when the client is created.
        /// </summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

        public int MaxConnectionsPerServer { get; set; } = 16;

        /// <summary>Pooled connections idle longer than this are closed instead of reused.</summary>
        public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

        public ProtocolMode Protocol { get; set; } = ProtocolMode.Auto;

        /// <summary>
        /// Whether the servers are memcached or proxies in front of it (twemproxy, mcrouter-style): see <see cref="Core.ServerKind"/>.
        /// With <see cref="Core.ServerKind.Proxy"/> and <see cref="ProtocolMode.Auto"/> the classic protocol is spoken.
        /// </summary>
        public ServerKind ServerKind { get; set; } = ServerKind.Memcached;

        /// <summary>
        /// The servers' item_size_max in bytes (memcached <c>-I</c>), when it is not to be asked with <c>stats settings</c>:
        /// values longer than an item of this size can hold are refused before sending, and a reply announcing a longer
        /// value is refused as out of step. Null (the default): memcached servers are asked, and proxies, which cannot be,
        /// are taken to have memcached's default, 1 MiB. When set, <c>stats settings</c> is not sent at all (so with
        /// <see cref="ProtocolMode.Classic"/> a new connection sends nothing before its first command). Between 1,024 bytes
        /// and 1 GiB, as memcached allows.
        /// </summary>
        public int? ItemSizeMax { get; set; }

        /// <summary>
        /// Multi-key stores use meta quiet mode (on by default): a stored key sends no reply, every failure still
        /// answers with its key's opaque token, and <c>mn</c> closes each window, so no outcome is guessed. An error
        /// line the server cannot tie to a key makes every unanswered key of its window "unconfirmed", never stored.
        /// Set to false to read an explicit reply, with the item's new CAS token, for every key. Classic-protocol
        /// servers always answer every key.
        /// </summary>
        public bool QuietBatches { get; set; } = true;

        /// <summary>Send keys base64-encoded with the meta <c>b</c> flag, so binary and whitespace-containing keys travel safely.</summary>
        public bool Base64Keys { get; set; }

        /// <summary>
        /// How long a server marked dead (see <see cref="ServerFailureLimit"/>) is left alone before the next call tries it
        /// again; <see cref="DefaultDeadServerRetryDelay"/> (2 s, libmemcached's retry_timeout) by default. While it rests,
        /// calls for its keys fail at once with <see cref="MemcachedServerDeadException"/> (or are remapped / ignored, see
        /// <see cref="RemapDeadServers"/> and <see cref="IgnoreServerErrors"/>). Zero or more.
        /// </summary>
        public TimeSpan DeadServerRetryDelay { get; set; } = DefaultDeadServerRetryDelay;

        /// <summary>The default <see cref="DeadServerRetryDelay"/>: 2 seconds, as libmemcached's retry_timeout.</summary>
        public static readonly TimeSpan DefaultDeadServerRetryDelay = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Consecutive connection failures (a connect that fails or times out, a connection that breaks or stops answering)
        /// before a server is marked dead. Not failures: a per-key error reply, a busy pool (every connection in use until
        /// the deadline), and the server refusing a new connection at its connection limit. At least 1; 2 by default.
        /// </summary>
        public int ServerFailureLimit { get; set; } = 2;

        /// <summary>While a server is dead: reads of its keys are misses and writes report not stored, instead of errors.</summary>
        public bool IgnoreServerErrors { get; set; }

        /// <summary>libmemcached-style remapping: keys of dead servers go to the live ones. Off by default.</summary>
        public bool RemapDeadServers { get; set; }

        /// <summary>Converts values to bytes and flags for the object-level API. Null means the default transcoder.</summary>
        public ITranscoder? Transcoder { get; set; }

        /// <summary>
        /// Speak TLS to every server (memcached started with <c>-Z</c>). The server's certificate is checked against the
        /// system's trusted roots (or <see cref="CaCertificateFile"/>) and against the host name, unless
        /// <see cref="SkipCertificateCheck"/> is set.
        /// </summary>
        public bool UseTls { get; set; }

        /// <summary>
        /// The name the server certificate must carry, instead of each server's own host (or IP address). For servers reached
        /// through an address that is not in their certificate, e.g. a tunnel or an IP behind a DNS name.
        /// </summary>
        public string? TlsTargetHost { get; set; }

        /// <summary>
        /// A CA certificate file (PEM or DER): server certificates must chain to exactly this CA instead of the system's
        /// trusted roots. The host name is still checked.
        /// </summary>
        public string? CaCertificateFile { get; set; }

        /// <summary>A client certificate (with its private key) for servers that require one (<c>ssl_verify_mode</c>).</summary>
        public X509Certificate2? ClientCertificate { get; set; }

        /// <summary>A client certificate file (PKCS#12 / .pfx with its key), read when the client is created.</summary>
        public string? ClientCertificateFile { get; set; }

        /// <summary>The password of <see cref="ClientCertificateFile"/>, if it has one.</summary>
        public SecureString? ClientCertificatePassword { get; set; }

        /// <summary>
        /// DANGER: turns off ALL verification of the server: any certificate is accepted, from any issuer, for any host
        /// name, expired or not. The traffic is encrypted but anyone on the path can impersonate the server and read
        /// everything, passwords included. Only for tests or throwaway servers with self-signed certificates; prefer
        /// <see cref="CaCertificateFile"/>.
        /// </summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>
        /// Username and password for memcached's authentication, sent on every new connection before anything else, and only
        /// when the server asks for it: ASCII authentication for a server started with <c>-Y authfile</c> (meta and classic
        /// protocols), SASL PLAIN for one started with <c>-S</c> (binary protocol: <see cref="ProtocolMode.Binary"/>, or
        /// <see cref="ProtocolMode.Auto"/>, which finds it). The password is never
        /// written to any message, exception or log, and no public member returns it (see <see cref="MemcachedCredential"/>).
        /// Without <see cref="UseTls"/> it crosses the network in clear text.
        /// </summary>
        public MemcachedCredential? Credential { get; set; }

        /// <summary>Wraps new connections' streams (TLS). Null for plain TCP / unix sockets.</summary>
        internal TlsConnector? CreateTlsConnector() => UseTls ? TlsConnector.Create(this) : null;

        /// <summary>Authenticates new connections in the text protocols (ASCII authentication). Null when no credentials are configured.</summary>
        internal IConnectionAuthenticator? Authenticator => Credential == null ? null : new AsciiAuthenticator(Credential);

        /// <summary>SASL over the binary protocol, with the credentials if any (without, it reports a server that requires them).</summary>
        internal SaslAuthenticator SaslAuthenticator => new SaslAuthenticator(Credential);

        public MemcachedClientOptions AddServer(string address)
        {
            Servers.Add(ServerAddress.Parse(address));
            return this;
        }

        internal void Validate()
        {
            if (ConfigurationEndpoint != null && Servers.Count > 0)
                throw new MemcachedClientException("Give either servers or a configuration endpoint (whose nodes become the servers), not both.");
            if (Servers.Count == 0 && ConfigurationEndpoint == null) throw new MemcachedClientException("No servers are configured.");
            if (DiscoveryRefreshInterval < TimeSpan.Zero) throw new MemcachedClientException("DiscoveryRefreshInterval must not be negative.");
            CheckTimeoutLimit(nameof(DiscoveryRefreshInterval), DiscoveryRefreshInterval);
            if (ConnectTimeout <= TimeSpan.Zero) throw new MemcachedClientException("ConnectTimeout must be positive.");
            if (OperationTimeout <= TimeSpan.Zero) throw new MemcachedClientException("OperationTimeout must be positive.");
            CheckTimeoutLimit(nameof(ConnectTimeout), ConnectTimeout);
            CheckTimeoutLimit(nameof(OperationTimeout), OperationTimeout);
            if (MaxConnectionsPerServer < 1) throw new MemcachedClientException("MaxConnectionsPerServer must be at least 1.");
            if (ServerFailureLimit < 1) throw new MemcachedClientException("ServerFailureLimit must be at least 1.");
            if (DeadServerRetryDelay < TimeSpan.Zero) throw new MemcachedClientException("DeadServerRetryDelay must not be negative.");
            if (ItemSizeMax.HasValue && (ItemSizeMax.Value < MinItemSizeMax || ItemSizeMax.Value > MaxItemSizeMax))
                throw new MemcachedClientException(
                    $"ItemSizeMax {ItemSizeMax.Value} is outside what memcached accepts for item_size_max (-I): {MinItemSizeMax} bytes to {MaxItemSizeMax} bytes (1 GiB).");
            if (Protocol < ProtocolMode.Auto || Protocol > ProtocolMode.Binary)
                throw new MemcachedClientException($"Protocol {(int)Protocol} is not a protocol mode.");
            if (Protocol == ProtocolMode.Binary && Base64Keys)
                throw new MemcachedClientException("Base64Keys needs the meta protocol's b flag, which the binary protocol does not have: use Protocol Meta (or Auto) for base64 keys.");
            if (Protocol == ProtocolMode.Binary && ServerKind == ServerKind.Proxy)
                throw new MemcachedClientException("A proxy (ServerKind Proxy) is spoken to in the text protocols: Protocol Binary cannot be combined with it.");
            if (ServerKind != ServerKind.Memcached && ServerKind != ServerKind.Proxy)
                throw new MemcachedClientException($"ServerKind {(int)ServerKind} is not a server kind.");
            KeyValidator.ValidatePrefix(KeyPrefix ?? string.Empty, Base64Keys);
            ValidateSecurity();
        }

        /// <summary>The smallest <see cref="ItemSizeMax"/>: 1,024 bytes, memcached's own lower limit for -I.</summary>
        public const int MinItemSizeMax = 1024;

        /// <summary>The largest <see cref="ItemSizeMax"/>: 1 GiB, memcached's own upper limit for -I.</summary>
        public const int MaxItemSizeMax = 1024 * 1024 * 1024;

        /// <summary>
        /// The longest timeout: int.MaxValue milliseconds (24 days 20:31:23.647), the longest wait that socket timeouts and
        /// timers take. A longer one is refused, not shortened without a word.
        /// </summary>
        public static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

        private static void CheckTimeoutLimit(string name, TimeSpan value)
        {
            if (value > MaxTimeout)
                throw new MemcachedClientException(
                    $"{name} {value} is longer than the longest timeout a client can wait, {MaxTimeout.ToString(@"d\.hh\:mm\:ss\.fff", System.Globalization.CultureInfo.InvariantCulture)} " +
                    "(int.MaxValue milliseconds, about 24.8 days): give a shorter timeout.");
        }

        private void ValidateSecurity()
        {
            if (!UseTls && (TlsTargetHost != null || CaCertificateFile != null || ClientCertificate != null || ClientCertificateFile != null || SkipCertificateCheck))
                throw new MemcachedClientException("TLS options are set but UseTls is not: set UseTls to speak TLS.");
            if (UseTls && TlsTargetHost == null)
                foreach (var server in Servers)
                    if (server.IsUnixSocket)
                        throw new MemcachedClientException($"{server} is a unix socket, which has no host name to check a certificate against: set TlsTargetHost.");
            if (ClientCertificate != null && ClientCertificateFile != null)
                throw new MemcachedClientException("Give either ClientCertificate or ClientCertificateFile, not both.");
            if (Credential != null) AsciiAuthenticator.ValidateCredential(Credential);
        }
    }
}
