using System.Collections.Generic;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// Servers and keys whose placements were read from the real clients on Debian 12 (pymemcache 3.5.2
    /// <c>HashClient.hasher.get_node</c>, python-memcached 1.59 buckets with <c>cmemcache_hash</c>, pylibmc 1.6.3 /
    /// libmemcached 1.1.4 <c>Client.hash</c>), without any server running.
    /// </summary>
    internal static class LocatorVectors
    {
        public static readonly string[] Keys =
        {
            "foo", "user:1234", "session:9f8e7d", "a", "café", "日本語", "emoji\U0001F600", new string('x', 200),
        };

        public static IReadOnlyList<ServerAddress> Servers() => new[]
        {
            ServerAddress.Parse("10.0.0.1:11211"),
            ServerAddress.Parse("10.0.0.2:11211"),
            ServerAddress.Parse("10.0.0.3:11212"),
            ServerAddress.Parse("cache-4.example:11213"),
        };

        /// <summary>The same servers with weights 1, 3, 2, 1.</summary>
        public static IReadOnlyList<ServerAddress> WeightedServers() => new[]
        {
            ServerAddress.Parse("10.0.0.1:11211:1"),
            ServerAddress.Parse("10.0.0.2:11211:3"),
            ServerAddress.Parse("10.0.0.3:11212:2"),
            ServerAddress.Parse("cache-4.example:11213:1"),
        };
    }
}
