using System.Management.Automation;
using MemcachePS.Errors;
using MemcachePS.Matching;
using MemcachePS.Sessions;

namespace MemcachePS.Commands
{
    /// <summary>Lists the open connections of the current runspace, by name (wildcards allowed) or all of them.</summary>
    [Cmdlet(VerbsCommon.Get, "MemcachedConnection")]
    [OutputType(typeof(MemcachedConnection))]
    public sealed class GetMemcachedConnectionCommand : MemcachedCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the default connection.</summary>
        [Parameter]
        public SwitchParameter Default { get; set; }

        protected override void ProcessRecord()
        {
            if (Default)
            {
                var connection = RunspaceConnections.Current.Default;
                if (connection != null && (Name == null || Matches(connection.Name))) WriteObject(connection);
                return;
            }
            if (Name == null)
            {
                foreach (var connection in RunspaceConnections.Current.Match(null)) WriteObject(connection);
                return;
            }
            foreach (var name in Name)
            {
                var found = RunspaceConnections.Current.Match(name);
                if (found.Count == 0 && !NamePattern.HasWildcards(name)) Report(ErrorCatalog.UnknownConnection(name));
                foreach (var connection in found) WriteObject(connection);
            }
        }

        private bool Matches(string connectionName)
        {
            foreach (var name in Name!) if (NamePattern.Create(name).IsMatch(connectionName)) return true;
            return false;
        }
    }
}
