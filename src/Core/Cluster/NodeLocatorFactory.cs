using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>Builds the locator that places keys as the client named by a <see cref="Distribution"/> does.</summary>
    internal static class NodeLocatorFactory
    {
        /// <summary>
        /// A locator over <paramref name="servers"/> in the order given (the order is part of the placement for
        /// Modula and Ketama, exactly as in the Python clients' server lists). Build a new one when the list changes.
        /// </summary>
        public static INodeLocator Create(Distribution distribution, IReadOnlyList<ServerAddress> servers)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");
            if (servers.Count == 1) return SingleServerLocator.Instance;

            switch (distribution)
            {
                case Distribution.Rendezvous: return new RendezvousLocator(servers);
                case Distribution.Ketama: return KetamaLocator.ForPylibmcKetama(servers);
                case Distribution.KetamaWeighted: return KetamaLocator.ForPylibmcKetamaWeighted(servers);
                case Distribution.Modula: return new ModulaLocator(servers);
                case Distribution.KetamaMd5: return KetamaLocator.ForPylibmcKetamaMd5(servers);
                case Distribution.PhpMemcached: return new LibmemcachedModulaLocator(servers);
                case Distribution.PhpMemcachedConsistent: return KetamaLocator.ForPhpMemcachedConsistent(servers);
                case Distribution.PhpMemcachedLibketama: return KetamaLocator.ForPhpMemcachedLibketama(servers);
                case Distribution.PhpMemcache: return new PhpMemcacheConsistentLocator(servers);
                case Distribution.PhpMemcacheStandard: return new ModulaLocator(servers);
                case Distribution.PerlCacheMemcached: return new CacheMemcachedLocator(servers);
                case Distribution.PerlCacheMemcachedFast: return new CacheMemcachedLocator(servers);
                case Distribution.PerlCacheMemcachedFastKetama: return new CacheMemcachedFastKetamaLocator(servers);
                case Distribution.GoMemcache: return new GoMemcacheLocator(servers);
                case Distribution.Dalli: return new DalliLocator(servers);
                case Distribution.SpymemcachedKetama: return new SpymemcachedKetamaLocator(servers);
                default: throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown distribution.");
            }
        }
    }
}
