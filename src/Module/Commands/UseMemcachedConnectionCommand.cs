using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;
using MemcachePS.Sessions;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Makes an open connection of this runspace the default one, which every command uses unless given -Connection:
    /// to switch between connections made with Connect-Memcached without connecting again. When it is closed later, the
    /// previous default still open takes over, as after Disconnect-Memcached.
    /// </summary>
    [Cmdlet(VerbsOther.Use, "MemcachedConnection")]
    [OutputType(typeof(MemcachedConnection))]
    public sealed class UseMemcachedConnectionCommand : MemcachedCmdlet
    {
        /// <summary>The connection (an object from Connect-Memcached or Get-MemcachedConnection, or its name).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        [ConnectionTransformation]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public MemcachedConnection Connection { get; set; } = null!;

        /// <summary>Writes the connection, now the default.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (!Connection.IsOpen)
            {
                Report(ErrorCatalog.ClosedConnection(name: Connection.Name));
                return;
            }
            if (!RunspaceConnections.Current.Contains(Connection))
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidOperation,
                    $"The connection '{Connection.Name}' belongs to another runspace (it came in with $using:), and only a connection made in " +
                    "this runspace can be its default. Pass it with -Connection, or run Connect-Memcached here.", true, Connection.Name));
                return;
            }
            RunspaceConnections.Current.SetDefault(Connection);
            WriteVerbose($"The default connection is now '{Connection.Name}'.");
            if (PassThru) WriteObject(Connection);
        }
    }
}
