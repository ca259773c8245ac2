using System;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;

namespace MemcachePS.Commands
{
    /// <summary>What every MemcachePS cmdlet shares: reporting errors as <see cref="ErrorCatalog"/> describes them.</summary>
    public abstract class MemcachedCmdlet : PSCmdlet
    {
        /// <summary>Writes a non-terminating error, or stops the command when the error says it must.</summary>
        internal void Report(ErrorDescription error)
        {
            var record = ErrorRecords.Create(error);
            if (error.IsTerminating) ThrowTerminatingError(record);
            WriteError(record);
        }

        internal void ReportException(Exception exception, string? key = null, string keyPrefix = "") =>
            Report(ErrorCatalog.ForException(exception, key, keyPrefix));

        internal static bool IsCoreFailure(Exception e) => e is MemcachedException || e is ObjectDisposedException;
    }
}
