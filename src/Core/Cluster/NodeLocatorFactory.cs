using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>PLACEHOLDER until the locators land: single server only.</summary>
    public static class NodeLocatorFactory
    {
        public static INodeLocator Create(Distribution distribution, IReadOnlyList<ServerAddress> servers)
        {
            if (servers.Count != 1) throw new MemcachedClientException("Several servers need the locators (not merged yet).");
            return new Single();
        }

        private sealed class Single : INodeLocator
        {
            public int Locate(string key) => 0;
        }
    }
}
