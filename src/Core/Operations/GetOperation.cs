using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>get / gets / gat / gats (mg with v f [c] [T]). The result is null on a miss.</summary>
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

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            if (node.UsesMeta) MetaRequestWriter.Get(buffer, _prefix, _key, _base64, withValue: true, _withCas, _touchTtl, opaque, quiet);
            else
            {
                if (_base64) throw ClassicCannot("base64 keys", node);
                TextRequestWriter.Get(buffer, _prefix, _key, _withCas, _touchTtl);
            }
        }

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out CacheItem? result)
        {
            result = null;
            if (node.UsesMeta)
            {
                switch (reply.Status)
                {
                    case ResponseStatus.Value:
                        result = new CacheItem(_key, reply.CopyValue(buffer), reply.ClientFlags, reply.Cas, node.Address);
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
                    if (!KeyMatches(ref reply, buffer)) throw new MemcachedProtocolException($"Reply names key '{ParseHelpers.Describe(buffer, reply.KeyOffset, reply.KeyLength)}', not the key requested.");
                    _item = new CacheItem(_key, reply.CopyValue(buffer), reply.ClientFlags, reply.Cas, node.Address);
                    return false;
                case ResponseStatus.End:
                    result = _item;
                    return true;
                default:
                    throw Unexpected(ref reply, buffer, "get");
            }
        }

        private bool KeyMatches(ref ParsedResponse reply, byte[] buffer)
        {
            // A cheap, allocation-free guard against a reply meant for another request: the echoed key must have
            // the requested key's length (classic replies carry no opaque token to check instead).
            int expected = System.Text.Encoding.UTF8.GetByteCount(_prefix) + System.Text.Encoding.UTF8.GetByteCount(_key);
            return reply.KeyLength == expected;
        }

        internal static MemcachedProtocolException Unexpected(ref ParsedResponse reply, byte[] buffer, string command) =>
            new MemcachedProtocolException($"Unexpected reply to {command}: '{ParseHelpers.Describe(buffer, reply.LineOffset, reply.LineLength)}'.");

        internal static MemcachedClientException ClassicCannot(string what, ServerNode node) =>
            new MemcachedClientException($"{node.Address} speaks only the classic text protocol, which cannot carry {what}.") { Server = node.Address.Name };
    }
}
