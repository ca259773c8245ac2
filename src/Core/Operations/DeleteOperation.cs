using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>delete (md). True when the key existed and was deleted.</summary>
    internal readonly struct DeleteOperation : IOperation<bool>
    {
        private readonly string _prefix;
        private readonly string _key;
        private readonly bool _base64;

        public DeleteOperation(string prefix, string key, bool base64)
        {
            _prefix = prefix;
            _key = key;
            _base64 = base64;
        }

        public bool MetaReply(ServerNode node) => node.UsesMeta;

        public bool SendsDataBlock => false;

        public bool QuietResult => true;

        public bool UnavailableResult => false;

        public bool QuietInBinary(bool quietRequested) => true; // DeleteQ: success sends nothing, "not found" answers

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            if (node.UsesBinary)
            {
                if (_base64) throw GetOperation.BinaryCannot("base64 keys (the meta protocol's b flag)", node);
                BinaryRequestWriter.Delete(buffer, _prefix, _key, opaque, quiet);
            }
            else if (node.UsesMeta) MetaRequestWriter.Delete(buffer, _prefix, _key, _base64, opaque, quiet);
            else
            {
                if (_base64) throw GetOperation.ClassicCannot("base64 keys", node);
                TextRequestWriter.Delete(buffer, _prefix, _key);
            }
        }

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out bool result)
        {
            switch (reply.Status)
            {
                case ResponseStatus.Success: result = true; return true;
                case ResponseStatus.NotFound: result = false; return true;
                default: throw GetOperation.Unexpected(ref reply, buffer, "delete");
            }
        }
    }
}
