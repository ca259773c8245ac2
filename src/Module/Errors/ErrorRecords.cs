using System;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Errors;

namespace MemcachePS.Errors
{
    /// <summary>Turns Core's error descriptions into PowerShell error records (the decisions are Core's ErrorCatalog).</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(ErrorDescription error)
        {
            var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), error.Category.ToString());
            Exception exception = error.Exception ?? new MemcachedException(error.Message) { Server = error.Server };
            var record = new ErrorRecord(exception, error.ErrorId, category, (object?)error.Key ?? error.Server);
            if (exception.Message != error.Message) record.ErrorDetails = new ErrorDetails(error.Message);
            return record;
        }
    }
}
