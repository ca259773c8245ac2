using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// pymemcache <c>HashClient</c>'s default placement (<c>RendezvousHash</c>, highest random weight): every node scores
    /// <c>murmur3_32("&lt;node&gt;-&lt;key&gt;", seed 0)</c> and the highest score wins; equal scores go to the node whose
    /// name is greater (Python <c>max(str, str)</c>, ordinal).
    /// </summary>
    /// <remarks>
    /// <para>Node names (<see cref="NodeName"/>) follow HashClient: <c>"host:port"</c> for TCP, with no brackets around
    /// an IPv6 literal (<c>"::1:11211"</c>) and without dropping the default port, and the bare socket path for a unix
    /// socket (<c>"unix:/run/mc.sock"</c> becomes <c>"/run/mc.sock"</c>). The host is hashed as written, never resolved.</para>
    /// <para>Weights are ignored: pymemcache's RendezvousHash has no notion of weight and HashClient accepts none.</para>
    /// <para>The key is hashed as pymemcache sees the Python <c>str</c>: one byte per code point, its low 8 bits (its
    /// murmur3 is pure Python over <c>ord(c)</c>), not UTF-8. For ASCII keys the two are the same. HashClient's
    /// <c>key_prefix</c> is NOT hashed: ask with the key as the application names it, without the prefix. A Python
    /// application that passes <c>bytes</c> keys gets its node from the text <c>"b'key'"</c> (Python formats the bytes
    /// object into the string it hashes), so to share such keys ask with <c>"b'" + key + "'"</c>.</para>
    /// <para>Pinning: pymemcache's development branch (after the 4.0.0 tag) accepts <c>(server_key, key)</c> and hashes
    /// <c>server_key</c> in place of the key (3.5.2, Debian 12's, does not). Our client does the same: it asks
    /// <see cref="Locate"/> with the pin key and sends the real key to the server it names. Any string works as a pin key.</para>
    /// <para>Dead servers: HashClient removes a failed node from the hasher, so the keys of a dead node move to the next
    /// best score. That is this locator built over the live servers only.</para>
    /// </remarks>
    internal sealed class RendezvousLocator : INodeLocator
    {
        private readonly byte[][] _nodePrefixes;   // "<node>-" as pymemcache's murmur3 reads it
        private readonly int[] _serverIndexOfNode;
        private readonly int[] _nameRank;          // ordinal rank of the node name, for ties
        private readonly int _maxPrefixLength;

        [ThreadStatic] private static byte[]? t_buffer;

        public RendezvousLocator(IReadOnlyList<ServerAddress> servers)
        {
            if (servers == null) throw new ArgumentNullException(nameof(servers));
            if (servers.Count == 0) throw new MemcachedClientException("A node locator needs at least one server.");

            // pymemcache keeps one node per distinct name; the first server of a name stands for it.
            var names = new List<string>();
            var indexes = new List<int>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < servers.Count; i++)
            {
                string name = NodeName(servers[i]);
                if (seen.Add(name)) { names.Add(name); indexes.Add(i); }
            }

            _nodePrefixes = new byte[names.Count][];
            for (int n = 0; n < names.Count; n++)
            {
                string prefix = names[n] + "-";
                var bytes = new byte[prefix.Length];
                int length = KeyBytes.WriteCodePointLowBytes(prefix, bytes, 0);
                Array.Resize(ref bytes, length);
                _nodePrefixes[n] = bytes;
                _maxPrefixLength = Math.Max(_maxPrefixLength, length);
            }
            _serverIndexOfNode = indexes.ToArray();

            var order = new int[names.Count];
            for (int n = 0; n < order.Length; n++) order[n] = n;
            Array.Sort(order, (x, y) => string.CompareOrdinal(names[x], names[y]));
            _nameRank = new int[names.Count];
            for (int rank = 0; rank < order.Length; rank++) _nameRank[order[rank]] = rank;
        }

        /// <summary>The node name pymemcache's HashClient gives a server, which is what gets hashed.</summary>
        public static string NodeName(ServerAddress server)
        {
            if (server == null) throw new ArgumentNullException(nameof(server));
            return server.IsUnixSocket ? server.UnixSocketPath! : server.Host + ":" + server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public int Locate(string key)
        {
            if (key == null) throw new ArgumentNullException(nameof(key));

            // Layout: [ room for the longest "<node>-" ][ key ]. Each node's prefix is copied right before the key.
            int keyStart = _maxPrefixLength;
            byte[] buffer = KeyBytes.Ensure(ref t_buffer, keyStart + key.Length);
            int keyLength = KeyBytes.WriteCodePointLowBytes(key, buffer, keyStart);

            int winner = 0;
            uint highScore = 0;
            for (int n = 0; n < _nodePrefixes.Length; n++)
            {
                byte[] prefix = _nodePrefixes[n];
                int start = keyStart - prefix.Length;
                Buffer.BlockCopy(prefix, 0, buffer, start, prefix.Length);
                uint score = Murmur3.Hash32(buffer, start, prefix.Length + keyLength);
                if (n == 0 || score > highScore || (score == highScore && _nameRank[n] > _nameRank[winner]))
                {
                    highScore = score;
                    winner = n;
                }
            }
            return _serverIndexOfNode[winner];
        }
    }
}
