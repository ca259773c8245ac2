using System;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// MD5 (RFC 1321) reduced to what ketama needs: the four little-endian 32-bit words of the digest. libmemcached's
    /// MD5 key hash is word 0 (digest bytes 0..3 read little-endian); a weighted continuum point name yields all four.
    /// </summary>
    /// <remarks>
    /// Our own instead of <c>System.Security.Cryptography.MD5</c> for two reasons: on Windows with the FIPS policy
    /// enabled, .NET Framework's MD5 throws (and Windows PowerShell 5.1 runs on .NET Framework), and the framework type
    /// allocates a digest array per call while this runs on every key lookup. Not for security use.
    /// </remarks>
    internal static class Md5
    {
        private static readonly uint[] K = BuildSineTable();

        private static readonly int[] Shifts =
        {
            7, 12, 17, 22,
            5, 9, 14, 20,
            4, 11, 16, 23,
            6, 10, 15, 21,
        };

        [ThreadStatic] private static byte[]? t_tail;
        [ThreadStatic] private static uint[]? t_words;

        public static void Compute(byte[] data, int offset, int count, out uint a, out uint b, out uint c, out uint d)
        {
            a = 0x67452301;
            b = 0xefcdab89;
            c = 0x98badcfe;
            d = 0x10325476;

            int fullBlocksEnd = offset + (count & ~63);
            for (int block = offset; block < fullBlocksEnd; block += 64)
                Transform(data, block, ref a, ref b, ref c, ref d);

            // The last partial block, the 0x80 marker and the bit length take one or two more blocks.
            byte[] tail = t_tail ??= new byte[128];
            int rest = count & 63;
            Buffer.BlockCopy(data, fullBlocksEnd, tail, 0, rest);
            tail[rest] = 0x80;
            int tailLength = rest < 56 ? 64 : 128;
            Array.Clear(tail, rest + 1, tailLength - rest - 1);
            ulong bits = (ulong)count * 8;
            for (int i = 0; i < 8; i++) tail[tailLength - 8 + i] = (byte)(bits >> (8 * i));

            Transform(tail, 0, ref a, ref b, ref c, ref d);
            if (tailLength == 128) Transform(tail, 64, ref a, ref b, ref c, ref d);
        }

        /// <summary>Word 0 of the digest: libhashkit's <c>hashkit_md5</c>.</summary>
        public static uint FirstWord(byte[] data, int offset, int count)
        {
            Compute(data, offset, count, out uint a, out _, out _, out _);
            return a;
        }

        private static void Transform(byte[] block, int offset, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
        {
            uint[] m = t_words ??= new uint[16];
            for (int w = 0, at = offset; w < 16; w++, at += 4)
                m[w] = block[at] | (uint)block[at + 1] << 8 | (uint)block[at + 2] << 16 | (uint)block[at + 3] << 24;

            unchecked
            {
                uint a = a0, b = b0, c = c0, d = d0, f;
                int i = 0;
                for (; i < 16; i++) { f = (b & c) | (~b & d); Step(ref a, ref b, ref c, ref d, f + K[i] + m[i], Shifts[i & 3]); }
                for (; i < 32; i++) { f = (d & b) | (~d & c); Step(ref a, ref b, ref c, ref d, f + K[i] + m[(5 * i + 1) & 15], Shifts[4 + (i & 3)]); }
                for (; i < 48; i++) { f = b ^ c ^ d; Step(ref a, ref b, ref c, ref d, f + K[i] + m[(3 * i + 5) & 15], Shifts[8 + (i & 3)]); }
                for (; i < 64; i++) { f = c ^ (b | ~d); Step(ref a, ref b, ref c, ref d, f + K[i] + m[(7 * i) & 15], Shifts[12 + (i & 3)]); }
                a0 += a;
                b0 += b;
                c0 += c;
                d0 += d;
            }
        }

        /// <summary>One MD5 step: the four words rotate, b takes the mixed value.</summary>
        private static void Step(ref uint a, ref uint b, ref uint c, ref uint d, uint mixed, int shift)
        {
            unchecked
            {
                uint f = a + mixed;
                a = d;
                d = c;
                c = b;
                b += (f << shift) | (f >> (32 - shift));
            }
        }

        private static uint[] BuildSineTable()
        {
            var k = new uint[64];
            for (int i = 0; i < 64; i++)
                k[i] = (uint)(long)Math.Floor(Math.Abs(Math.Sin(i + 1)) * 4294967296.0);
            return k;
        }
    }
}
