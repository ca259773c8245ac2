using System.Text;

namespace MemcachePS.Core.Cluster
{
    /// <summary>Turns a key into the bytes a client hashes, into a reusable per-thread buffer.</summary>
    internal static class KeyBytes
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>Largest buffer kept per thread; a longer string (never a valid key, but a pin key may be anything) gets a one-off array.</summary>
        private const int MaxKeptSize = 16 * 1024;

        /// <summary>Returns <paramref name="buffer"/>, replaced by a larger array when it cannot hold <paramref name="size"/> bytes.</summary>
        public static byte[] Ensure(ref byte[]? buffer, int size)
        {
            if (buffer != null && buffer.Length >= size) return buffer;
            var larger = new byte[System.Math.Max(size, 1024)];
            if (size <= MaxKeptSize) buffer = larger;
            return larger;
        }

        /// <summary>Encodes <paramref name="key"/> as UTF-8 at the start of <paramref name="bytes"/>; returns the byte count.</summary>
        public static int EncodeUtf8(string key, ref byte[]? buffer, out byte[] bytes)
        {
            bytes = Ensure(ref buffer, Utf8.GetMaxByteCount(key.Length));
            return Utf8.GetBytes(key, 0, key.Length, bytes, 0);
        }

        /// <summary>
        /// What pymemcache's pure-Python murmur3 reads from a <c>str</c>: one byte per Unicode code point, the code point's
        /// low 8 bits (<c>ord(c) &amp; 0xff</c>). A surrogate pair is one code point, as in Python. Returns the count written.
        /// </summary>
        public static int WriteCodePointLowBytes(string text, byte[] destination, int offset)
        {
            int n = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    int codePoint = char.ConvertToUtf32(c, text[i + 1]);
                    destination[offset + n++] = (byte)codePoint;
                    i++;
                }
                else
                {
                    destination[offset + n++] = (byte)c;
                }
            }
            return n;
        }
    }
}
