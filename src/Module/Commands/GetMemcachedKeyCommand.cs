using System;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.KeyDump;
using MemcachePS.Errors;
using MemcachePS.Listing;
using MemcachePS.Matching;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Lists keys with <c>lru_crawler metadump all</c>, streaming them as they arrive, filtered by a wildcard pattern,
    /// with progress on long dumps. With a key prefix on the connection, only its keys are listed, without the prefix.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MemcachedKey")]
    [OutputType(typeof(MemcachedKeyInfo))]
    public sealed class GetMemcachedKeyCommand : ServerCmdlet
    {
        private const int ProgressId = 0x6D64;
        private const int ProgressEvery = 1000;

        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Pattern { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[]? Server { get; set; }

        /// <summary>Stops after this many matching keys.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        [Parameter]
        public SwitchParameter CaseSensitive { get; set; }

        private long _written;

        protected override void ProcessRecord()
        {
            WildcardPattern[]? matcher = null;
            try
            {
                // Every pattern is checked before a key is listed; a key that matches several is listed once.
                var patterns = Pattern?.Where(p => !string.IsNullOrEmpty(p)).ToArray();
                if (patterns != null && patterns.Length > 0) matcher = patterns.Select(p => NamePattern.Create(p, CaseSensitive)).ToArray();
            }
            catch (MemcachedClientException e)
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument, e.Message, true, exception: e));
            }
            foreach (var server in SelectServers(Server))
            {
                if (First.HasValue && _written >= First.Value) break;
                try
                {
                    Dump(server, matcher);
                }
                catch (Exception e) when (IsCoreFailure(e))
                {
                    ReportException(e);
                }
                finally
                {
                    WriteProgress(new ProgressRecord(ProgressId, "Listing keys", server.Name) { RecordType = ProgressRecordType.Completed });
                }
            }
        }

        private void Dump(ServerAddress server, WildcardPattern[]? matcher)
        {
            long? expected = ListingGap.CurrentItems(Store, server, Stopping);
            long scanned = 0;
            // The dump is read on a thread of its own while this thread writes the keys it has already read.
            using (var dump = new BackgroundKeyDump(Store, server, Stopping))
            {
                foreach (var entry in dump.Entries())
                {
                    scanned++;
                    if (scanned % ProgressEvery == 0) Progress(server, scanned, expected ?? 0);
                    if (matcher != null && !MatchesAny(matcher, entry.Key)) continue;
                    WriteObject(ToKeyInfo(entry, server));
                    _written++;
                    if (First.HasValue && _written >= First.Value) return;
                }
            }
            // A whole dump is checked against what the server held (a key prefix lists only some of its items).
            if (!string.IsNullOrEmpty(ActiveConnection.KeyPrefix)) return;
            string? gap = ListingGap.Warning(server.Name, scanned, expected, ListingGap.CurrentItems(Store, server, Stopping));
            if (gap != null) WriteWarning(gap);
        }

        private static bool MatchesAny(WildcardPattern[] patterns, string key)
        {
            foreach (var pattern in patterns)
                if (pattern.IsMatch(key)) return true;
            return false;
        }

        private void Progress(ServerAddress server, long scanned, long expected)
        {
            var record = new ProgressRecord(ProgressId, "Listing keys", $"{server.Name}: {scanned:N0} keys read, {_written:N0} listed");
            if (expected > 0) record.PercentComplete = (int)Math.Min(99, scanned * 100 / expected);
            WriteProgress(record);
        }

        /// <summary>The listing time is read only for a key that expires: TimeToLive is worked out from it when read.</summary>
        private static MemcachedKeyInfo ToKeyInfo(KeyDumpEntry entry, ServerAddress server) =>
            new MemcachedKeyInfo(entry, server.Name, entry.Expires.HasValue ? DateTimeOffset.UtcNow : default);
    }
}
