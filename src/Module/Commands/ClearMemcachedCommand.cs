using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>Invalidates every item on every server of the connection, or on those named (flush_all), now or after -Delay.</summary>
    [Cmdlet(VerbsCommon.Clear, "Memcached", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class ClearMemcachedCommand : ServerCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[]? Server { get; set; }

        /// <summary>Items become invalid after this delay instead of now.</summary>
        [Parameter]
        [TimeSpanTransformation]
        public TimeSpan? Delay { get; set; }

        /// <summary>Flushes without asking for confirmation (-WhatIf still only shows what would happen).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var approved = new List<ServerAddress>();
            string action = Delay.HasValue ? $"Invalidate every item after {Delay.Value}" : "Invalidate every item";
            foreach (var server in SelectServers(Server))
            {
                bool confirmed = Force && !WhatIfRequested() ? true : ShouldProcess(server.Name, action);
                if (confirmed) approved.Add(server);
            }
            if (approved.Count == 0) return;
            IReadOnlyList<ServerResult<bool>> answers;
            try
            {
                answers = Store.FlushAll(Delay, approved, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportException(e);
                return;
            }
            foreach (var answer in answers)
            {
                if (answer.HasError) ReportException(answer.Error!);
                else WriteVerbose($"Flushed {answer.Server}.");
            }
        }
    }
}
