using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Core.Protocol
{
    /// <summary>
    /// Parses an ElastiCache configuration endpoint's reply to <c>config get cluster</c> (engines 1.4.14 and later) or to
    /// <c>get AmazonElastiCache:cluster</c> (older ones):
    /// <code>
    /// CONFIG cluster 0 &lt;length&gt;\r\n                      (VALUE AmazonElastiCache:cluster 0 &lt;length&gt; for the get)
    /// &lt;version&gt;\n
    /// &lt;host|ip|port&gt; &lt;host|ip|port&gt; ...\n
    /// \r\n
    /// END\r\n
    /// </code>
    /// where <c>length</c> counts the two data lines with their LF. Strict: anything else is a
    /// <see cref="MemcachedProtocolException"/> quoting what arrived, never a partial node list.
    /// </summary>
    internal static class ClusterConfigParser
    {
        /// <summary>Longest configuration accepted: hundreds of nodes take a few KiB; more is not a configuration.</summary>
        public const int MaxConfigLength = 1024 * 1024;

        /// <summary>What the reply was.</summary>
        public enum Outcome
        {
            /// <summary>A configuration (<c>config</c> is set).</summary>
            Configuration,
            /// <summary><c>ERROR</c>: the server does not know the command (not an ElastiCache engine of 1.4.14 or later).</summary>
            UnknownCommand,
            /// <summary><c>END</c> alone: the get found no configuration item.</summary>
            NotFound,
        }

        /// <summary>
        /// Parses one whole reply from <paramref name="buf"/>. Returns the bytes it took, or 0 when more bytes are needed.
        /// </summary>
        /// <exception cref="MemcachedProtocolException">The bytes are not such a reply, or the configuration in it is malformed.</exception>
        public static int TryParse(byte[] buf, int offset, int count, out Outcome outcome, out ClusterConfiguration? config)
        {
            outcome = Outcome.NotFound;
            config = null;
            int lf = ParseHelpers.FindLineEnd(buf, offset, count);
            if (lf < 0) return 0;
            int lineLength = lf - 1 - offset;
            string line = Encoding.ASCII.GetString(buf, offset, lineLength);
            if (line == "ERROR")
            {
                outcome = Outcome.UnknownCommand;
                return lf + 1 - offset;
            }
            if (line == "END") return lf + 1 - offset;
            if (line.StartsWith("CLIENT_ERROR", StringComparison.Ordinal) || line.StartsWith("SERVER_ERROR", StringComparison.Ordinal))
                throw new MemcachedProtocolException($"The configuration endpoint answered '{Quote(buf, offset, lineLength)}' instead of the cluster configuration.");

            string[] header = line.Split(' ');
            bool isConfig = header.Length == 4 && header[0] == "CONFIG" && header[1] == "cluster";
            bool isValue = header.Length == 4 && header[0] == "VALUE" && header[1] == "AmazonElastiCache:cluster";
            if (!isConfig && !isValue)
                throw new MemcachedProtocolException($"Not a cluster configuration reply: '{Quote(buf, offset, lineLength)}'.");
            if (!int.TryParse(header[3], NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length > MaxConfigLength)
                throw new MemcachedProtocolException($"The cluster configuration's length '{header[3]}' is not a number of bytes up to {MaxConfigLength}.");

            int dataStart = lf + 1;
            const string Trailer = "\r\nEND\r\n";
            int total = dataStart - offset + length + Trailer.Length;
            if (count < total) return 0;
            if (!ParseHelpers.Equals(buf, dataStart + length, Trailer.Length, Trailer))
                throw new MemcachedProtocolException(
                    $"The cluster configuration does not end after its {length} bytes with CR LF END CR LF: '{Quote(buf, dataStart + length, Trailer.Length)}'.");

            config = ParseData(Encoding.ASCII.GetString(buf, dataStart, length));
            outcome = Outcome.Configuration;
            return total;
        }

        /// <summary>The data block: a version line and a node line, each ending in LF.</summary>
        internal static ClusterConfiguration ParseData(string data)
        {
            string[] lines = data.Split('\n');
            // "12\nnodes\n" splits into three: the version, the nodes and an empty string after the last LF.
            if (lines.Length != 3 || lines[2].Length != 0)
                throw new MemcachedProtocolException($"The cluster configuration is not a version line and a node line: '{Shorten(data)}'.");
            string versionText = lines[0].TrimEnd('\r');
            if (!long.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out long version))
                throw new MemcachedProtocolException($"The cluster configuration's version '{Shorten(versionText)}' is not a number.");

            string nodeLine = lines[1].TrimEnd('\r');
            var servers = new List<ServerAddress>();
            foreach (string node in nodeLine.Split(' '))
            {
                if (node.Length == 0) continue; // AWS separates nodes with one space; tolerate doubled ones
                string[] parts = node.Split('|');
                if (parts.Length != 3)
                    throw new MemcachedProtocolException($"The cluster node '{Shorten(node)}' is not host|ip|port.");
                string host = parts[1].Length > 0 ? parts[1] : parts[0];
                if (host.Length == 0)
                    throw new MemcachedProtocolException($"The cluster node '{Shorten(node)}' has neither a host name nor an IP address.");
                if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port < 1 || port > 65535)
                    throw new MemcachedProtocolException($"The cluster node '{Shorten(node)}' has no port between 1 and 65535.");
                ServerAddress address;
                try
                {
                    address = new ServerAddress(host, port);
                }
                catch (MemcachedClientException e)
                {
                    throw new MemcachedProtocolException($"The cluster node '{Shorten(node)}' is not an address: {e.Message}");
                }
                foreach (var seen in servers)
                    if (seen.Equals(address))
                        throw new MemcachedProtocolException($"The cluster configuration names {address} twice.");
                servers.Add(address);
            }
            if (servers.Count == 0)
                throw new MemcachedProtocolException($"The cluster configuration (version {version}) lists no nodes.");
            return new ClusterConfiguration(version, servers);
        }

        private static string Quote(byte[] buf, int offset, int length) => ParseHelpers.Describe(buf, offset, length);

        private static string Shorten(string s) => s.Length <= 80 ? s : s.Substring(0, 80) + "…";
    }
}
