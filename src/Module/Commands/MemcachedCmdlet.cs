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

        /// <summary>
        /// Whether ShouldProcess would answer yes for every item without a word: no -WhatIf, -Confirm, -Verbose or -Debug
        /// given (nor set by $PSDefaultParameterValues), $WhatIfPreference off, $ConfirmPreference above
        /// <paramref name="impact"/> (or None) and $VerbosePreference silent. Decided once in BeginProcessing, it spares
        /// a piped record PowerShell's per-call ShouldProcess work (a sixth of a CSV row's cost); anything unexpected
        /// in a preference keeps the per-item call.
        /// </summary>
        private protected bool ShouldProcessIsSilent(ConfirmImpact impact)
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey("WhatIf") || bound.ContainsKey("Confirm") || bound.ContainsKey("Verbose") || bound.ContainsKey("Debug")) return false;
            var variables = SessionState.PSVariable;
            if (LanguagePrimitives.IsTrue(variables.GetValue("WhatIfPreference"))) return false;
            if (!Preference(variables.GetValue("ConfirmPreference"), out ConfirmImpact confirm) || (confirm != ConfirmImpact.None && confirm <= impact)) return false;
            if (!Preference(variables.GetValue("VerbosePreference"), out ActionPreference verbose)) return false;
            return verbose == ActionPreference.SilentlyContinue || verbose == ActionPreference.Ignore;
        }

        private static bool Preference<T>(object? value, out T preference) where T : struct
        {
            preference = default;
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            if (value is T typed)
            {
                preference = typed;
                return true;
            }
            return value is string text && Enum.TryParse(text, ignoreCase: true, out preference) && Enum.IsDefined(typeof(T), preference);
        }

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
