using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Errors;
using MemcachePS.Sessions;

namespace MemcachePS.Commands
{
    /// <summary>A cmdlet that works on a connection: -Connection, or the default of the runspace it runs in.</summary>
    public abstract class ConnectedCmdlet : MemcachedCmdlet
    {
        /// <summary>The connection to use (an object from Connect-Memcached, or its name). Default: the default connection of this runspace.</summary>
        [Parameter]
        [ValidateNotNull]
        [Sessions.ConnectionTransformation]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public virtual MemcachedConnection? Connection { get; set; }

        private MemcachedConnection? _resolved;
        private MemcachedConnection? _resolvedFrom;

        /// <summary>The connection in use; the command ends with a clear error when there is none or it was closed.</summary>
        internal MemcachedConnection ActiveConnection
        {
            get
            {
                // Server-level commands take connections from the pipeline, so -Connection can change between records.
                if (_resolved != null && ReferenceEquals(_resolvedFrom, Connection)) return _resolved;
                _resolvedFrom = Connection;
                var connection = Connection ?? RunspaceConnections.Current.Default;
                if (connection == null) Report(ErrorCatalog.NoDefaultConnection());
                if (!connection!.IsOpen) Report(ErrorCatalog.ClosedConnection(name: connection.Name));
                return _resolved = connection;
            }
        }

        internal IMemcachedStore Store => ActiveConnection.Client;

        /// <summary>Reports a failure of a whole multi-key call once per key, or ends the command for setup errors.</summary>
        internal void ReportForEach(Exception exception, IEnumerable<string> keys)
        {
            var general = ErrorCatalog.ForException(exception);
            if (general.IsTerminating) Report(general);
            foreach (var key in keys) ReportException(exception, key, ActiveConnection.KeyPrefix);
        }

        /// <summary>The item's value as a script sees it; an undecodable value is reported (ValueNotDecodable) and gives false.</summary>
        internal bool TryDecode(CacheItem item, out object? value, bool asHashtable = false)
        {
            try
            {
                value = Values.ValueCodec.Decode(item, Store.Transcoder, asHashtable);
                return true;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                Report(ErrorCatalog.NotDecodable(item.Key, item.Server?.Name, e));
                value = null;
                return false;
            }
        }

        /// <summary>The servers named by -Server (all when null); names that match none are reported and skipped.</summary>
        internal IReadOnlyList<ServerAddress> SelectServers(string[]? requested)
        {
            var servers = ServerSelection.Resolve(Store.Servers, requested, out var unmatched);
            foreach (var name in unmatched) Report(ErrorCatalog.ServerNotConnected(name, ActiveConnection.Name));
            return servers;
        }
    }
}
