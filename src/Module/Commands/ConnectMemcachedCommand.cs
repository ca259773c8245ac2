using System;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.InMemory;
using MemcachePS.Core.Serialization;
using MemcachePS.Errors;
using MemcachePS.Sessions;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Connects to memcached servers (or creates an in-memory store) and makes the connection the default of the runspace
    /// that runs the command; the connection belongs to that runspace (see <see cref="RunspaceConnections"/>).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Memcached", DefaultParameterSetName = ServerSet)]
    [OutputType(typeof(MemcachedConnection))]
    public sealed class ConnectMemcachedCommand : MemcachedCmdlet
    {
        private const string ServerSet = "Server";
        private const string InMemorySet = "InMemory";

        [Parameter(Position = 0, ParameterSetName = ServerSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[] Server { get; set; } = { "localhost:11211" };

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public string? Name { get; set; }

        [Parameter(ParameterSetName = ServerSet)]
        public Distribution Distribution { get; set; } = Distribution.Rendezvous;

        [Parameter]
        [AllowEmptyString]
        public string KeyPrefix { get; set; } = string.Empty;

        [Parameter(ParameterSetName = ServerSet)]
        [TimeSpanTransformation]
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

        [Parameter(ParameterSetName = ServerSet)]
        [TimeSpanTransformation]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

        [Parameter(ParameterSetName = ServerSet)]
        [ValidateRange(1, 1024)]
        public int MaxConnectionsPerServer { get; set; } = 16;

        /// <summary>Consecutive connection failures after which a server is set aside (MemcachedClientOptions.ServerFailureLimit).</summary>
        [Parameter(ParameterSetName = ServerSet)]
        [ValidateRange(1, int.MaxValue)]
        public int ServerFailureLimit { get; set; } = 2;

        /// <summary>How long a server set aside is left alone before it is tried again (MemcachedClientOptions.DeadServerRetryDelay).</summary>
        [Parameter(ParameterSetName = ServerSet)]
        [TimeSpanTransformation]
        public TimeSpan DeadServerRetryDelay { get; set; } = MemcachedClientOptions.DefaultDeadServerRetryDelay;

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? CompressionThreshold { get; set; }

        [Parameter]
        public MemcachedSerializer Serializer { get; set; } = MemcachedSerializer.Default;

        [Parameter(ParameterSetName = ServerSet)]
        public ProtocolMode Protocol { get; set; } = ProtocolMode.Auto;

        [Parameter(ParameterSetName = ServerSet)]
        public SwitchParameter IgnoreErrors { get; set; }

        /// <summary>memcached servers, or a proxy in front of them such as twemproxy (MemcachedClientOptions.ServerKind).</summary>
        [Parameter(ParameterSetName = ServerSet)]
        public ServerKind ServerKind { get; set; } = ServerKind.Memcached;

        /// <summary>The servers' item_size_max in bytes, instead of asking them (MemcachedClientOptions.ItemSizeMax).</summary>
        [Parameter(ParameterSetName = ServerSet)]
        [ValidateRange(MemcachedClientOptions.MinItemSizeMax, MemcachedClientOptions.MaxItemSizeMax)]
        public int? ItemSizeMax { get; set; }

        /// <summary>Username and password for memcached's ASCII authentication (<c>memcached -Y authfile</c>).</summary>
        [Parameter(ParameterSetName = ServerSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(ParameterSetName = ServerSet)]
        public SwitchParameter UseTls { get; set; }

        [Parameter(ParameterSetName = ServerSet)]
        [ValidateNotNullOrEmpty]
        public string? TlsTargetHost { get; set; }

        [Parameter(ParameterSetName = ServerSet)]
        [ValidateNotNullOrEmpty]
        public string? CaCertificateFile { get; set; }

        [Parameter(ParameterSetName = ServerSet)]
        [ValidateNotNull]
        public X509Certificate2? ClientCertificate { get; set; }

        [Parameter(ParameterSetName = ServerSet)]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = InMemorySet)]
        public SwitchParameter InMemory { get; set; }

        /// <summary>
        /// An AWS ElastiCache configuration endpoint (host:port) whose node list becomes the servers, instead of -Server
        /// (MemcachedClientOptions.ConfigurationEndpoint).
        /// </summary>
        [Parameter(ParameterSetName = ServerSet)]
        [ValidateNotNullOrEmpty]
        public string? ConfigurationEndpoint { get; set; }

        /// <summary>How often the configuration endpoint is asked again; 0: never by itself (MemcachedClientOptions.DiscoveryRefreshInterval).</summary>
        [Parameter(ParameterSetName = ServerSet)]
        [TimeSpanTransformation]
        public TimeSpan DiscoveryRefreshInterval { get; set; } = MemcachedClientOptions.DefaultDiscoveryRefreshInterval;

        protected override void EndProcessing()
        {
            MemcachedConnection connection = InMemory ? CreateInMemory() : CreateClient();
            var registry = RunspaceConnections.Current;
            connection.Owner = registry;
            var replaced = registry.Register(connection.Name, connection);
            if (replaced != null)
            {
                WriteVerbose($"Closed the previous connection named '{replaced.Name}'.");
                replaced.Dispose();
            }
            WriteObject(connection);
        }

        private MemcachedConnection CreateInMemory()
        {
            InMemoryStore store;
            try
            {
                store = new InMemoryStore(CreateTranscoder(), KeyPrefix);
            }
            catch (MemcachedException e)
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument, e.Message, true, exception: e));
                throw;
            }
            return new MemcachedConnection(Name ?? "in-memory", store, Distribution.Rendezvous, KeyPrefix, Serializer,
                TimeSpan.Zero, TimeSpan.Zero, 0, CompressionThreshold, ignoreErrors: false, inMemory: true);
        }

        /// <summary>
        /// The connection's transcoder, for reading and writing: another client family's when -Serializer names one, else
        /// the default one with -CompressionThreshold. A family compresses as its client does, so the two are not combined.
        /// </summary>
        private ITranscoder CreateTranscoder()
        {
            var family = SerializerTranscoders.For(Serializer);
            if (family == null) return Transcoders.Create(CompressionThreshold);
            if (CompressionThreshold.HasValue)
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    $"-CompressionThreshold applies to the Default and CliXml serializers; -Serializer {Serializer} compresses as that client " +
                    "does (docs/FLAGS.md). Leave -CompressionThreshold out.", true));
            return family;
        }

        private MemcachedConnection CreateClient()
        {
            var options = new MemcachedClientOptions
            {
                Distribution = Distribution,
                KeyPrefix = KeyPrefix,
                ConnectTimeout = ConnectTimeout,
                OperationTimeout = Timeout,
                MaxConnectionsPerServer = MaxConnectionsPerServer,
                ServerFailureLimit = ServerFailureLimit,
                DeadServerRetryDelay = DeadServerRetryDelay,
                IgnoreServerErrors = IgnoreErrors,
                Protocol = Protocol,
                ServerKind = ServerKind,
                ItemSizeMax = ItemSizeMax,
                Transcoder = CreateTranscoder(),
                Credential = Credential == null ? null : new MemcachedCredential(Credential.UserName, Credential.Password),
                UseTls = UseTls || TlsTargetHost != null || CaCertificateFile != null || ClientCertificate != null || SkipCertificateCheck,
                TlsTargetHost = TlsTargetHost,
                CaCertificateFile = CaCertificateFile == null ? null : GetUnresolvedProviderPathFromPSPath(CaCertificateFile),
                ClientCertificate = ClientCertificate,
                SkipCertificateCheck = SkipCertificateCheck,
            };
            if (SkipCertificateCheck) WriteWarning("-SkipCertificateCheck accepts any server certificate: the traffic is encrypted, but anyone on the path can impersonate the server.");
            if (!AddDiscovery(options))
            {
                foreach (var text in Server)
                {
                    if (!ServerAddress.TryParse(text, out var address, out var reason)) Report(ErrorCatalog.BadServerAddress(text, reason!));
                    options.Servers.Add(address!);
                }
            }
            WarnOfClearTextCredentials(options);

            MemcachedClient client;
            try
            {
                client = new MemcachedClient(options);
            }
            catch (MemcachedException e) when (options.ConfigurationEndpoint != null && !(e is MemcachedClientException))
            {
                // The endpoint could not be read: an outage or a wrong endpoint, reported as what it is.
                var error = ErrorCatalog.ForException(e);
                Report(new ErrorDescription(error.ErrorId, error.Category, e.Message, true, null, e.Server, e));
                throw;
            }
            catch (MemcachedException e)
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument, e.Message, true, exception: e));
                throw;
            }

            string name = Name ?? options.ConfigurationEndpoint?.Name ?? string.Join(",", client.Servers.Select(s => s.Name));
            var connection = new MemcachedConnection(name, client, Distribution, KeyPrefix, Serializer, ConnectTimeout, Timeout,
                MaxConnectionsPerServer, CompressionThreshold, IgnoreErrors, inMemory: false)
            {
                UseTls = options.UseTls,
                UserName = Credential?.UserName,
                ConfigurationEndpoint = options.ConfigurationEndpoint?.Name,
            };
            CheckReachable(connection);
            return connection;
        }

        /// <summary>-ConfigurationEndpoint: the nodes come from it, so -Server may not be given too. False without it.</summary>
        private bool AddDiscovery(MemcachedClientOptions options)
        {
            if (ConfigurationEndpoint == null) return false;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Server)))
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    "Give -Server or -ConfigurationEndpoint, not both: the configuration endpoint lists the servers.", true));
            if (!ServerAddress.TryParse(ConfigurationEndpoint, out var endpoint, out var reason))
                Report(ErrorCatalog.BadServerAddress(ConfigurationEndpoint, reason!));
            options.ConfigurationEndpoint = endpoint;
            options.DiscoveryRefreshInterval = DiscoveryRefreshInterval;
            return true;
        }

        /// <summary>One warning per Connect when a password would cross a network unencrypted (unix sockets stay on the host).</summary>
        private void WarnOfClearTextCredentials(MemcachedClientOptions options)
        {
            if (options.Credential == null || options.UseTls) return;
            var exposed = options.Servers.Where(s => !s.IsUnixSocket).Select(s => s.ToString()).ToList();
            if (options.ConfigurationEndpoint != null) exposed.Add($"the nodes that {options.ConfigurationEndpoint} lists");
            if (exposed.Count == 0) return;
            WriteWarning($"The password of user '{options.Credential.UserName}' goes to {string.Join(", ", exposed)} in clear text (plain TCP, no TLS): " +
                "anyone who can see that traffic can read it. Use -UseTls (memcached -Z) or a unix socket.");
        }

        /// <summary>Asks every server for its version; <see cref="ConnectCheck"/> says what the answers mean.</summary>
        private void CheckReachable(MemcachedConnection connection)
        {
            var check = ConnectCheck.Evaluate(connection.Name, connection.Client.Version(cancellationToken: Stopping), IgnoreErrors);
            foreach (var line in check.Answered) WriteVerbose(line);
            if (check.Failure != null)
            {
                connection.Dispose();
                Report(check.Failure);
            }
            foreach (var warning in check.Warnings) WriteWarning(warning);
        }
    }
}
