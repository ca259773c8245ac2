using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Batching;
using MemcachePS.Errors;
using MemcachePS.Core.Serialization;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Stores items. Key and Value bind by property name, so CSV rows and hashtable entries pipe straight in; writes
    /// are collected into batches of multi-key round trips, every reply is checked, and a refused write is a
    /// non-terminating error (ItemExists, ItemNotFound, CasMismatch, …) while the rest go on.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "MemcachedItem", SupportsShouldProcess = true, DefaultParameterSetName = TimeToLiveSet)]
    [OutputType(typeof(MemcachedItem))]
    public sealed class SetMemcachedItemCommand : ConnectedCmdlet
    {
        private const string TimeToLiveSet = "TimeToLive";
        private const string ExpiresAtSet = "ExpiresAt";
        private PipelineBatch<PendingWrite>? _batch;
        private long _written;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public string Key { get; set; } = null!;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public object? Value { get; set; }

        [Parameter(ParameterSetName = TimeToLiveSet, ValueFromPipelineByPropertyName = true)]
        [TimeSpanTransformation]
        public TimeSpan? TimeToLive { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ExpiresAtSet, ValueFromPipelineByPropertyName = true)]
        public DateTime ExpiresAt { get; set; }

        [Parameter]
        public StoreMode Mode { get; set; } = StoreMode.Set;

        /// <summary>
        /// Store only if the item still has this CAS token (from Get-MemcachedItem). 0 is refused: it is no token (a server
        /// started with memcached -C keeps none and reads every item back with Cas 0).
        /// </summary>
        [Parameter]
        public ulong Cas { get; set; }

        [Parameter]
        public MemcachedSerializer? Serializer { get; set; }

        /// <summary>With CliXml: how many levels of properties of objects are kept (Export-Clixml's -Depth).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int Depth { get; set; } = ValueCodec.DefaultCliXmlDepth;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<PendingWrite>(BatchSize);
        }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Key, $"{Mode} item")) return;
            var pending = Prepare();
            if (_batch!.Add(pending, pending.Encoded.Data.Count)) Flush(showProgress: true);
        }

        protected override void EndProcessing()
        {
            Flush(showProgress: false);
            if (_written > _batch!.Size) WriteProgress(new ProgressRecord(ProgressId, "Storing items", "Done") { RecordType = ProgressRecordType.Completed });
        }

        private const int ProgressId = 0x6D63;

        /// <summary>Encodes now (a value that cannot be stored fails alone) but reports in input order, at the flush.</summary>
        private PendingWrite Prepare()
        {
            Expiration expiration;
            EncodedValue encoded;
            if (Cas == 0 && MyInvocation.BoundParameters.ContainsKey(nameof(Cas))) return PendingWrite.Failed(Key, ErrorCatalog.NoCasToken(Key));
            try
            {
                expiration = ParameterSetName == ExpiresAtSet ? Expiration.At(new DateTimeOffset(ExpiresAt)) : Expiration.In(TimeToLive ?? TimeSpan.Zero);
            }
            catch (MemcachedClientException e)
            {
                return PendingWrite.Failed(Key, ErrorCatalog.ForException(e, Key, ActiveConnection.KeyPrefix));
            }
            if (IsJoin)
            {
                try
                {
                    if (Serializer == MemcachedSerializer.CliXml) throw new NotSupportedException($"{Mode} joins a string or a byte[] as it is; -Serializer CliXml cannot be joined.");
                    encoded = JoinPiece.Encode(Value, Mode);
                }
                catch (NotSupportedException e)
                {
                    return PendingWrite.Failed(Key, ErrorCatalog.JoinRefusal(Key, e.Message, exception: e));
                }
                return new PendingWrite(Key, PassThru ? ValueCodec.Unwrap(Value) : null, encoded, StoreRequest.Raw(Key, encoded.Data, encoded.Flags, Mode, expiration, Cas));
            }
            try
            {
                var serializer = Serializer ?? ActiveConnection.Serializer;
                encoded = ValueCodec.Encode(Value, serializer, SerializerTranscoders.ForWriting(serializer, ActiveConnection), Depth);
            }
            catch (Exception e) when (e is MemcachedException || e is ArgumentException || e is InvalidOperationException || e is NotSupportedException)
            {
                return PendingWrite.Failed(Key, ErrorCatalog.NotStorable(Key, e));
            }
            var request = StoreRequest.Raw(Key, encoded.Data, encoded.Flags, Mode, expiration, Cas);
            return new PendingWrite(Key, PassThru ? ValueCodec.Unwrap(Value) : null, encoded, request);
        }

        private bool IsJoin => Mode == StoreMode.Append || Mode == StoreMode.Prepend;

        /// <summary>
        /// Append/Prepend: reads each item's flags and CAS token first (one round trip per batch), refuses the joins that
        /// would leave bytes its flags cannot describe, and joins the others under that token, so an item rewritten in
        /// between is reported, not corrupted.
        /// </summary>
        private List<PendingWrite> CheckJoins(List<PendingWrite> batch)
        {
            var asked = batch.FindAll(p => p.Request != null);
            if (asked.Count == 0) return batch;
            IReadOnlyList<KeyOutcome<CacheItem?>> items;
            try
            {
                items = Store.GetMany(asked.ConvertAll(p => p.Key), withCas: true, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, asked.ConvertAll(p => p.Key));
                return new List<PendingWrite>();
            }
            var checkedBatch = new List<PendingWrite>(batch.Count);
            int next = 0;
            foreach (var pending in batch)
            {
                if (pending.Request == null) { checkedBatch.Add(pending); continue; }
                var read = items[next++];
                if (read.HasError) { checkedBatch.Add(PendingWrite.Failed(pending.Key, ErrorCatalog.ForException(read.Error!, pending.Key, ActiveConnection.KeyPrefix))); continue; }
                var item = read.Result;
                if (item == null)
                {
                    checkedBatch.Add(PendingWrite.Failed(pending.Key, ErrorCatalog.ForStore(StoreStatus.NotStored, Mode, pending.Key, 0, read.Server?.Name)!));
                    continue;
                }
                string? refusal = JoinPiece.Refusal(pending.Key, item.Flags, pending.Encoded.Flags, Mode);
                if (refusal != null) { checkedBatch.Add(PendingWrite.Failed(pending.Key, ErrorCatalog.JoinRefusal(pending.Key, refusal, read.Server?.Name))); continue; }
                var request = pending.Request;
                var joinRequest = Cas != 0
                    ? StoreRequest.Raw(pending.Key, pending.Encoded.Data, pending.Encoded.Flags, Mode, request.Expiration, Cas)
                    : StoreRequest.GuardedJoin(pending.Key, pending.Encoded.Data, pending.Encoded.Flags, Mode, item.Cas);
                // -PassThru shows the item as the join leaves it (under the CAS token nothing else can change it in between).
                CacheItem? joined = PassThru ? Joined(item, pending.Encoded.Data) : null;
                var shown = joined != null ? new EncodedValue(joined.Value, joined.Flags) : pending.Encoded;
                object? shownValue = joined != null ? ValueCodec.Decode(joined, Store.Transcoder) : null;
                checkedBatch.Add(new PendingWrite(pending.Key, shownValue, shown, joinRequest) { ImplicitCas = Cas == 0, JoinedLength = item.Value.Length + pending.Encoded.Data.Count });
            }
            return checkedBatch;
        }

        /// <summary>The item as the join leaves it: the piece after (Append) or before (Prepend) its bytes, under its flags.</summary>
        private CacheItem Joined(CacheItem item, ArraySegment<byte> piece)
        {
            var joined = new byte[item.Value.Length + piece.Count];
            int at = Mode == StoreMode.Append ? item.Value.Length : 0;
            Buffer.BlockCopy(piece.Array!, piece.Offset, joined, at, piece.Count);
            Buffer.BlockCopy(item.Value, 0, joined, Mode == StoreMode.Append ? 0 : piece.Count, item.Value.Length);
            return new CacheItem(item.Key, joined, item.Flags, 0, item.Server);
        }

        private void Flush(bool showProgress)
        {
            var batch = new List<PendingWrite>(_batch!.Take());
            if (batch.Count == 0) return;
            if (IsJoin) batch = CheckJoins(batch);
            var requests = new List<StoreRequest>(batch.Count);
            foreach (var p in batch) if (p.Request != null) requests.Add(p.Request);

            IReadOnlyList<KeyOutcome<StoreResult>> outcomes;
            try
            {
                outcomes = requests.Count == 0 ? new KeyOutcome<StoreResult>[0] : Store.StoreMany(requests, withCas: PassThru, Stopping);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, requests.ConvertAll(r => r.Key));
                return;
            }

            int next = 0;
            foreach (var pending in batch)
            {
                if (pending.Error != null)
                {
                    Report(pending.Error);
                    continue;
                }
                var outcome = outcomes[next++];
                if (outcome.HasError)
                {
                    ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                    continue;
                }
                var refused = pending.ImplicitCas && outcome.Result.Status == StoreStatus.Exists
                    ? ErrorCatalog.JoinRaced(outcome.Key, Mode, outcome.Server?.Name)
                    : pending.JoinedLength.HasValue && outcome.Result.Status == StoreStatus.NotStored
                        ? ErrorCatalog.JoinNotStored(outcome.Key, Mode, pending.JoinedLength.Value, outcome.Server?.Name)
                        : ErrorCatalog.ForStore(outcome.Result.Status, Mode, outcome.Key, Cas, outcome.Server?.Name);
                if (refused != null)
                {
                    Report(refused);
                    continue;
                }
                _written++;
                if (PassThru)
                    WriteObject(new MemcachedItem(outcome.Key, pending.Value, pending.Encoded.Flags, outcome.Result.Cas, pending.Encoded.Data.Count, outcome.Server?.Name));
            }
            if (showProgress)
                WriteProgress(new ProgressRecord(ProgressId, "Storing items", $"{_written:N0} items stored"));
        }

        private sealed class PendingWrite
        {
            public PendingWrite(string key, object? value, EncodedValue encoded, StoreRequest? request, ErrorDescription? error = null)
            {
                Key = key;
                Value = value;
                Encoded = encoded;
                Request = request;
                Error = error;
            }

            public static PendingWrite Failed(string key, ErrorDescription error) =>
                new PendingWrite(key, null, new EncodedValue(new byte[0], 0), null, error);

            public string Key { get; }
            public object? Value { get; }
            public EncodedValue Encoded { get; }
            public StoreRequest? Request { get; }
            public ErrorDescription? Error { get; }
            /// <summary>The request carries the CAS token of the flags check (an Append/Prepend), not one the script gave.</summary>
            public bool ImplicitCas { get; set; }
            /// <summary>An Append/Prepend whose item was there at the flags check: how long the joined item would be.</summary>
            public long? JoinedLength { get; set; }
        }
    }
}
