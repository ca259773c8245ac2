using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>
    /// incr / decr (ma). The result is the new value, or null when the key is missing. It never creates a counter: the
    /// client follows a miss with add when it was given an initial value (see MemcachedClient.NewCounter for why).
    /// </summary>
    internal readonly struct ArithmeticOperation : IOperation<ulong?>
    {
        private readonly string _prefix;
        private readonly string _key;
        private readonly bool _base64;
        private readonly bool _decrement;
        private readonly ulong _delta;

        public ArithmeticOperation(string prefix, string key, bool base64, bool decrement, ulong delta)
        {
            _prefix = prefix;
            _key = key;
            _base64 = base64;
            _decrement = decrement;
            _delta = delta;
        }

        public bool MetaReply(ServerNode node) => node.UsesMeta;

        public bool SendsDataBlock => false;

        public ulong? QuietResult => null;

        public ulong? UnavailableResult => null;

        public bool QuietInBinary(bool quietRequested) => false; // IncrementQ would hide the new value

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            if (node.UsesBinary)
            {
                if (_base64) throw GetOperation.BinaryCannot("base64 keys (the meta protocol's b flag)", node);
                BinaryRequestWriter.Arithmetic(buffer, _prefix, _key, _decrement, _delta, opaque);
            }
            else if (node.UsesMeta) MetaRequestWriter.Arithmetic(buffer, _prefix, _key, _base64, _decrement, _delta, opaque);
            else
            {
                if (_base64) throw GetOperation.ClassicCannot("base64 keys", node);
                TextRequestWriter.Arithmetic(buffer, _prefix, _key, _decrement, _delta);
            }
        }

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out ulong? result)
        {
            if (node.UsesBinary)
            {
                switch (reply.Status)
                {
                    case ResponseStatus.Value:
                        result = BinaryResponseParser.ReadUInt64(buffer, reply.ValueOffset); // 8 bytes, checked by the parser
                        return true;
                    case ResponseStatus.NotFound:
                        result = null;
                        return true;
                    default: throw GetOperation.Unexpected(ref reply, buffer, _decrement ? "decr (binary)" : "incr (binary)");
                }
            }
            if (node.UsesMeta)
            {
                switch (reply.Status)
                {
                    case ResponseStatus.Value:
                        result = ParseHelpers.ParseUInt64(buffer, reply.ValueOffset, reply.ValueLength, "counter value");
                        return true;
                    case ResponseStatus.NotFound:
                    case ResponseStatus.NotStored:
                        result = null;
                        return true;
                    default: throw GetOperation.Unexpected(ref reply, buffer, "ma");
                }
            }
            switch (reply.Status)
            {
                case ResponseStatus.NotFound: result = null; return true;
                case ResponseStatus.Line:
                    result = ParseHelpers.ParseUInt64(buffer, reply.LineOffset, reply.LineLength, "counter value");
                    return true;
                default: throw GetOperation.Unexpected(ref reply, buffer, _decrement ? "decr" : "incr");
            }
        }
    }
}
