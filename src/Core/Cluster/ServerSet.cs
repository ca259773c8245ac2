using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// The servers a client uses at one moment and the locator over them: immutable, replaced whole (never edited) when
    /// cluster discovery changes the list, so a call that read one set locates with its nodes and its locator together.
    /// </summary>
    internal sealed class ServerSet
    {
        public ServerSet(ServerNode[] nodes, INodeLocator locator)
        {
            Nodes = nodes;
            Locator = locator;
            var addresses = new ServerAddress[nodes.Length];
            for (int i = 0; i < nodes.Length; i++) addresses[i] = nodes[i].Address;
            Addresses = System.Array.AsReadOnly(addresses);
        }

        public ServerNode[] Nodes { get; }
        public INodeLocator Locator { get; }
        public IReadOnlyList<ServerAddress> Addresses { get; }
    }
}
