using System.Management.Automation;

namespace MemcachePS.Commands
{
    /// <summary>
    /// A command that works on whole servers (stats, flush, key listing, connection tests). Connections bind from the
    /// pipeline (<c>Get-MemcachedConnection | Test-MemcachedConnection</c>), each record on its own connection; -Server
    /// never binds from the pipeline, so listed keys or items piped in are refused by the binder rather than turning
    /// into one flush or one stats report per key.
    /// </summary>
    public abstract class ServerCmdlet : ConnectedCmdlet
    {
        /// <summary>The connection to use (an object from Connect-Memcached or Get-MemcachedConnection, or its name),
        /// also from the pipeline. Default: the default connection of this runspace.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        [Sessions.ConnectionTransformation]
        [ArgumentCompleter(typeof(Completion.ConnectionNameCompleter))]
        public override MemcachedConnection? Connection { get; set; }

        /// <summary>Whether -WhatIf is in force (given, or by $WhatIfPreference): -Force skips the question, never -WhatIf.</summary>
        private protected bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)) return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
            return LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
        }
    }
}
