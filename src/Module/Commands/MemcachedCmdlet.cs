using System;
using System.Management.Automation;
using System.Threading;
using MemcachePS.Core;
using MemcachePS.Errors;

namespace MemcachePS.Commands
{
    /// <summary>
    /// What every MemcachePS cmdlet shares: reporting errors as <see cref="ErrorCatalog"/> describes them, and stopping:
    /// Ctrl+C (StopProcessing) cancels <see cref="Stopping"/>, which every call into Core takes, so the call in flight
    /// ends at once (its connection closed) whatever the server does.
    /// </summary>
    public abstract class MemcachedCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Cancelled when the command is stopped.</summary>
        internal CancellationToken Stopping => _stopping.Token;

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }

        /// <summary>PowerShell disposes every command when its pipeline ends, stopped or not: what a command holds open
        /// (an export's file) is released here, not left to the garbage collector.</summary>
        public void Dispose()
        {
            try
            {
                ReleaseResources();
            }
            finally
            {
                _stopping.Dispose();
            }
        }

        /// <summary>Closes what the command holds open; runs once the pipeline has ended, also after Ctrl+C.</summary>
        private protected virtual void ReleaseResources() { }

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
