using System.Management.Automation;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// The connections of this PowerShell process (shared by its runspaces, since the clients are thread-safe).
    /// Removing the module closes them.
    /// </summary>
    internal static class SessionConnections
    {
        public static ConnectionRegistry<MemcachedConnection> Registry { get; } = new ConnectionRegistry<MemcachedConnection>();
    }
}
