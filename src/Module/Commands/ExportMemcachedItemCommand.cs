using System;
using System.Linq;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using MemcachePS.Batching;
using MemcachePS.Core;
using MemcachePS.Errors;
using MemcachePS.Listing;
using MemcachePS.Transfer;
using MemcachePS.Core.Cluster;
using MemcachePS.Sessions;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Writes items to a JSON Lines file (key, flags, base64 bytes, absolute expiry or null), streaming: the keys given
    /// (by value or Key property), or with none every key the servers list (lru_crawler metadump), read in multi-key
    /// batches as the listing arrives, so memory stays flat for millions of items. Expired items are skipped and counted.
    /// </summary>
    [Cmdlet(VerbsData.Export, "MemcachedItem", SupportsShouldProcess = true)]
    [OutputType(typeof(MemcachedExportResult))]
    public sealed class ExportMemcachedItemCommand : ConnectedCmdlet
    {
        private const int ProgressId = 0x6D66;
        private readonly Stopwatch _clock = new Stopwatch();
        private PipelineBatch<KeyOnServer>? _batch;
        private Stream? _file;
        private string _path = "";
        private long _exported, _skipped, _notFound, _failed;

        /// <summary>The file to write (created, or overwritten).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>The keys to export, on the command line (piped keys come in through <see cref="InputObject"/>); with
        /// neither, every key the servers list.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public string[]? Key { get; set; }

        /// <summary>With no keys: list only these servers' keys (all by default).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[]? Server { get; set; }

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        /// <summary>
        /// A piped key, read as the key commands read it (<see cref="PipedKey.FromPipedKeyObject"/>): a string, or an object
        /// with a Key property; an object of Get-MemcachedKey or Get-MemcachedItem (or any with Key and Server) is read from
        /// that server, never from the one the connection's distribution would pick.
        /// </summary>
        /// <remarks>Not a second -Server: that one selects the servers to list, and never binds from the pipeline.</remarks>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public object? InputObject { get; set; }

        private readonly List<string> _pipedKeys = new List<string>();
        private bool _piped;
        private bool _keyOnCommandLine;
        private bool _commandLineQueued;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<KeyOnServer>(BatchSize);
            _keyOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Key));
            _piped = MyInvocation.ExpectingInput;
            _path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(_path, "Export items")) return;
            try
            {
                _file = new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                Report(ErrorCatalog.File(_path, e));
            }
            _clock.Start();
        }

        protected override void ProcessRecord()
        {
            if (_file == null) return;
            if (!_piped || _keyOnCommandLine)
            {
                QueueCommandLine();
                if (!_piped) return;
                // As the key commands: with -Key given, a piped object has nothing to bind to. The keys given are exported.
                Flush(named: true);
                _failed++;
                Report(ErrorCatalog.PipedInputWithKeyGiven());
                return;
            }
            var problem = PipedKey.FromPipedKeyObject(InputObject, _pipedKeys, out var listed);
            if (problem != null)
            {
                Flush(named: true);
                _failed++;
                Report(ErrorCatalog.PipedKeyRefused(problem));
                return;
            }
            Queue(_pipedKeys, listed);
        }

        private void QueueCommandLine()
        {
            if (_commandLineQueued || Key == null) return;
            _commandLineQueued = true;
            Queue(Key, null);
        }

        private void Queue(IReadOnlyList<string> keys, string? listed)
        {
            ServerAddress? server = null;
            if (listed != null)
            {
                server = ServerSelection.FindExact(Store.Servers, listed);
                if (server == null)
                {
                    Flush(named: true);
                    foreach (var key in keys)
                    {
                        _failed++;
                        Report(ErrorCatalog.KeyServerNotConnected(key, listed, ActiveConnection.Name));
                    }
                    return;
                }
            }
            foreach (var key in keys)
                if (_batch!.Add(new KeyOnServer(key, server))) Flush(named: true);
        }

        protected override void EndProcessing()
        {
            if (_file == null) return;
            try
            {
                // Keys given, or a pipeline (even one that brought none: a filter that matched nothing exports nothing,
                // never the whole cache); only a command with neither lists every key.
                if (_keyOnCommandLine || _piped)
                {
                    QueueCommandLine();
                    Flush(named: true);
                }
                else DumpAll();
            }
            finally
            {
                Close();
            }
            WriteProgress(new ProgressRecord(ProgressId, "Exporting items", "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(new MemcachedExportResult(_path, _exported, _skipped, _notFound, _failed, _clock.Elapsed));
        }

        /// <summary>Every key of the selected servers, read in batches while the listing streams (one more connection per server).</summary>
        private void DumpAll()
        {
            foreach (var server in SelectServers(Server))
            {
                try
                {
                    long? before = ListingGap.CurrentItems(Store, server, Stopping);
                    long listed = 0;
                    Store.DumpKeys(server, entry =>
                    {
                        listed++;
                        if (_batch!.Add(new KeyOnServer(entry.Key, server))) Flush(named: false); // read where it was listed
                        return true;
                    }, Stopping);
                    Flush(named: false);
                    // The export holds what the dump listed: a dump shorter than the server's curr_items is said to be.
                    if (string.IsNullOrEmpty(ActiveConnection.KeyPrefix))
                    {
                        string? gap = ListingGap.Warning(server.Name, listed, before, ListingGap.CurrentItems(Store, server, Stopping));
                        if (gap != null) WriteWarning(gap);
                    }
                }
                catch (Exception e) when (IsCoreFailure(e))
                {
                    ReportException(e);
                }
            }
        }

        private void Flush(bool named)
        {
            try
            {
                FlushBatch(named);
            }
            catch (Exception e) when (e is PipelineStoppedException || Stopping.IsCancellationRequested)
            {
                Close(); // Ctrl+C: the lines written so far are whole; the file ends after the last of them
                throw;
            }
        }

        private void FlushBatch(bool named)
        {
            var keys = _batch!.Take();
            if (keys.Count == 0) return;
            IReadOnlyList<KeyOutcome<CacheItem?>> read;
            var readAt = DateTimeOffset.UtcNow;
            try
            {
                read = Store.GetMany(keys, withCas: false, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                _failed += keys.Count;
                ReportForEach(e, keys.Select(k => k.Key));
                return;
            }
            foreach (var outcome in read)
            {
                if (outcome.HasError)
                {
                    _failed++;
                    ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                    continue;
                }
                var item = outcome.Result;
                if (item == null)
                {
                    _notFound++;
                    // A listed key that went away meanwhile is the cache at work; a key asked for by name is worth an error.
                    if (named) Report(ErrorCatalog.Miss(outcome.Key, outcome.Server?.Name));
                    continue;
                }
                switch (TransferLifetime.FromRead(item, out _))
                {
                    case LifetimeState.Expired:
                        _skipped++;
                        continue;
                    case LifetimeState.Unknown:
                        _failed++;
                        Report(ErrorCatalog.UnknownLifetime(item.Key, item.Server?.Name));
                        continue;
                }
                try
                {
                    JsonLinesFormat.Write(_file!, item.Key, item.Flags, item.Value, TransferLifetime.UnixExpiry(item, readAt));
                }
                catch (IOException e)
                {
                    Close();
                    Report(ErrorCatalog.File(_path, e));
                }
                _exported++;
            }
            WriteProgress(new ProgressRecord(ProgressId, "Exporting items", $"{_path}: {_exported:N0} items written"));
        }

        /// <summary>A stopped export (Ctrl+C, an error further down the pipeline) never reaches EndProcessing: its file is
        /// closed here, with what was written so far (an import says where its last line was cut).</summary>
        private protected override void ReleaseResources()
        {
            try
            {
                _file?.Dispose();
            }
            catch (IOException)
            {
                // The pipeline has ended; there is no one left to report to, and the file is closed either way.
            }
            _file = null;
        }

        /// <summary>The Server a piped object (not a plain key) says its key is on, or null.</summary>
        private void Close()
        {
            try
            {
                _file?.Dispose();
            }
            catch (IOException e)
            {
                _file = null;
                Report(ErrorCatalog.File(_path, e));
            }
            _file = null;
        }
    }
}
