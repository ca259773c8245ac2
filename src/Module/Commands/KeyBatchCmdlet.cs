using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Batching;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Errors;
using MemcachePS.Sessions;

namespace MemcachePS.Commands
{
    /// <summary>
    /// A cmdlet that takes keys (as arguments or from the pipeline) and sends them in multi-key round trips of
    /// -BatchSize: the shared skeleton of Get-MemcachedItem, Remove-MemcachedItem, Update-MemcachedItem and
    /// Step-MemcachedCounter, Test-MemcachedItem and Copy-MemcachedItem. A failure of a whole round trip is reported
    /// once per key of it. A piped object that carries the server its key is on (Get-MemcachedKey's and
    /// Get-MemcachedItem's objects, any object with Key and Server properties) sends its key to that server, never to the
    /// one the connection's distribution would pick; a server that is not the connection's is a ServerNotInConnection
    /// error for that key, and nothing is sent for it.
    /// A key that can be refused before sending (<see cref="Refusal"/>) is refused as it arrives: the keys waiting before it
    /// are sent first, then its error is reported, so errors stay in input order and -ErrorAction Stop sends exactly the
    /// keys before it, never one after it.
    /// </summary>
    public abstract class KeyBatchCmdlet : ConnectedCmdlet
    {
        private PipelineBatch<KeyOnServer>? _batch;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public string[] Key { get; set; } = null!;

        /// <summary>
        /// The server the piped keys are on, bound from a piped object's Server property (not typed by hand): the keys go
        /// to that server, which must be one of the connection's (its exact name). Without it keys are placed by the
        /// connection's distribution.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        [Alias("Server")]
        [AllowNull]
        [AllowEmptyString]
        public string? ListedServer { get; set; }

        [Parameter]
        [ValidateRange(1, PipelineBatch<string>.MaxSize)]
        public int BatchSize { get; set; } = PipelineBatch<string>.DefaultSize;

        protected override void BeginProcessing()
        {
            _ = ActiveConnection;
            _batch = new PipelineBatch<KeyOnServer>(BatchSize);
        }

        protected override void ProcessRecord()
        {
            ServerAddress? server = null;
            if (!string.IsNullOrEmpty(ListedServer))
            {
                server = ServerSelection.FindExact(Store.Servers, ListedServer);
                if (server == null)
                {
                    // As any refusal: the keys waiting before it are sent first, so -ErrorAction Stop sends exactly those.
                    Flush();
                    foreach (var key in Key) Report(ErrorCatalog.KeyServerNotConnected(key, ListedServer!, ActiveConnection.Name));
                    return;
                }
            }
            foreach (var key in Key)
            {
                var refusal = Refusal(key);
                if (refusal != null)
                {
                    Flush();
                    Report(refusal);
                    continue;
                }
                if (ShouldSend(key) && _batch!.Add(new KeyOnServer(key, server))) Flush();
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

        /// <summary>
        /// One round trip for the keys of a full batch (or the last one), each with the server it names or null: call
        /// Core's overload taking <see cref="KeyOnServer"/>, write or report each outcome.
        /// </summary>
        private protected abstract void Send(IReadOnlyList<KeyOnServer> keys);

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
                ReportForEach(e, KeysOf(keys));
            }
        }

        /// <summary>The keys alone, for reporting.</summary>
        private protected static IEnumerable<string> KeysOf(IReadOnlyList<KeyOnServer> keys)
        {
            foreach (var k in keys) yield return k.Key;
        }
    }
}
