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
    /// Increments (or with -Decrement, decrements) counters and writes their new values. memcached wraps increments at
    /// 2^64 and floors decrements at 0. A missing counter is an ItemNotFound error, or with -InitialValue is created.
    /// </summary>
    [Cmdlet(VerbsCommon.Step, "MemcachedCounter", SupportsShouldProcess = true)]
    [OutputType(typeof(MemcachedCounter))]
    public sealed class StepMemcachedCounterCommand : ConnectedCmdlet
    {
        private PipelineBatch<string>? _batch;
        private Expiration _expiration;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public string[] Key { get; set; } = null!;

        [Parameter(Position = 1)]
        public ulong By { get; set; } = 1;

        [Parameter]
        public SwitchParameter Decrement { get; set; }

        /// <summary>Creates a missing counter holding this value (the step is not applied to it).</summary>
        [Parameter]
        public ulong? InitialValue { get; set; }

        /// <summary>The lifetime of counters created with -InitialValue.</summary>
        [Parameter]
        [TimeSpanTransformation]
        public TimeSpan? TimeToLive { get; set; }

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<string>(BatchSize);
            try
            {
                _expiration = Expiration.In(TimeToLive ?? TimeSpan.Zero);
            }
            catch (MemcachedClientException e)
            {
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategoryName.InvalidArgument, e.Message, true, exception: e));
            }
        }

        protected override void ProcessRecord()
        {
            string action = Decrement ? $"Decrement by {By}" : $"Increment by {By}";
            foreach (var key in Key)
                if (ShouldProcess(key, action) && _batch!.Add(key)) Flush();
        }

        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            var keys = _batch!.Take();
            if (keys.Count == 0) return;
            IReadOnlyList<KeyOutcome<ulong?>> outcomes;
            try
            {
                outcomes = Store.IncrementMany(keys, Decrement, By, InitialValue, _expiration);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, keys);
                return;
            }
            foreach (var outcome in outcomes)
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (!outcome.Result.HasValue) Report(ErrorCatalog.CounterMiss(outcome.Key, outcome.Server?.Name));
                else WriteObject(new MemcachedCounter(outcome.Key, outcome.Result.Value, outcome.Server?.Name));
            }
        }
    }
}
