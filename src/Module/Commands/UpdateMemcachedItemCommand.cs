using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Batching;
using MemcachePS.Core.Errors;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Gives items a new lifetime (touch) without changing their values. With -PassThru the items are read in the same
    /// round trip (get-and-touch) and written out.
    /// </summary>
    [Cmdlet(VerbsData.Update, "MemcachedItem", SupportsShouldProcess = true, DefaultParameterSetName = TimeToLiveSet)]
    [OutputType(typeof(MemcachedItem))]
    public sealed class UpdateMemcachedItemCommand : ConnectedCmdlet
    {
        private const string TimeToLiveSet = "TimeToLive";
        private const string ExpiresAtSet = "ExpiresAt";
        private PipelineBatch<string>? _batch;
        private Expiration _expiration;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public string[] Key { get; set; } = null!;

        [Parameter(Mandatory = true, ParameterSetName = TimeToLiveSet)]
        [TimeSpanTransformation]
        public TimeSpan TimeToLive { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ExpiresAtSet)]
        public DateTime ExpiresAt { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<string>(BatchSize);
            try
            {
                _expiration = ParameterSetName == ExpiresAtSet ? Expiration.At(new DateTimeOffset(ExpiresAt)) : Expiration.In(TimeToLive);
            }
            catch (MemcachedClientException e)
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategoryName.InvalidArgument, e.Message, true, exception: e));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (var key in Key)
                if (ShouldProcess(key, $"Set lifetime to {_expiration}") && _batch!.Add(key)) Flush();
        }

        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            var keys = _batch!.Take();
            if (keys.Count == 0) return;
            try
            {
                if (PassThru) WriteItems(Store.GetAndTouchMany(keys, _expiration));
                else ReportMisses(Store.TouchMany(keys, _expiration));
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, keys);
            }
        }

        private void ReportMisses(IReadOnlyList<KeyOutcome<bool>> outcomes)
        {
            foreach (var outcome in outcomes)
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (!outcome.Result) Report(ErrorCatalog.Miss(outcome.Key, outcome.Server?.Name));
            }
        }

        private void WriteItems(IReadOnlyList<KeyOutcome<CacheItem?>> outcomes)
        {
            foreach (var outcome in outcomes)
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (outcome.Result == null) Report(ErrorCatalog.Miss(outcome.Key, outcome.Server?.Name));
                else
                {
                    var item = outcome.Result;
                    if (!TryDecode(item, out var value)) continue;
                    WriteObject(new MemcachedItem(item.Key, value, item.Flags, item.Cas, item.Value.Length, item.Server?.Name));
                }
            }
        }
    }
}
