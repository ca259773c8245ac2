using System;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.TestServers;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// Three real memcached servers (item_size_max 2 MiB) behind one real twemproxy (nutcracker), shared by the proxy
    /// tests; each test uses keys of its own. <see cref="Backends"/> reads the servers directly, past the proxy, to see
    /// what a write through the proxy really did.
    /// </summary>
    public sealed class ProxyFixture : IDisposable
    {
        public ProxyFixture()
        {
            Servers = Enumerable.Range(0, 3).Select(_ => MemcachedProcess.Start("-I", "2m")).ToArray();
            Proxy = NutcrackerProcess.Start(Servers.Select(s => s.Address).ToArray());
            Backends = Servers.Select(s => new MemcachedClient(new MemcachedClientOptions().AddServer(s.Address))).ToArray();
        }

        public MemcachedProcess[] Servers { get; }
        public NutcrackerProcess Proxy { get; }
        public MemcachedClient[] Backends { get; }

        /// <summary>The items the memcached servers hold under <paramref name="key"/>, read directly (one, when the proxy placed it).</summary>
        public List<CacheItem> HeldOnServers(string key) =>
            Backends.Select(b => b.Gets(key)).Where(i => i != null).Select(i => i!).ToList();

        /// <summary>How many of <paramref name="keys"/> each memcached server holds.</summary>
        public int[] Spread(IEnumerable<string> keys)
        {
            var list = keys.ToList();
            return Backends.Select(b =>
            {
                var outcomes = b.GetMany(list);
                var failed = outcomes.FirstOrDefault(o => o.HasError);
                if (failed.HasError) throw new InvalidOperationException("Reading a memcached server directly failed: " + failed);
                return outcomes.Count(o => o.Result != null);
            }).ToArray();
        }

        public void Dispose()
        {
            foreach (var b in Backends) b.Dispose();
            Proxy.Dispose();
            foreach (var s in Servers) s.Dispose();
        }
    }
}
