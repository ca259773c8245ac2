using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Batching;

namespace MemcachePS.Commands
{
    /// <summary>
    /// A cmdlet that takes keys (as arguments or from the pipeline) and sends them in multi-key round trips of
    /// -BatchSize: the shared skeleton of Get-MemcachedItem, Remove-MemcachedItem, Update-MemcachedItem and
    /// Step-MemcachedCounter. A failure of a whole round trip is reported once per key of it.
    /// </summary>
    public abstract class KeyBatchCmdlet : ConnectedCmdlet
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
                if (ShouldSend(key) && _batch!.Add(key)) Flush();
        }

        protected override void EndProcessing() => Flush();

        /// <summary>Whether a key goes into the batch; cmdlets that change data ask ShouldProcess here.</summary>
        protected virtual bool ShouldSend(string key) => true;

        /// <summary>One round trip for the keys of a full batch (or the last one): call Core, write or report each outcome.</summary>
        private protected abstract void Send(IReadOnlyList<string> keys);

        private void Flush()
        {
            var keys = _batch!.Take();
            if (keys.Count == 0) return;
            try
            {
                Send(keys);
            }
            catch (Exception e) when (IsCoreFailure(e))
            {
                ReportForEach(e, keys);
            }
        }
    }
}
