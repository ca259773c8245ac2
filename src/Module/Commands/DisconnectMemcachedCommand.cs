using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Errors;
using MemcachePS.Matching;
using MemcachePS.Sessions;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Closes connections: those piped or given with -Connection, those named by -Name, all of them with -All, or else
    /// the default one. When the default closes, the previous default still open takes over.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Memcached", DefaultParameterSetName = ConnectionSet)]
    [OutputType(typeof(void))]
    public sealed class DisconnectMemcachedCommand : MemcachedCmdlet
    {
        private const string ConnectionSet = "Connection";
        private const string NameSet = "Name";
        private const string AllSet = "All";
        private readonly List<MemcachedConnection> _targets = new List<MemcachedConnection>();

        [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = ConnectionSet)]
        [ValidateNotNull]
        [Sessions.ConnectionTransformation]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public MemcachedConnection[]? Connection { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            if (All)
            {
                _targets.AddRange(RunspaceConnections.Current.Match(null));
            }
            else if (Name != null)
            {
                foreach (var name in Name)
                {
                    var found = RunspaceConnections.Current.Match(name);
                    if (found.Count == 0 && !NamePattern.HasWildcards(name)) Report(ErrorCatalog.UnknownConnection(name));
                    _targets.AddRange(found);
                }
            }
            else if (Connection != null)
            {
                _targets.AddRange(Connection);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ConnectionSet && Connection == null && _targets.Count == 0)
            {
                var current = RunspaceConnections.Current.Default;
                if (current == null)
                {
                    var none = ErrorCatalog.NoDefaultConnection();
                    Report(new ErrorDescription(none.ErrorId, none.Category, "There is no default memcached connection to disconnect.", false));
                    return;
                }
                _targets.Add(current);
            }
            foreach (var connection in _targets)
            {
                (connection.Owner ?? RunspaceConnections.Current).Remove(connection);
                connection.Dispose();
                WriteVerbose($"Disconnected '{connection.Name}'.");
            }
        }
    }
}
