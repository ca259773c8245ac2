using System;
using System.Globalization;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// One memcached server: a TCP host and port, or a unix domain socket, with a weight for the locators.
    /// String forms: <c>host</c>, <c>host:port</c>, <c>host:port:weight</c>, <c>1.2.3.4:11211</c>,
    /// <c>[::1]</c>, <c>[::1]:11211</c>, <c>[::1]:11211:2</c>, a bare IPv6 address (<c>::1</c>, default port),
    /// <c>unix:/path/memcached.sock</c> and a bare absolute path <c>/path/memcached.sock</c>.
    /// </summary>
    public sealed class ServerAddress : IEquatable<ServerAddress>
    {
        public ServerAddress(string host, int port = MemcachedConstants.DefaultPort, int weight = 1)
        {
            if (string.IsNullOrWhiteSpace(host)) throw new MemcachedClientException("A server host name cannot be empty.");
            if (port < 1 || port > 65535) throw new MemcachedClientException($"Port {port} is not between 1 and 65535.");
            if (weight < 1) throw new MemcachedClientException($"A server weight must be at least 1 (got {weight}).");
            Host = host;
            Port = port;
            Weight = weight;
        }

        private ServerAddress(string unixSocketPath, int weight)
        {
            UnixSocketPath = unixSocketPath;
            Host = unixSocketPath;
            Port = 0;
            Weight = weight;
        }

        public static ServerAddress UnixSocket(string path, int weight = 1)
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/')
                throw new MemcachedClientException($"A unix socket path must be absolute (got '{path}').");
            if (weight < 1) throw new MemcachedClientException($"A server weight must be at least 1 (got {weight}).");
            return new ServerAddress(path, weight);
        }

        /// <summary>Host name or IP literal (without brackets); the socket path for a unix socket.</summary>
        public string Host { get; }

        /// <summary>TCP port; 0 for a unix socket.</summary>
        public int Port { get; }

        public int Weight { get; }

        public string? UnixSocketPath { get; }

        public bool IsUnixSocket => UnixSocketPath != null;

        /// <summary>"host:port" as the Python clients name a server ("[v6]:port" for IPv6), or the socket path.</summary>
        /// <remarks>Made once: every outcome of a batch names its server, and formatting it for each cost a string per key.</remarks>
        public string Name =>
            _name ??= IsUnixSocket ? UnixSocketPath! : (Host.IndexOf(':') >= 0 ? $"[{Host}]:{Port}" : $"{Host}:{Port}");

        private string? _name;

        public override string ToString() => Name;

        public static ServerAddress Parse(string text)
        {
            if (!TryParse(text, out var address, out var error)) throw new MemcachedClientException(error!);
            return address!;
        }

        public static bool TryParse(string? text, out ServerAddress? address, out string? error)
        {
            address = null;
            error = null;
            string s = (text ?? string.Empty).Trim();
            if (s.Length == 0) { error = "A server address cannot be empty."; return false; }

            if (s.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || s[0] == '/')
            {
                string path = s.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) ? s.Substring(5) : s;
                if (path.Length == 0 || path[0] != '/') { error = $"'{s}': a unix socket path must be absolute."; return false; }
                address = new ServerAddress(path, 1);
                return true;
            }

            string host;
            string? rest;
            if (s[0] == '[')
            {
                int close = s.IndexOf(']');
                if (close < 0) { error = $"'{s}': missing ']' after the IPv6 address."; return false; }
                host = s.Substring(1, close - 1);
                rest = close + 1 < s.Length ? s.Substring(close + 1) : null;
                if (rest != null)
                {
                    if (rest[0] != ':') { error = $"'{s}': expected ':' after ']'."; return false; }
                    rest = rest.Substring(1);
                }
            }
            else
            {
                if (System.Net.IPAddress.TryParse(s, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
                {
                    address = new ServerAddress(s); // a bare IPv6 literal: default port
                    return true;
                }
                if (Count(s, ':') > 2) { error = $"'{s}': an IPv6 address with a port goes in brackets, e.g. [::1]:11211."; return false; }
                int first = s.IndexOf(':');
                host = first < 0 ? s : s.Substring(0, first);
                rest = first < 0 ? null : s.Substring(first + 1);
            }

            if (host.Length == 0 || ContainsWhitespace(host)) { error = $"'{s}': the host name is empty or contains whitespace."; return false; }

            int port = MemcachedConstants.DefaultPort;
            int weight = 1;
            if (rest != null)
            {
                string[] parts = rest.Split(':');
                if (parts.Length > 2) { error = $"'{s}': expected host:port or host:port:weight."; return false; }
                if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > 65535)
                { error = $"'{s}': '{parts[0]}' is not a port between 1 and 65535."; return false; }
                if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out weight) || weight < 1))
                { error = $"'{s}': '{parts[1]}' is not a weight of 1 or more."; return false; }
            }
            address = new ServerAddress(host, port, weight);
            return true;
        }

        private static int Count(string s, char c)
        {
            int n = 0;
            foreach (char ch in s) if (ch == c) n++;
            return n;
        }

        private static bool ContainsWhitespace(string s)
        {
            foreach (char ch in s) if (char.IsWhiteSpace(ch)) return true;
            return false;
        }

        public bool Equals(ServerAddress? other) =>
            other != null && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port &&
            UnixSocketPath == other.UnixSocketPath && Weight == other.Weight;

        public override bool Equals(object? obj) => Equals(obj as ServerAddress);
        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Host) * 31 + Port;
    }
}
