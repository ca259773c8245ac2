using System.Management.Automation;

namespace MemcachePS.Sessions
{
    /// <summary>Closes every connection when the module is removed.</summary>
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            foreach (var connection in SessionConnections.Registry.Clear()) connection.Dispose();
        }
    }
}
