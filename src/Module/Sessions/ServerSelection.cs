using System;
using System.Collections.Generic;
using MemcachePS.Core.Cluster;
using MemcachePS.Matching;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// Picks a connection's servers from what a user typed after <c>-Server</c>: a full name (<c>10.0.0.5:11211</c>), any
    /// form <see cref="ServerAddress.Parse"/> reads (<c>localhost</c> means port 11211), a bare host naming every server
    /// on that host when no port matches, or a wildcard pattern over the names (<c>cache-*</c>).
    /// </summary>
    internal static class ServerSelection
    {
        /// <summary>The matching servers, each once, in the order asked for; <paramref name="unmatched"/> lists entries that matched nothing.</summary>
        public static IReadOnlyList<ServerAddress> Resolve(IReadOnlyList<ServerAddress> servers, IEnumerable<string>? requested, out IReadOnlyList<string> unmatched)
        {
            var missing = new List<string>();
            unmatched = missing;
            if (requested == null) return servers;
            var result = new List<ServerAddress>();
            foreach (string text in requested)
            {
                var found = Find(servers, text);
                if (found.Count == 0) missing.Add(text);
                foreach (var s in found) if (!result.Contains(s)) result.Add(s);
            }
            return result;
        }

        /// <summary>
        /// The one server of <paramref name="servers"/> that <paramref name="text"/> names exactly, or null: its full name
        /// (<c>10.0.0.5:11211</c>, case ignored), or any form <see cref="ServerAddress.Parse"/> reads of the same host and
        /// port. No wildcard and no bare host: this is where a listed key goes back to, so it must be one server, the one
        /// the key was listed on.
        /// </summary>
        public static ServerAddress? FindExact(IReadOnlyList<ServerAddress> servers, string? text)
        {
            string s = (text ?? string.Empty).Trim();
            if (s.Length == 0) return null;
            foreach (var server in servers)
                if (string.Equals(server.Name, s, StringComparison.OrdinalIgnoreCase)) return server;
            if (IsPattern(s) || !HasPort(s) || !ServerAddress.TryParse(s, out var parsed, out _)) return null;
            foreach (var server in servers)
                if (string.Equals(server.Host, parsed!.Host, StringComparison.OrdinalIgnoreCase) && server.Port == parsed.Port) return server;
            return null;
        }

        private static List<ServerAddress> Find(IReadOnlyList<ServerAddress> servers, string text)
        {
            var found = new List<ServerAddress>();
            string s = (text ?? string.Empty).Trim();
            if (s.Length == 0) return found;

            if (IsPattern(s))
            {
                var matcher = NamePattern.Create(s);
                foreach (var server in servers) if (matcher.IsMatch(server.Name) || matcher.IsMatch(server.Host)) found.Add(server);
                return found;
            }

            foreach (var server in servers)
                if (string.Equals(server.Name, s, StringComparison.OrdinalIgnoreCase)) found.Add(server);
            if (found.Count > 0) return found;

            if (ServerAddress.TryParse(s, out var parsed, out _))
            {
                foreach (var server in servers)
                    if (string.Equals(server.Host, parsed!.Host, StringComparison.OrdinalIgnoreCase) && server.Port == parsed.Port) found.Add(server);
                if (found.Count > 0) return found;
                if (!HasPort(s))
                    foreach (var server in servers)
                        if (string.Equals(server.Host, parsed!.Host, StringComparison.OrdinalIgnoreCase)) found.Add(server);
            }
            return found;
        }

        /// <summary>A wildcard pattern, not an address: "[::1]:11211" is an IPv6 address although it holds brackets.</summary>
        private static bool IsPattern(string s) =>
            s.IndexOf('*') >= 0 || s.IndexOf('?') >= 0 || (s.IndexOf('[') > 0 && NamePattern.HasWildcards(s));

        private static bool HasPort(string s)
        {
            if (s.StartsWith("[", StringComparison.Ordinal)) return s.IndexOf("]:", StringComparison.Ordinal) > 0;
            int colons = 0;
            foreach (char c in s) if (c == ':') colons++;
            return colons == 1 || colons == 2;
        }
    }
}
