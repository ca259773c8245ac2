using System;
using System.Text;

namespace MemcachePS.Core.Serialization
{
    /// <summary>PLACEHOLDER until the transcoders land: strings and bytes only.</summary>
    public sealed class DefaultTranscoder : ITranscoder
    {
        public EncodedValue Encode(object? value) => value switch
        {
            null => new EncodedValue(new byte[0], 0),
            byte[] b => new EncodedValue(b, 0),
            ArraySegment<byte> s => new EncodedValue(s, 0),
            string s => new EncodedValue(Encoding.UTF8.GetBytes(s), 16),
            ulong u => new EncodedValue(Encoding.ASCII.GetBytes(u.ToString()), 2),
            long l => new EncodedValue(Encoding.ASCII.GetBytes(l.ToString()), 2),
            int i => new EncodedValue(Encoding.ASCII.GetBytes(i.ToString()), 2),
            _ => throw new MemcachedClientException("Not yet."),
        };

        public object? Decode(ArraySegment<byte> data, uint flags) =>
            flags == 16 ? Encoding.UTF8.GetString(data.Array!, data.Offset, data.Count) : (object)System.Linq.Enumerable.ToArray(data);
    }
}
