using System;
using System.Management.Automation;
using MemcachePS.Core;

namespace MemcachePS.Errors
{
    /// <summary>Turns error descriptions into PowerShell error records (the decisions are <see cref="ErrorCatalog"/>'s).</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(ErrorDescription error)
        {
            Exception exception = error.Exception ?? new MemcachedException(error.Message) { Server = error.Server };
            var record = new ErrorRecord(exception, error.ErrorId, error.Category, (object?)error.Key ?? error.Server);
            if (exception.Message != error.Message) record.ErrorDetails = new ErrorDetails(error.Message);
            return record;
        }
    }
}
