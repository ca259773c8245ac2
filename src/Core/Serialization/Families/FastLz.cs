using System;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// Inflates FastLZ blocks (levels 1 and 2), which php-memcached writes by default for values of 2,000 bytes or more.
    /// Written from the format: the top three bits of the first byte give the level (0: level 1, 1: level 2); then each
    /// instruction byte is a literal run (below 32: that many plus one bytes follow) or a match (length in the top three
    /// bits, 7 meaning "more length bytes follow"; distance from the low five bits and the next byte, and at level 2 a
    /// 16-bit far distance after a 255). Every read and copy is checked against the input and the declared output size;
    /// nothing is allocated beyond that size.
    /// </summary>
    internal static class FastLz
    {
        private const int Level2FarBase = 8191;

        /// <summary>The <paramref name="outputLength"/> bytes a block inflates to; anything malformed, short or long is refused.</summary>
        public static byte[] Decompress(ArraySegment<byte> block, int outputLength, string family)
        {
            byte[] input = block.Array!;
            int ip = block.Offset, end = block.Offset + block.Count;
            var output = new byte[outputLength];
            if (block.Count == 0) throw Corrupt(family, "the compressed block is empty");
            int level = (input[ip] >> 5) + 1;
            if (level != 1 && level != 2) throw Corrupt(family, $"the block names FastLZ level {level}; only levels 1 and 2 exist");
            int op = 0;
            int ctrl = input[ip++] & 31;
            while (true)
            {
                if (ctrl < 32)
                {
                    int run = ctrl + 1;
                    if (end - ip < run) throw Corrupt(family, "a literal run goes past the end of the block");
                    if (outputLength - op < run) throw Corrupt(family, $"it inflates to more than the {outputLength} bytes its header declares");
                    Buffer.BlockCopy(input, ip, output, op, run);
                    ip += run;
                    op += run;
                }
                else
                {
                    long length = (ctrl >> 5) - 1;
                    long distance = (ctrl & 31) << 8;
                    if (length == 6)
                    {
                        if (level == 1) length += Next(input, ref ip, end, family);
                        else
                        {
                            int more;
                            do { more = Next(input, ref ip, end, family); length += more; } while (more == 255 && length <= outputLength);
                        }
                    }
                    int code = Next(input, ref ip, end, family);
                    distance += code + 1;
                    if (level == 2 && code == 255 && (ctrl & 31) == 31)
                    {
                        int far = Next(input, ref ip, end, family) << 8;
                        far |= Next(input, ref ip, end, family);
                        distance = far + Level2FarBase + 1;
                    }
                    length += 3;
                    if (distance > op) throw Corrupt(family, $"a match refers {distance} bytes back, before the start of the output ({op} bytes so far)");
                    if (outputLength - op < length) throw Corrupt(family, $"it inflates to more than the {outputLength} bytes its header declares");
                    int from = op - (int)distance;
                    for (long i = 0; i < length; i++) output[op++] = output[from++];
                }
                if (ip >= end) break;
                ctrl = input[ip++];
            }
            if (op != outputLength) throw Corrupt(family, $"it inflates to {op} bytes, not the {outputLength} its header declares");
            return output;
        }

        private static int Next(byte[] input, ref int ip, int end, string family)
        {
            if (ip >= end) throw Corrupt(family, "a match is cut off at the end of the block");
            return input[ip++];
        }

        private static MemcachedSerializationException Corrupt(string family, string problem) =>
            new MemcachedSerializationException($"{family}: the FastLZ-compressed value is damaged: {problem}.");
    }
}
