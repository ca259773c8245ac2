using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>
    /// Whether a key holds an item: <c>mg &lt;key&gt; O&lt;opaque&gt;</c> with no flags (HD or EN, no value sent); the classic
    /// protocol has no such command, so there (and over the binary protocol) it is a get whose value is read and dropped. The result is null when the
    /// server could not be asked and errors are ignored, never false: "not there" is only what a server said.
    /// </summary>
    internal struct ExistsOperation : IOperation<bool?>
    {
        private GetOperation _classic;
        private readonly string _prefix;
        private readonly string _key;
        private readonly bool _base64;

        public ExistsOperation(string prefix, string key, bool base64)
        {
            _prefix = prefix;
            _key = key;
            _base64 = base64;
            _classic = new GetOperation(prefix, key, base64, withCas: false, touchTtl: null);
        }

        public bool MetaReply(ServerNode node) => node.UsesMeta;

        public bool SendsDataBlock => false;

        /// <summary>Never quiet over binary: GetKQ sends nothing for a miss, and a result must come from what the server said.
        /// Binary has no value-less get: it is a GetK whose value is read and dropped, as over the classic protocol.</summary>
        public bool QuietInBinary(bool quietRequested) => false;

        public bool? QuietResult => null;

        public bool? UnavailableResult => null;

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            if (node.UsesMeta) MetaRequestWriter.Get(buffer, _prefix, _key, _base64, withValue: false, withCas: false, touchTtl: null, opaque, quiet);
            else _classic.Write(buffer, node, opaque, quiet);
        }

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out bool? result)
        {
            result = null;
            if (node.UsesMeta)
            {
                switch (reply.Status)
                {
                    case ResponseStatus.Success: result = true; return true;
                    case ResponseStatus.Miss: result = false; return true;
                    default: throw GetOperation.Unexpected(ref reply, buffer, "mg");
                }
            }
            if (!_classic.Read(ref reply, buffer, node, out var item)) return false;
            result = item != null;
            return true;
        }
    }
}
