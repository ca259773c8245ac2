using System;
using System.IO;
using System.IO.Compression;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// zlib streams (RFC 1950), what Python's <c>zlib.compress</c> and libmemcached write under flag 8: a two-byte header,
    /// raw deflate (RFC 1951, which is all <see cref="DeflateStream"/> speaks), and the Adler-32 of the data, big-endian.
    /// </summary>
    internal static class ZlibCodec
    {
        private const byte DeflateWith32KWindow = 0x78;
        private const byte DefaultLevelCheckBits = 0x9C; // FLEVEL 2 (default), no dictionary; 0x789C % 31 == 0

        public static byte[] Compress(ArraySegment<byte> data)
        {
            using var output = new MemoryStream(data.Count / 2 + 16);
            output.WriteByte(DeflateWith32KWindow);
            output.WriteByte(DefaultLevelCheckBits);
            using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
                deflate.Write(data.Array!, data.Offset, data.Count);
            uint adler = Adler32(data.Array!, data.Offset, data.Count);
            output.WriteByte((byte)(adler >> 24));
            output.WriteByte((byte)(adler >> 16));
            output.WriteByte((byte)(adler >> 8));
            output.WriteByte((byte)adler);
            return output.ToArray();
        }

        /// <summary>Inflates and verifies a zlib stream; refuses output larger than <paramref name="maxSize"/> bytes
        /// (a megabyte item can inflate a thousandfold).</summary>
        /// <param name="what">What the message calls the value, for other clients' conventions.</param>
        public static byte[] Decompress(ArraySegment<byte> data, int maxSize, string what = "Compressed value (flag 8)")
        {
            byte[] bytes = data.Array!;
            int start = data.Offset;
            if (data.Count < 6) throw Corrupt(what, $"{data.Count} bytes are too few for a zlib header and checksum");
            byte cmf = bytes[start], flg = bytes[start + 1];
            if ((cmf & 0x0F) != 8) throw Corrupt(what, $"the header names compression method {cmf & 0x0F}, not deflate (8)");
            if ((cmf >> 4) > 7) throw Corrupt(what, $"the header names a window of 2^{(cmf >> 4) + 8} bytes, more than zlib's 32 KiB");
            if (((cmf << 8) | flg) % 31 != 0) throw Corrupt(what, $"the header check bits are wrong (0x{cmf:x2}{flg:x2} is not a multiple of 31)");
            if ((flg & 0x20) != 0) throw Corrupt(what, "the stream needs a preset dictionary, which no memcached client uses");

            byte[] result;
            using (var input = new MemoryStream(bytes, start + 2, data.Count - 6, writable: false))
            using (var deflate = new DeflateStream(input, CompressionMode.Decompress))
            using (var output = new MemoryStream())
            {
                var buffer = new byte[16384];
                try
                {
                    int n;
                    while ((n = deflate.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        if (output.Length + n > maxSize)
                            throw Corrupt(what, $"it inflates to more than the {maxSize} bytes allowed (MaxDecompressedSize)");
                        output.Write(buffer, 0, n);
                    }
                }
                catch (InvalidDataException e)
                {
                    throw Corrupt(what, "the deflate data is invalid (" + e.Message + ")", e);
                }
                result = output.ToArray();
            }

            int tail = start + data.Count - 4;
            uint stored = (uint)(bytes[tail] << 24 | bytes[tail + 1] << 16 | bytes[tail + 2] << 8 | bytes[tail + 3]);
            uint computed = Adler32(result, 0, result.Length);
            if (stored != computed)
                throw Corrupt(what, $"the Adler-32 checksum does not match (stored 0x{stored:x8}, computed 0x{computed:x8}): the data is truncated or damaged");
            return result;
        }

        public static uint Adler32(byte[] data, int offset, int count)
        {
            const uint Modulus = 65521;
            const int MaxRunBeforeOverflow = 5552; // largest n for which the sums cannot overflow 32 bits
            uint a = 1, b = 0;
            while (count > 0)
            {
                int run = Math.Min(count, MaxRunBeforeOverflow);
                count -= run;
                while (run-- > 0)
                {
                    a += data[offset++];
                    b += a;
                }
                a %= Modulus;
                b %= Modulus;
            }
            return (b << 16) | a;
        }

        private static MemcachedSerializationException Corrupt(string what, string problem, Exception? inner = null) =>
            new MemcachedSerializationException(what + " is not a valid zlib stream: " + problem + ".", inner);
    }
}
