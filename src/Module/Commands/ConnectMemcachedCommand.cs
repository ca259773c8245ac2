using System;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography.X509Certificates;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Errors;
using MemcachePS.Core.InMemory;
using MemcachePS.Sessions;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>Connects to memcached servers (or creates an in-memory store) and makes the connection the session default.</summary>
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

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? CompressionThreshold { get; set; }

        [Parameter]
        public MemcachedSerializer Serializer { get; set; } = MemcachedSerializer.Default;

        [Parameter(ParameterSetName = ServerSet)]
        public ProtocolMode Protocol { get; set; } = ProtocolMode.Auto;

        [Parameter(ParameterSetName = ServerSet)]
        public SwitchParameter IgnoreErrors { get; set; }

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

        protected override void EndProcessing()
        {
            MemcachedConnection connection = InMemory ? CreateInMemory() : CreateClient();
            var replaced = SessionConnections.Registry.Register(connection.Name, connection);
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
                store = new InMemoryStore(Transcoders.Create(CompressionThreshold), KeyPrefix);
            }
            catch (MemcachedException e)
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategoryName.InvalidArgument, e.Message, true, exception: e));
                throw;
            }
            return new MemcachedConnection(Name ?? "in-memory", store, Distribution.Rendezvous, KeyPrefix, Serializer,
                TimeSpan.Zero, TimeSpan.Zero, 0, CompressionThreshold, ignoreErrors: false, inMemory: true);
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
                IgnoreServerErrors = IgnoreErrors,
                Protocol = Protocol,
                Transcoder = Transcoders.Create(CompressionThreshold),
                Credential = Credential?.GetNetworkCredential(),
                UseTls = UseTls || TlsTargetHost != null || CaCertificateFile != null || ClientCertificate != null || SkipCertificateCheck,
                TlsTargetHost = TlsTargetHost,
                CaCertificateFile = CaCertificateFile == null ? null : GetUnresolvedProviderPathFromPSPath(CaCertificateFile),
                ClientCertificate = ClientCertificate,
                SkipCertificateCheck = SkipCertificateCheck,
            };
            if (SkipCertificateCheck) WriteWarning("-SkipCertificateCheck accepts any server certificate: the traffic is encrypted, but anyone on the path can impersonate the server.");
            foreach (var text in Server)
            {
                if (!ServerAddress.TryParse(text, out var address, out var reason)) Report(ErrorCatalog.BadServerAddress(text, reason!));
                options.Servers.Add(address!);
            }

            MemcachedClient client;
            try
            {
                client = new MemcachedClient(options);
            }
            catch (MemcachedException e)
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategoryName.InvalidArgument, e.Message, true, exception: e));
                throw;
            }

            string name = Name ?? string.Join(",", client.Servers.Select(s => s.Name));
            var connection = new MemcachedConnection(name, client, Distribution, KeyPrefix, Serializer, ConnectTimeout, Timeout,
                MaxConnectionsPerServer, CompressionThreshold, IgnoreErrors, inMemory: false)
            {
                UseTls = options.UseTls,
                UserName = Credential?.UserName,
            };
            CheckReachable(connection);
            return connection;
        }

        /// <summary>
        /// Asks every server for its version: servers that do not answer are warnings; none answering ends the command
        /// (unless -IgnoreErrors, for scripts that start before their cache does). Refused credentials or certificates
        /// always end it: they are set-up mistakes, not outages.
        /// </summary>
        private void CheckReachable(MemcachedConnection connection)
        {
            var answers = connection.Client.Version();
            var failed = answers.Where(a => a.HasError).ToList();
            foreach (var answer in answers.Where(a => !a.HasError))
                WriteVerbose($"{answer.Server} answers: memcached {answer.Result}.");
            var setupError = failed.Select(a => ErrorCatalog.ForException(a.Error!)).FirstOrDefault(e => e.IsTerminating);
            if (setupError != null)
            {
                connection.Dispose();
                Report(setupError);
            }
            if (failed.Count == answers.Count && !IgnoreErrors)
            {
                connection.Dispose();
                var first = failed[0].Error!;
                var error = ErrorCatalog.ForException(first);
                Report(new ErrorDescription(error.ErrorId, error.Category,
                    $"No server of '{connection.Name}' answers: {first.Message} (-IgnoreErrors connects anyway).", true, null, first.Server, first));
            }
            foreach (var answer in failed) WriteWarning($"{answer.Server} does not answer: {answer.Error!.Message}");
        }
    }
}
