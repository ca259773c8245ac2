using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// The bucket list of the crc32 modula clients (python-memcached, Perl Cache::Memcached): each server's index
    /// <c>weight</c> times, in the order the servers are given.
    /// </summary>
    internal static class WeightedBuckets
    {
        public static int[] Build(IReadOnlyList<ServerAddress> servers)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");
            var buckets = new List<int>();
            for (int s = 0; s < servers.Count; s++)
                for (int w = 0; w < servers[s].Weight; w++)
                    buckets.Add(s);
            return buckets.ToArray();
        }
    }
}
