using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Gives items a new lifetime (touch) without changing their values. With -PassThru the items are read in the same
    /// round trip (get-and-touch) and written out.
    /// </summary>
    [Cmdlet(VerbsData.Update, "MemcachedItem", SupportsShouldProcess = true, DefaultParameterSetName = TimeToLiveSet)]
    [OutputType(typeof(MemcachedItem))]
    public sealed class UpdateMemcachedItemCommand : KeyBatchCmdlet
    {
        private const string TimeToLiveSet = "TimeToLive";
        private const string ExpiresAtSet = "ExpiresAt";
        private Expiration _expiration;
        private MemcachedClientException? _refusal;

        [Parameter(Mandatory = true, ParameterSetName = TimeToLiveSet)]
        [Alias("Ttl")]
        [TimeSpanTransformation]
        public TimeSpan TimeToLive { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ExpiresAtSet)]
        public DateTime ExpiresAt { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                _expiration = ParameterSetName == ExpiresAtSet ? Expiration.At(new DateTimeOffset(ExpiresAt)) : Expiration.In(TimeToLive);
            }
            catch (MemcachedClientException e)
            {
                _refusal = e; // a lifetime memcached cannot hold fails each key, as every other per-key refusal does
            }
        }

        /// <summary>A lifetime memcached cannot hold refuses every key, as it arrives (nothing is sent with it).</summary>
        private protected override ErrorDescription? Refusal(string key) =>
            _refusal != null ? ErrorCatalog.ForException(_refusal, key, ActiveConnection.KeyPrefix) : base.Refusal(key);

        protected override bool ShouldSend(string key) => ShouldProcess(key, $"Set lifetime to {_expiration}");

        private protected override void Send(IReadOnlyList<KeyOnServer> keys)
        {
            if (PassThru) WriteItems(Store.GetAndTouchMany(keys, _expiration, Stopping));
            else ReportMisses(Store.TouchMany(keys, _expiration, Stopping));
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
