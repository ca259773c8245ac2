using System.Management.Automation;
using MemcachePS.Core.Sessions;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// The connections of this PowerShell process (shared by its runspaces, since the clients are thread-safe).
    /// Removing the module closes them.
    /// </summary>
    public static class SessionConnections
    {
        public static ConnectionRegistry<MemcachedConnection> Registry { get; } = new ConnectionRegistry<MemcachedConnection>();
    }

    /// <summary>Closes every connection when the module is removed.</summary>
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            foreach (var connection in SessionConnections.Registry.Clear()) connection.Dispose();
        }
    }
}
