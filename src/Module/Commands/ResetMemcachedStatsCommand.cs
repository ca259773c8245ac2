using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Commands
{
    /// <summary>
    /// <c>stats reset</c> on every server of the connection or those named: hit, miss, command, eviction and byte counters
    /// start again from zero. Items, memory and uptime are untouched. Asks for confirmation unless -Force.
    /// </summary>
    [Cmdlet(VerbsCommon.Reset, "MemcachedStats", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ResetMemcachedStatsCommand : ServerCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[]? Server { get; set; }

        /// <summary>Resets without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var approved = new List<ServerAddress>();
            foreach (var server in SelectServers(Server))
                if ((Force && !WhatIfRequested()) || ShouldProcess(server.Name, "Reset the statistics counters (stats reset)")) approved.Add(server);
            if (approved.Count == 0) return;
            IReadOnlyList<ServerResult<bool>> answers;
            try
            {
                answers = Store.ResetStats(approved, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportException(e);
                return;
            }
            foreach (var answer in answers)
            {
                if (answer.HasError) ReportException(answer.Error!);
                else WriteVerbose($"Reset the statistics of {answer.Server}.");
            }
        }
    }
}
