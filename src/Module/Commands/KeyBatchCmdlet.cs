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
    /// A key that can be refused before sending (<see cref="Refusal"/>) is refused as it arrives: the keys waiting before it
    /// are sent first, then its error is reported, so errors stay in input order and -ErrorAction Stop sends exactly the
    /// keys before it, never one after it.
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
            {
                var refusal = Refusal(key);
                if (refusal != null)
                {
                    Flush();
                    Report(refusal);
                    continue;
                }
                if (ShouldSend(key) && _batch!.Add(key)) Flush();
            }
        }

        /// <summary>
        /// Why a key cannot be sent, found before anything is sent (null when it can): by default a key memcached would
        /// refuse under the connection's prefix (length, whitespace, control characters). Cmdlets add their own refusals.
        /// </summary>
        private protected virtual Errors.ErrorDescription? Refusal(string key) => KeyRefusal(key, ActiveConnection.KeyPrefix);

        /// <summary>The InvalidKey error for a key memcached would refuse under <paramref name="prefix"/>, or null.</summary>
        internal static Errors.ErrorDescription? KeyRefusal(string key, string prefix)
        {
            try
            {
                Core.KeyValidator.Validate(prefix, key, base64: false);
                return null;
            }
            catch (Core.MemcachedClientException e)
            {
                return Errors.ErrorCatalog.ForException(e, key, prefix);
            }
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
