using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// The client's current <see cref="ServerSet"/>, and the one place it changes. <see cref="Replace"/> builds the new set
    /// (keeping the node, its pool and its health, of every server that stays), publishes it in one reference write, then
    /// retires the nodes that left: their idle connections close at once and the ones in use when their calls give them
    /// back (<see cref="Transport.ConnectionPool.Retire"/>), so calls in flight finish and no call fails because of the change.
    /// </summary>
    internal sealed class ClusterMembership : IDisposable
    {
        private readonly Distribution _distribution;
        private readonly Func<ServerAddress, ServerNode> _createNode;
        private readonly object _gate = new object();
        private volatile ServerSet _current;
        private bool _disposed;

        public ClusterMembership(IReadOnlyList<ServerAddress> servers, Distribution distribution, Func<ServerAddress, ServerNode> createNode)
        {
            _distribution = distribution;
            _createNode = createNode;
            var nodes = new ServerNode[servers.Count];
            for (int i = 0; i < nodes.Length; i++) nodes[i] = createNode(servers[i]);
            _current = new ServerSet(nodes, NodeLocatorFactory.Create(distribution, servers));
        }

        /// <summary>Read once per call: its nodes and locator belong together.</summary>
        public ServerSet Current => _current;

        /// <summary>Raised (on the thread that replaced it) after a new set is in use.</summary>
        public event Action<ServerSet>? Changed;

        /// <summary>
        /// Uses <paramref name="servers"/> (in that order: the order is part of Modula and Ketama placement) from now on.
        /// False when they are the servers in use already, in the same order, or the client is disposed.
        /// </summary>
        public bool Replace(IReadOnlyList<ServerAddress> servers)
        {
            if (servers.Count == 0) throw new ArgumentException("A cluster needs at least one server.", nameof(servers));
            ServerSet next;
            var retired = new List<ServerNode>();
            lock (_gate)
            {
                if (_disposed) return false;
                var old = _current;
                if (SameServers(old.Addresses, servers)) return false;
                var nodes = new ServerNode[servers.Count];
                var kept = new HashSet<ServerNode>();
                for (int i = 0; i < nodes.Length; i++)
                {
                    ServerNode? node = null;
                    foreach (var n in old.Nodes)
                        if (n.Address.Equals(servers[i])) { node = n; break; }
                    nodes[i] = node ?? _createNode(servers[i]);
                    if (node != null) kept.Add(node);
                }
                foreach (var n in old.Nodes) if (!kept.Contains(n)) retired.Add(n);
                next = new ServerSet(nodes, NodeLocatorFactory.Create(_distribution, servers));
                _current = next;
                foreach (var n in retired) n.Pool.Retire();
            }
            Changed?.Invoke(next);
            return true;
        }

        private static bool SameServers(IReadOnlyList<ServerAddress> a, IReadOnlyList<ServerAddress> b)
        {
            if (a.Count != b.Count) return false;
            for (int i = 0; i < a.Count; i++) if (!a[i].Equals(b[i])) return false;
            return true;
        }

        /// <summary>Closes the connections of the servers in use; retired ones are already closing.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
            }
            foreach (var node in _current.Nodes) node.Dispose();
        }
    }
}
