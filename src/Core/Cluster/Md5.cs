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
            unchecked
            {
                uint a = a0, b = b0, c = c0, d = d0;
                for (int i = 0; i < 64; i++)
                {
                    uint f;
                    int g;
                    switch (i >> 4)
                    {
                        case 0: f = (b & c) | (~b & d); g = i; break;
                        case 1: f = (d & b) | (~d & c); g = (5 * i + 1) & 15; break;
                        case 2: f = b ^ c ^ d; g = (3 * i + 5) & 15; break;
                        default: f = c ^ (b | ~d); g = (7 * i) & 15; break;
                    }
                    int w = offset + 4 * g;
                    uint word = block[w] | (uint)block[w + 1] << 8 | (uint)block[w + 2] << 16 | (uint)block[w + 3] << 24;
                    f += a + K[i] + word;
                    a = d;
                    d = c;
                    c = b;
                    int s = Shifts[((i >> 4) << 2) | (i & 3)];
                    b += (f << s) | (f >> (32 - s));
                }
                a0 += a;
                b0 += b;
                c0 += c;
                d0 += d;
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
