using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;

namespace MemcachePS.Commands
{
    /// <summary>Deletes items, batching piped keys into multi-key round trips. A missing key is a non-terminating ItemNotFound error.</summary>
    [Cmdlet(VerbsCommon.Remove, "MemcachedItem", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class RemoveMemcachedItemCommand : KeyBatchCmdlet
    {
        protected override bool ShouldSend(string key) => ShouldProcess(key, "Remove item");

        private protected override void Send(IReadOnlyList<KeyOnServer> keys)
        {
            foreach (var outcome in Store.DeleteMany(keys, Stopping))
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (!outcome.Result) Report(ErrorCatalog.Miss(outcome.Key, outcome.Server?.Name));
            }
        }
    }
}
