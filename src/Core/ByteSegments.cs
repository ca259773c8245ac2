using System;

namespace MemcachePS.Core
{
    /// <summary>Byte ranges (<see cref="ArraySegment{T}"/>: the core stays free of System.Memory) as arrays of their own.</summary>
    internal static class ByteSegments
    {
        /// <summary>A copy of the range's bytes (an empty array for an empty or default range).</summary>
        public static byte[] ToArray(ArraySegment<byte> segment)
        {
            var copy = new byte[segment.Count];
            if (segment.Count > 0) Buffer.BlockCopy(segment.Array!, segment.Offset, copy, 0, segment.Count);
            return copy;
        }
    }
}
