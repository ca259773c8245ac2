using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>get / gets / gat / gats (mg with v f t [c] [T]: the lifetime left comes with the value). The result is null on a miss.</summary>
    internal struct GetOperation : IOperation<CacheItem?>
    {
        private readonly string _key;
        private readonly string _prefix;
        private readonly bool _base64;
        private readonly bool _withCas;
        private readonly long? _touchTtl;
        private CacheItem? _item;

        public GetOperation(string prefix, string key, bool base64, bool withCas, long? touchTtl)
        {
            _prefix = prefix;
            _key = key;
            _base64 = base64;
            _withCas = withCas;
            _touchTtl = touchTtl;
            _item = null;
        }

        public bool MetaReply(ServerNode node) => node.UsesMeta;

        public bool SendsDataBlock => false;

        public CacheItem? QuietResult => null;

        public CacheItem? UnavailableResult => null;

        public bool QuietInBinary(bool quietRequested) => true; // GetKQ / GatKQ: a miss sends nothing, a hit its key and value

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            if (node.UsesBinary)
            {
                if (_base64) throw BinaryCannot("base64 keys (the meta protocol's b flag)", node);
                BinaryRequestWriter.Get(buffer, _prefix, _key, _touchTtl, opaque, quiet);
            }
            else if (node.UsesMeta) MetaRequestWriter.Get(buffer, _prefix, _key, _base64, withValue: true, _withCas, _touchTtl, opaque, quiet);
            else
            {
                if (_base64) throw ClassicCannot("base64 keys", node);
                if (_touchTtl.HasValue)
                    Engine.ProxyRefusals.ThrowIfProxy(node, "get-and-touch", "gat",
                        "Read the item with Get and give it a new lifetime with Touch (two steps, not one), or use a proxy that speaks meta commands with Protocol Meta.");
                TextRequestWriter.Get(buffer, _prefix, _key, _withCas, _touchTtl);
            }
        }

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out CacheItem? result)
        {
            result = null;
            if (node.UsesBinary)
            {
                switch (reply.Status)
                {
                    case ResponseStatus.Value:
                        // GetK echoes the key: checked byte for byte, as the classic VALUE line's, on top of the opaque.
                        if (!KeyMatches(ref reply, buffer)) throw WrongKey(ref reply, buffer, node);
                        // gets/gats only: a plain get gives no CAS token in the other protocols either. The binary get carries
                        // no lifetime (unknown, not "never"); a gat knows it, since it gave it.
                        result = new CacheItem(_key, reply.CopyValue(buffer), reply.ClientFlags, _withCas ? reply.Cas : 0, node.Address, Lifetime(null));
                        return true;
                    case ResponseStatus.Miss:
                        return true;
                    default:
                        throw Unexpected(ref reply, buffer, "get (binary)");
                }
            }
            if (node.UsesMeta)
            {
                switch (reply.Status)
                {
                    case ResponseStatus.Value:
                        result = new CacheItem(_key, reply.CopyValue(buffer), reply.ClientFlags, reply.Cas, node.Address, Lifetime(reply.Ttl));
                        return true;
                    case ResponseStatus.Miss:
                        return true;
                    default:
                        throw Unexpected(ref reply, buffer, "mg");
                }
            }

            switch (reply.Status)
            {
                case ResponseStatus.Value:
                    if (_item != null) throw new MemcachedProtocolException("Two VALUE blocks for one key.");
                    if (!KeyMatches(ref reply, buffer)) throw WrongKey(ref reply, buffer, node);
                    // The classic protocol's get carries no lifetime: the item says it is unknown (null), not "never";
                    // a gat knows it, since it gave it.
                    _item = new CacheItem(_key, reply.CopyValue(buffer), reply.ClientFlags, reply.Cas, node.Address, Lifetime(null));
                    return false;
                case ResponseStatus.End:
                    result = _item;
                    return true;
                default:
                    throw Unexpected(ref reply, buffer, "get");
            }
        }

        /// <summary>
        /// The lifetime the item has now. memcached 1.6's <c>t</c> beside <c>T</c> reports the lifetime before the touch, so
        /// a get-and-touch reports the one it gave instead (wire value: 0 never, up to 30 days relative, else a unix time).
        /// </summary>
        private long? Lifetime(long? reported)
        {
            if (!_touchTtl.HasValue) return reported;
            long wire = _touchTtl.Value;
            if (wire == 0) return -1;
            if (wire <= MemcachedConstants.MaxRelativeExpirationSeconds) return wire;
            return System.Math.Max(0, wire - System.DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }

        private bool KeyMatches(ref ParsedResponse reply, byte[] buffer) =>
            // Classic replies carry no opaque token: the echoed key, byte for byte, is the only sign a VALUE answers this
            // request and not another (a stale reply, a proxy out of step). Compared without allocating.
            ParseHelpers.EqualsUtf8(buffer, reply.KeyOffset, reply.KeyLength, _prefix, _key);

        private MemcachedProtocolException WrongKey(ref ParsedResponse reply, byte[] buffer, ServerNode node) =>
            new MemcachedProtocolException(
                $"The reply to get '{KeyValidator.Printable(_prefix + _key)}' from {node.Address} names the key '{ParseHelpers.Describe(buffer, reply.KeyOffset, reply.KeyLength)}': the connection is out of step and was closed; no value was returned.")
            { Server = node.Address.Name };

        internal static MemcachedClientException BinaryCannot(string what, ServerNode node) =>
            new MemcachedClientException($"{node.Address} is spoken to in the binary protocol (memcached -S, SASL, or Protocol Binary), which cannot carry {what}.") { Server = node.Address.Name };

        internal static MemcachedProtocolException Unexpected(ref ParsedResponse reply, byte[] buffer, string command) =>
            new MemcachedProtocolException($"Unexpected reply to {command}: '{ParseHelpers.Describe(buffer, reply.LineOffset, reply.LineLength)}'.");

        internal static MemcachedClientException ClassicCannot(string what, ServerNode node) =>
            new MemcachedClientException($"{node.Address} speaks only the classic text protocol, which cannot carry {what}.") { Server = node.Address.Name };
    }
}
