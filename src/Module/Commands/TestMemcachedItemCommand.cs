using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Says whether each key holds an item, like Test-Path: one bool per key, in input order, without reading values
    /// (meta <c>mg</c> with no flags). A key whose server failed is an error, never false.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MemcachedItem")]
    [OutputType(typeof(bool))]
    public sealed class TestMemcachedItemCommand : KeyBatchCmdlet
    {
        private protected override void Send(IReadOnlyList<KeyOnServer> keys)
        {
            foreach (var outcome in Store.ContainsMany(keys, Stopping))
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (outcome.Result.HasValue) WriteObject(outcome.Result.Value);
                else Report(new ErrorDescription(ErrorCatalog.ServerError, ErrorCategory.ResourceUnavailable,
                    $"Whether '{outcome.Key}' exists is unknown: its server could not be asked (the connection ignores server errors).", false, outcome.Key, outcome.Server?.Name));
            }
        }
    }
}
