using System.Text.Json;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Stores keys through a real Python memcached client: tests/Peers/python/placement.py, run by <see cref="PythonPeer"/>.</summary>
    internal static class PythonClients
    {
        /// <summary>
        /// Config: <c>client</c> ("pymemcache" | "memcache" | "pylibmc"), <c>servers</c> and <c>keys</c>, plus per client:
        /// pymemcache <c>key_prefix</c>, <c>bytes_keys</c>; memcache <c>mode</c> ("set" | "set_multi" | "pinned"),
        /// <c>key_prefix</c>, <c>pin_hashes</c> and servers as [address, weight] pairs; pylibmc <c>behaviors</c>, <c>mode</c>
        /// ("set" | "set_multi") and <c>key_prefix</c>.
        /// Returns how many keys the client reported as not stored.
        /// </summary>
        public static int StoreKeys(object config)
        {
            string output = PythonPeer.Run("placement.py", System.Array.Empty<string>(), JsonSerializer.Serialize(config));
            using var result = JsonDocument.Parse(output);
            return result.RootElement.GetProperty("failed").GetInt32();
        }
    }
}
