using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;
using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Increments (or with -Decrement, decrements) counters and writes their new values. memcached wraps increments at
    /// 2^64, which is reported as a CounterWrapped error, and floors decrements at 0, which cannot be told from an exact 0. A missing counter is an ItemNotFound error, or with -InitialValue is created.
    /// </summary>
    [Cmdlet(VerbsCommon.Step, "MemcachedCounter", SupportsShouldProcess = true)]
    [OutputType(typeof(MemcachedCounter))]
    public sealed class StepMemcachedCounterCommand : KeyBatchCmdlet
    {
        private Expiration _expiration;
        private MemcachedClientException? _refusal;

        [Parameter(Position = 1)]
        public ulong By { get; set; } = 1;

        [Parameter]
        public SwitchParameter Decrement { get; set; }

        /// <summary>Creates a missing counter holding this value (the step is not applied to it).</summary>
        [Parameter]
        public ulong? InitialValue { get; set; }

        /// <summary>The lifetime of counters created with -InitialValue.</summary>
        [Parameter]
        [Alias("Ttl")]
        [TimeSpanTransformation]
        public TimeSpan? TimeToLive { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                _expiration = Expiration.In(TimeToLive ?? TimeSpan.Zero);
            }
            catch (MemcachedClientException e)
            {
                _refusal = e; // a lifetime memcached cannot hold fails each key, as every other per-key refusal does
            }
        }

        /// <summary>A lifetime memcached cannot hold refuses every key, as it arrives (nothing is sent with it).</summary>
        private protected override ErrorDescription? Refusal(string key) =>
            _refusal != null ? ErrorCatalog.ForException(_refusal, key, ActiveConnection.KeyPrefix) : base.Refusal(key);

        protected override bool ShouldSend(string key) => ShouldProcess(key, Decrement ? $"Decrement by {By}" : $"Increment by {By}");

        /// <summary>
        /// An increment wrapped iff the new value is below the step (old + By reached 2^64). A counter just created holds
        /// -InitialValue (the step is not applied), so that value is not taken for a wrap.
        /// </summary>
        private bool Wrapped(ulong value) => !Decrement && value < By && !(InitialValue.HasValue && value == InitialValue.Value);

        private protected override void Send(IReadOnlyList<KeyOnServer> keys)
        {
            foreach (var outcome in Store.IncrementMany(keys, Decrement, By, InitialValue, _expiration, Stopping))
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (!outcome.Result.HasValue) Report(ErrorCatalog.CounterMiss(outcome.Key, outcome.Server?.Name));
                else if (Wrapped(outcome.Result.Value)) Report(ErrorCatalog.CounterWrap(outcome.Key, outcome.Result.Value, By, outcome.Server?.Name));
                else WriteObject(new MemcachedCounter(outcome.Key, outcome.Result.Value, outcome.Server?.Name));
            }
        }
    }
}
