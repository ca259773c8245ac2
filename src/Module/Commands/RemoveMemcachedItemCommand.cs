using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Batching;
using MemcachePS.Core.Errors;

namespace MemcachePS.Commands
{
    /// <summary>Deletes items, batching piped keys into multi-key round trips. A missing key is a non-terminating ItemNotFound error.</summary>
    [Cmdlet(VerbsCommon.Remove, "MemcachedItem", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class RemoveMemcachedItemCommand : ConnectedCmdlet
    {
        private PipelineBatch<string>? _batch;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public string[] Key { get; set; } = null!;

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<string>(BatchSize);
        }

        protected override void ProcessRecord()
        {
            foreach (var key in Key)
                if (ShouldProcess(key, "Remove item") && _batch!.Add(key)) Flush();
        }

        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            var keys = _batch!.Take();
            if (keys.Count == 0) return;
            IReadOnlyList<KeyOutcome<bool>> outcomes;
            try
            {
                outcomes = Store.DeleteMany(keys);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, keys);
                return;
            }
            foreach (var outcome in outcomes)
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (!outcome.Result) Report(ErrorCatalog.Miss(outcome.Key, outcome.Server?.Name));
            }
        }
    }
}
