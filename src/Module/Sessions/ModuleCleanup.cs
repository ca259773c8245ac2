using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// Remove-Module closes the connections of the runspace that removes the module, and only those: the assembly is
    /// shared by every runspace of the process, so a thread job or a ForEach-Object -Parallel worker that removes the
    /// module must not close the session's connections.
    /// </summary>
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo) => RunspaceConnections.Close(Runspace.DefaultRunspace);
    }
}
