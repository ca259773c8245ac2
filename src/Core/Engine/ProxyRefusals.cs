using MemcachePS.Core.Cluster;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// What a proxy cannot do, refused before anything is sent (see <see cref="ServerKind.Proxy"/>): twemproxy and
    /// mcrouter-style proxies forward item commands only, and close the connection on anything else, which would
    /// otherwise read as a broken server, or, with IgnoreServerErrors, as a miss.
    /// </summary>
    internal static class ProxyRefusals
    {
        /// <summary>The refusal of <paramref name="what"/> (the <paramref name="command"/> a proxy lacks) on a proxy, or null on memcached.</summary>
        public static MemcachedClientException? Check(ServerNode node, string what, string command, string instead)
        {
            if (!node.IsProxy) return null;
            string why = node.ProxyDetected
                ? "it closed the connection on stats settings / mn instead of answering them, and answered version, as twemproxy does"
                : "ServerKind Proxy";
            return new MemcachedClientException(
                $"{node.Address} is a proxy ({why}): {what} cannot go through it. Proxies such as twemproxy forward item commands only and " +
                $"close the connection on '{command}'. Nothing was sent. {instead}")
            { Server = node.Address.Name };
        }

        public static void ThrowIfProxy(ServerNode node, string what, string command, string instead)
        {
            var refusal = Check(node, what, command, instead);
            if (refusal != null) throw refusal;
        }

        /// <summary>What a server command is to be done with instead, through a proxy.</summary>
        public const string AskTheServers = "Ask the memcached servers behind the proxy directly (connect to them, not to the proxy).";
    }
}
