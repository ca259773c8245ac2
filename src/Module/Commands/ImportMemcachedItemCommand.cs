using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using MemcachePS.Batching;
using MemcachePS.Core;
using MemcachePS.Errors;
using MemcachePS.Transfer;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Stores the items of a file Export-MemcachedItem wrote (JSON Lines) or of memcached-tool's dump, streaming: records
    /// are read one at a time and written in multi-key batches, so memory stays flat for millions of items. Each item
    /// gets the lifetime it has left now; expired ones are skipped and counted. A malformed line is an error naming it.
    /// </summary>
    [Cmdlet(VerbsData.Import, "MemcachedItem", SupportsShouldProcess = true)]
    [OutputType(typeof(MemcachedImportResult))]
    public sealed class ImportMemcachedItemCommand : ConnectedCmdlet
    {
        private const int ProgressId = 0x6D67;

        /// <summary>The file to read.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>Set (the default) overwrites; Add stores only keys the cache lacks; Replace only keys it has.</summary>
        [Parameter]
        [ValidateSet(nameof(StoreMode.Set), nameof(StoreMode.Add), nameof(StoreMode.Replace))]
        public StoreMode Mode { get; set; } = StoreMode.Set;

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        private long _imported, _skipped, _failed;

        protected override void ProcessRecord()
        {
            _ = ActiveConnection;
            string path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(path, $"Import items ({Mode})")) return;
            _imported = _skipped = _failed = 0;
            var clock = Stopwatch.StartNew();
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                Report(ErrorCatalog.File(path, e));
                return;
            }
            var reader = new ItemFileReader(file);
            using (file)
            {
                var batch = new PipelineBatch<StoreRequest>(BatchSize);
                long length = file.Length;
                while (true)
                {
                    ItemRecord? record;
                    try
                    {
                        record = reader.Next();
                    }
                    catch (ItemFileException e)
                    {
                        _failed++;
                        Report(ErrorCatalog.MalformedLine(path, e.Line, e.Message, terminating: false));
                        if (e.CanContinue) continue;
                        break;
                    }
                    catch (IOException e)
                    {
                        StoreBatch(batch.Take());
                        Report(ErrorCatalog.File(path, e));
                        return;
                    }
                    if (record == null) break;
                    switch (TransferLifetime.FromUnixTime(record.Expires, DateTimeOffset.UtcNow, out var expiration))
                    {
                        case LifetimeState.Expired:
                            _skipped++;
                            continue;
                    }
                    if (batch.Add(StoreRequest.Raw(record.Key, new ArraySegment<byte>(record.Value), record.Flags, Mode, expiration), record.Value.Length))
                    {
                        StoreBatch(batch.Take());
                        var progress = new ProgressRecord(ProgressId, "Importing items", $"{path}: {_imported:N0} stored, {_skipped:N0} skipped");
                        if (length > 0) progress.PercentComplete = (int)Math.Min(99, reader.Position * 100 / length);
                        WriteProgress(progress);
                    }
                }
                StoreBatch(batch.Take());
            }
            WriteProgress(new ProgressRecord(ProgressId, "Importing items", "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(new MemcachedImportResult(path, (reader.Format ?? ItemFileFormat.JsonLines).ToString(), _imported, _skipped, _failed, clock.Elapsed));
        }

        private void StoreBatch(IReadOnlyList<StoreRequest> requests)
        {
            if (requests.Count == 0) return;
            IReadOnlyList<KeyOutcome<StoreResult>> written;
            try
            {
                written = Store.StoreMany(requests, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                _failed += requests.Count;
                var keys = new List<string>(requests.Count);
                foreach (var r in requests) keys.Add(r.Key);
                ReportForEach(e, keys);
                return;
            }
            foreach (var outcome in written)
            {
                if (outcome.HasError)
                {
                    _failed++;
                    ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                }
                else if (outcome.Result.IsStored) _imported++;
                else if (outcome.Result.Status == StoreStatus.NotStored && Mode != StoreMode.Set) _skipped++;
                else
                {
                    _failed++;
                    Report(ErrorCatalog.ForStore(outcome.Result.Status, Mode, outcome.Key, 0, outcome.Server?.Name)!);
                }
            }
        }
    }
}
