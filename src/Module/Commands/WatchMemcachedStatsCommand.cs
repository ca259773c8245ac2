using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Errors;
using MemcachePS.Stats;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Live rates, as damemtop and memcached-tool's stats loop give them: every -Interval, one flat row per server (gets,
    /// sets, evictions and bytes per second, the hit ratio over the interval, items and connections), and with several
    /// servers a "(total)" row. Runs until -Count intervals were written or Ctrl+C, which ends it at once and cleanly.
    /// </summary>
    [Cmdlet(VerbsCommon.Watch, "MemcachedStats")]
    [OutputType(typeof(MemcachedStatsSample))]
    public sealed class WatchMemcachedStatsCommand : ServerCmdlet
    {
        /// <summary>The shortest interval: memcached's counters are cheap to read, but a tighter loop measures itself.</summary>
        public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

        /// <summary>The length of each interval (a TimeSpan or seconds). Default 1 second.</summary>
        [Parameter(Position = 0)]
        [TimeSpanTransformation]
        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>Stops after this many intervals. Default: until Ctrl+C.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Count { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[]? Server { get; set; }

        /// <summary>Leaves out the "(total)" row.</summary>
        [Parameter]
        public SwitchParameter NoTotal { get; set; }

        protected override void ProcessRecord()
        {
            if (Interval < MinInterval || Interval > TimeSpan.FromDays(1))
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    $"-Interval must be between {MinInterval.TotalSeconds} seconds and 1 day (got {Interval}).", true, Interval.ToString()));
            }
            var servers = new List<ServerAddress>(SelectServers(Server));
            if (servers.Count == 0) return;

            var clock = Stopwatch.StartNew();
            var last = new Dictionary<ServerAddress, (StatsRates.Reading reading, TimeSpan at)>();
            if (!Sample(servers, clock, last, null)) return;
            for (int n = 1; !Count.HasValue || n <= Count.Value; n++)
            {
                // Ticks fall on start + n * Interval, so a slow reply does not make every later interval drift.
                var wait = TimeSpan.FromTicks(Interval.Ticks * n) - clock.Elapsed;
                if (wait > TimeSpan.Zero && Stopping.WaitHandle.WaitOne(wait)) return;
                if (Stopping.IsCancellationRequested) return;
                if (servers.Count == 0) return; // every server refused the stats for good (a proxy): said once, nothing to watch
                var rows = new List<MemcachedStatsSample>(servers.Count);
                if (!Sample(servers, clock, last, rows)) return;
                foreach (var row in rows) WriteObject(row);
                if (!NoTotal && servers.Count > 1)
                {
                    var total = StatsRates.Total(rows.Count > 0 ? rows[0].Timestamp : DateTime.Now, rows);
                    if (total != null) WriteObject(total);
                }
            }
        }

        /// <summary>Reads every server once; with <paramref name="rows"/>, turns each answer into the interval since its last one.</summary>
        private bool Sample(List<ServerAddress> servers, Stopwatch clock, Dictionary<ServerAddress, (StatsRates.Reading, TimeSpan)> last,
            List<MemcachedStatsSample>? rows)
        {
            IReadOnlyList<ServerResult<StatsResult>> answers;
            try
            {
                answers = Store.Stats(null, servers, Stopping);
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportException(e);
                last.Clear();
                return true;
            }
            var at = clock.Elapsed;
            var now = DateTime.Now;
            foreach (var answer in answers)
            {
                if (answer.HasError)
                {
                    // The next interval of this server starts at its next answer: a rate over a gap would mislead.
                    ReportException(answer.Error!);
                    last.Remove(answer.Server);
                    // A refusal before sending (a proxy cannot pass stats on) would be the same every interval: the server
                    // leaves the watch after saying it once. An outage or a timeout may pass, and is asked again.
                    if (answer.Error is MemcachedClientException) servers.Remove(answer.Server);
                    continue;
                }
                var reading = new StatsRates.Reading(answer.Result);
                if (rows != null && last.TryGetValue(answer.Server, out var before))
                {
                    var row = StatsRates.Interval(answer.Server.Name, now, before.Item1, reading, (at - before.Item2).TotalSeconds, out bool reset);
                    if (reset) WriteWarning($"{answer.Server}: its counters went back during the interval (a restart or stats reset); this interval has no rates.");
                    rows.Add(row);
                }
                last[answer.Server] = (reading, at);
            }
            return true;
        }
    }
}
