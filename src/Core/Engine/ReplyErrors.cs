using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// What an error reply means for the connection it came on: a failure of its own request that leaves the stream in
    /// step (the next reply is the next request's), or one after which replies can no longer be matched to requests.
    /// </summary>
    /// <remarks>
    /// Checked against memcached 1.6.18 with a raw socket, meta and classic, quiet or not:
    /// <list type="bullet">
    /// <item><c>SERVER_ERROR …</c> (<c>object too large for cache</c>, <c>out of memory storing object</c>): the server
    /// reads and drops the request's data block first. In step. (A server that cannot go on closes the connection,
    /// which the next read sees.)</item>
    /// <item><c>CLIENT_ERROR …</c> to a one-line request (<c>ma</c>/<c>incr</c>/<c>decr</c> on a non-numeric value:
    /// <c>cannot increment or decrement non-numeric value</c>; an invalid flag, delta or lifetime of <c>mg</c>,
    /// <c>ma</c>, <c>touch</c> …): one line answers one line. In step. None of these errors carries the opaque
    /// token or the key, even with <c>O</c> and <c>k</c>.</item>
    /// <item><c>CLIENT_ERROR …</c> to a store: <c>bad data chunk</c> (the block was not the announced length) and
    /// <c>bad command line format</c> (e.g. a key too long) leave the data block unread, and memcached reads it as
    /// a command (an extra <c>ERROR</c> follows). Some others (<c>invalid mode for ms M token</c>) drop the block.
    /// The client never sends a store the server should refuse, so it does not guess: out of step.</item>
    /// <item><c>ERROR</c>: the server does not know the command; out of step for a store, and a protocol mismatch
    /// either way.</item>
    /// </list>
    /// A per-key error is never the server's failure: it counts nothing toward marking the server dead.
    /// </remarks>
    internal static class ReplyErrors
    {
        /// <summary>
        /// Whether the stream is still in step after this error reply (see the remarks). A binary error reply is framed and
        /// carries the request's opaque token (checked before this), and memcached reads a refused request's whole body, so
        /// server and client errors leave a binary stream in step whatever the request carried; an authentication error
        /// (memcached closes the connection after it) and an unknown command do not.
        /// </summary>
        public static bool KeepsStreamInStep(ResponseStatus status, bool requestSentDataBlock, bool binary = false)
        {
            if (binary) return status == ResponseStatus.ServerError || status == ResponseStatus.ClientError;
            switch (status)
            {
                case ResponseStatus.ServerError: return true;
                case ResponseStatus.ClientError: return !requestSentDataBlock;
                default: return false;
            }
        }

        /// <summary>The exception one key's error reply becomes: the server's own words.</summary>
        public static MemcachedException ToException(ref ParsedResponse reply, ServerNode node)
        {
            switch (reply.Status)
            {
                case ResponseStatus.ServerError:
                    return new MemcachedServerException("SERVER_ERROR " + reply.Message) { Server = node.Address.Name };
                case ResponseStatus.ClientError:
                    return new MemcachedServerException("CLIENT_ERROR " + reply.Message) { Server = node.Address.Name };
                case ResponseStatus.AuthError:
                    return SaslRequired(node);
                default:
                    return new MemcachedProtocolException($"{node.Address} does not know the command (ERROR).") { Server = node.Address.Name };
            }
        }

        /// <summary>
        /// A binary-protocol server answered a command with an authentication error (status 0x20): the connection is not
        /// authenticated (no credentials, or the server asks again), and memcached closes it.
        /// </summary>
        public static MemcachedAuthenticationException SaslRequired(ServerNode node) =>
            new MemcachedAuthenticationException(
                $"{node.Address} requires SASL authentication (memcached -S) and refused the command on a connection that is not authenticated: " +
                "configure credentials (MemcachedClientOptions.Credential; Connect-Memcached -Credential).")
            { Server = node.Address.Name };

        /// <summary>A binary reply whose opaque token or opcode is not its request's.</summary>
        public static MemcachedProtocolException BinaryOutOfStep(ref ParsedResponse reply, byte opcode, uint opaque, ServerNode node) =>
            new MemcachedProtocolException(
                $"Binary reply from {node.Address} carries opaque {reply.Opaque?.ToString() ?? "none"} and opcode 0x{reply.Opcode:X2}, expected {opaque} and 0x{opcode:X2}: " +
                "the connection is out of step and was closed; no value was returned.")
            { Server = node.Address.Name };

        /// <summary>What ends a batch's use of a connection after an error reply that left the stream out of step.</summary>
        public static MemcachedProtocolException OutOfStep(MemcachedException error, ServerNode node) =>
            new MemcachedProtocolException(
                $"{node.Address} answered '{error.Message}', after which its replies can no longer be matched to requests: the connection was closed.")
            { Server = node.Address.Name };
    }
}
