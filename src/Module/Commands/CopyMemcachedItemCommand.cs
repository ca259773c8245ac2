using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;
using MemcachePS.Transfer;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Copies items from one connection (-Connection, or the default) to another (-Destination) as they are: bytes,
    /// flags and remaining lifetime, never decoded. Keys (by value, or Key properties such as Get-MemcachedKey's objects)
    /// are read in batches with one multi-key round trip per server and written the same way; an item expired by the
    /// time it was read is skipped, never written as "never expires". Ends with a <see cref="MemcachedCopyResult"/>.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "MemcachedItem", SupportsShouldProcess = true)]
    [OutputType(typeof(MemcachedCopyResult))]
    public sealed class CopyMemcachedItemCommand : KeyBatchCmdlet
    {
        private const int ProgressId = 0x6D65;
        private readonly Stopwatch _clock = new Stopwatch();
        private long _copied, _skipped, _notFound, _failed;

        /// <summary>The connection to copy to (an object from Connect-Memcached, or its name).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNull]
        [Sessions.ConnectionTransformation]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public MemcachedConnection Destination { get; set; } = null!;

        /// <summary>Set (the default) overwrites; Add writes only keys the destination lacks; Replace only keys it has.</summary>
        [Parameter]
        [ValidateSet(nameof(StoreMode.Set), nameof(StoreMode.Add), nameof(StoreMode.Replace))]
        public StoreMode Mode { get; set; } = StoreMode.Set;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (!Destination.IsOpen) Report(ErrorCatalog.ClosedConnection(name: Destination.Name));
            _clock.Start();
        }

        /// <summary>A key must be sendable on both sides: under the source's prefix and under the destination's.</summary>
        private protected override ErrorDescription? Refusal(string key) => base.Refusal(key) ?? KeyRefusal(key, Destination.KeyPrefix);

        protected override bool ShouldSend(string key) => ShouldProcess(key, $"Copy item to '{Destination.Name}'");

        protected override void EndProcessing()
        {
            base.EndProcessing();
            WriteProgress(new ProgressRecord(ProgressId, "Copying items", "Done") { RecordType = ProgressRecordType.Completed });
            WriteObject(new MemcachedCopyResult(Destination.Name, _copied, _skipped, _notFound, _failed, _clock.Elapsed));
        }

        private protected override void Send(IReadOnlyList<KeyOnServer> keys)
        {
            IReadOnlyList<KeyOutcome<CacheItem?>> read;
            try
            {
                read = Store.GetMany(keys, withCas: false, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                _failed += keys.Count;
                ReportForEach(e, KeysOf(keys));
                return;
            }

            var requests = new List<StoreRequest>(read.Count);
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
                    Report(ErrorCatalog.Miss(outcome.Key, outcome.Server?.Name));
                    continue;
                }
                switch (TransferLifetime.FromRead(item, out var expiration))
                {
                    case LifetimeState.Expired:
                        _skipped++;
                        WriteVerbose($"'{item.Key}' expired before it was read; skipped.");
                        continue;
                    case LifetimeState.Unknown:
                        _failed++;
                        Report(ErrorCatalog.UnknownLifetime(item.Key, item.Server?.Name));
                        continue;
                }
                requests.Add(StoreRequest.Raw(item.Key, new ArraySegment<byte>(item.Value), item.Flags, Mode, expiration));
            }
            if (requests.Count > 0) Write(requests);
            var progress = new ProgressRecord(ProgressId, "Copying items", $"{_copied:N0} copied, {_skipped:N0} skipped, {_notFound + _failed:N0} not copied");
            WriteProgress(progress);
        }

        private void Write(List<StoreRequest> requests)
        {
            IReadOnlyList<KeyOutcome<StoreResult>> written;
            try
            {
                written = Destination.Client.StoreMany(requests, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                _failed += requests.Count;
                var general = ErrorCatalog.ForException(e);
                if (general.IsTerminating) Report(general);
                foreach (var r in requests) ReportException(e, r.Key, Destination.KeyPrefix);
                return;
            }
            foreach (var outcome in written)
            {
                if (outcome.HasError)
                {
                    _failed++;
                    ReportException(outcome.Error!, outcome.Key, Destination.KeyPrefix);
                }
                else if (outcome.Result.IsStored) _copied++;
                else if (outcome.Result.Status == StoreStatus.NotStored && Mode != StoreMode.Set)
                {
                    _skipped++;
                    WriteVerbose(Mode == StoreMode.Add ? $"'{outcome.Key}' is already on '{Destination.Name}'; skipped (-Mode Add)." : $"'{outcome.Key}' is not on '{Destination.Name}'; skipped (-Mode Replace).");
                }
                else
                {
                    _failed++;
                    Report(ErrorCatalog.ForStore(outcome.Result.Status, Mode, outcome.Key, 0, outcome.Server?.Name)!);
                }
            }
        }
    }
}
