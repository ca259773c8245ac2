using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Transport
{
    /// <summary>
    /// The server accepted a new connection only to refuse it: memcached at its connection limit (<c>-c</c>) writes
    /// <c>ERROR Too many open connections</c> and closes it. The server is up and serving the connections it has, so this
    /// is pressure, not an outage: it purges no pooled connection and counts nothing toward marking the server dead
    /// (<see cref="ConnectionPool.Refused"/> says what the pool does instead).
    /// </summary>
    internal sealed class ServerRefusedConnectionException : MemcachedConnectionException
    {
        /// <summary>The line memcached writes to a connection over its limit (memcached 1.4 to 1.6).</summary>
        public const string Line = "ERROR Too many open connections";

        public ServerRefusedConnectionException(ServerAddress server)
            : base($"{server} refused the connection: too many open connections ('{Line}'). The server is at its connection limit " +
                   "(memcached -c) and admitted none of this client's connections; raise memcached -c, or lower MaxConnectionsPerServer " +
                   "across the clients that share the server.")
        {
            Server = server.Name;
        }

        /// <summary>Whether a reply line is memcached's refusal of the connection it came on.</summary>
        public static bool IsRefusal(ref ParsedResponse reply) =>
            reply.Status == ResponseStatus.Error && reply.Message != null &&
            reply.Message.StartsWith(Line.Substring("ERROR ".Length), System.StringComparison.Ordinal);

        /// <summary>
        /// What a new connection's set-up failed with, when the server had refused the connection: the refusal may have
        /// arrived with the failure (the server closes at once, so writing the request can fail first), and is then found
        /// in what the connection received. Null for any other failure.
        /// </summary>
        public static ServerRefusedConnectionException? Detect(MemcachedException failure, ServerConnection connection, ServerAddress server)
        {
            if (failure is ServerRefusedConnectionException refused) return refused;
            if (failure is MemcachedConnectionException && !(failure is MemcachedTimeoutException) && connection.ReceivedRefusal())
                return new ServerRefusedConnectionException(server);
            return null;
        }
    }
}
