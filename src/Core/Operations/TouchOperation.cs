using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>touch (mg with T and no value). True when the key existed.</summary>
    internal readonly struct TouchOperation : IOperation<bool>
    {
        private readonly string _prefix;
        private readonly string _key;
        private readonly bool _base64;
        private readonly long _ttl;

        public TouchOperation(string prefix, string key, bool base64, long ttl)
        {
            _prefix = prefix;
            _key = key;
            _base64 = base64;
            _ttl = ttl;
        }

        public bool MetaReply(ServerNode node) => node.UsesMeta;

        public bool SendsDataBlock => false;

        public bool QuietResult => true;

        public bool UnavailableResult => false;

        public bool QuietInBinary(bool quietRequested) => false; // touch has no quiet opcode

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            if (node.UsesBinary)
            {
                if (_base64) throw GetOperation.BinaryCannot("base64 keys (the meta protocol's b flag)", node);
                BinaryRequestWriter.Touch(buffer, _prefix, _key, _ttl, opaque);
            }
            else if (node.UsesMeta) MetaRequestWriter.Get(buffer, _prefix, _key, _base64, withValue: false, withCas: false, _ttl, opaque, quiet);
            else
            {
                if (_base64) throw GetOperation.ClassicCannot("base64 keys", node);
                TextRequestWriter.Touch(buffer, _prefix, _key, _ttl);
            }
        }

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out bool result)
        {
            switch (reply.Status)
            {
                case ResponseStatus.Success: result = true; return true;
                case ResponseStatus.Miss:
                case ResponseStatus.NotFound: result = false; return true;
                default: throw GetOperation.Unexpected(ref reply, buffer, "touch");
            }
        }
    }
}
