using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Stats;
using MemcachePS.Stats;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Reads a <c>stats</c> report from every server (or those named) into typed records: one per server for General
    /// and Settings, one per server and slab class for Items and Slabs, per size for Sizes, per connection for Conns.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MemcachedStats")]
    [OutputType(typeof(GeneralStats), typeof(SettingsStats), typeof(ItemStats), typeof(SlabStats), typeof(SizeStats), typeof(ConnectionStats), typeof(SlabClassUsage))]
    public sealed class GetMemcachedStatsCommand : ServerCmdlet
    {
        [Parameter(Position = 0)]
        public StatsType Type { get; set; } = StatsType.General;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[]? Server { get; set; }

        protected override void ProcessRecord()
        {
            var servers = SelectServers(Server);
            if (servers.Count == 0) return;
            if (Type == StatsType.SlabUsage)
            {
                WriteSlabUsage(servers);
                return;
            }
            IReadOnlyList<ServerResult<StatsResult>> answers;
            try
            {
                answers = Store.Stats(StatsReport.Argument(Type), servers, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                foreach (var server in servers) ReportException(e, null);
                return;
            }
            foreach (var answer in answers)
            {
                if (answer.HasError)
                {
                    ReportException(answer.Error!);
                    continue;
                }
                if (Type == StatsType.Sizes && StatsReport.SizesDisabled(answer.Result))
                    WriteWarning($"{answer.Server} does not track item sizes (start memcached with -o track_sizes).");
                foreach (var record in StatsReport.Build(Type, answer.Server, answer.Result)) WriteObject(record);
            }
        }

        /// <summary>stats items, then stats slabs, from every server; a server that fails either is one error.</summary>
        private void WriteSlabUsage(IReadOnlyList<Core.Cluster.ServerAddress> servers)
        {
            IReadOnlyList<ServerResult<StatsResult>> items, slabs;
            try
            {
                items = Store.Stats("items", servers, Stopping);
                slabs = Store.Stats("slabs", servers, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportException(e);
                return;
            }
            for (int i = 0; i < servers.Count; i++)
            {
                if (items[i].HasError || slabs[i].HasError)
                {
                    ReportException(items[i].HasError ? items[i].Error! : slabs[i].Error!);
                    continue;
                }
                foreach (var record in StatsReport.SlabUsage(items[i].Server.Name, items[i].Result, slabs[i].Result)) WriteObject(record);
            }
        }
    }
}
