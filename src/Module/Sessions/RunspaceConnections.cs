using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// The connections of each runspace. A runspace (the session, a thread job, a ForEach-Object -Parallel worker) sees
    /// only the connections it made, under its own names and with its own default, and they are closed when that
    /// runspace removes the module or closes; the module's assembly, loaded once per process, never closes another
    /// runspace's connections. A connection object handed to another runspace ($using:) works there with -Connection and
    /// still belongs to the runspace that made it.
    /// </summary>
    internal static class RunspaceConnections
    {
        private static readonly ConditionalWeakTable<Runspace, ConnectionRegistry<MemcachedConnection>> Registries =
            new ConditionalWeakTable<Runspace, ConnectionRegistry<MemcachedConnection>>();

        /// <summary>For code that uses the module's types on a thread that runs no runspace (commands always run in one).</summary>
        private static readonly ConnectionRegistry<MemcachedConnection> WithoutRunspace = new ConnectionRegistry<MemcachedConnection>();

        /// <summary>The connections of the runspace that runs the current command.</summary>
        public static ConnectionRegistry<MemcachedConnection> Current => For(Runspace.DefaultRunspace);

        public static ConnectionRegistry<MemcachedConnection> For(Runspace? runspace) =>
            runspace == null ? WithoutRunspace : Registries.GetValue(runspace, Watch);

        /// <summary>Closes the connections of one runspace (the module is removed there); other runspaces keep theirs.</summary>
        public static void Close(Runspace? runspace)
        {
            if (runspace == null) CloseAll(WithoutRunspace);
            else if (Registries.TryGetValue(runspace, out var registry)) CloseAll(registry);
        }

        /// <summary>A new registry for the runspace, whose connections close when the runspace does.</summary>
        private static ConnectionRegistry<MemcachedConnection> Watch(Runspace runspace)
        {
            var registry = new ConnectionRegistry<MemcachedConnection>();
            runspace.StateChanged += (sender, e) =>
            {
                var state = e.RunspaceStateInfo.State;
                if (state == RunspaceState.Closed || state == RunspaceState.Broken) CloseAll(registry);
            };
            return registry;
        }

        private static void CloseAll(ConnectionRegistry<MemcachedConnection> registry)
        {
            foreach (var connection in registry.Clear()) connection.Dispose();
        }
    }
}
