using System;
using System.IO;
using System.IO.Compression;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// gzip members (RFC 1952): what Perl's <c>Compress::Zlib::memGzip</c> (Cache::Memcached, Cache::Memcached::Fast) and
    /// Java's <c>GZIPOutputStream</c> (spymemcached) write under their compressed flag. Inflating is capped, and the CRC-32
    /// and length in the trailer are checked (GZipStream does).
    /// </summary>
    internal static class GzipCodec
    {
        public static byte[] Compress(byte[] data)
        {
            using var output = new MemoryStream(data.Length / 2 + 32);
            using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                gzip.Write(data, 0, data.Length);
            return output.ToArray();
        }

        public static byte[] Decompress(ArraySegment<byte> data, int maxSize, string family)
        {
            if (data.Count < 18 || data.Array![data.Offset] != 0x1f || data.Array[data.Offset + 1] != 0x8b || data.Array[data.Offset + 2] != 8)
                throw new MemcachedSerializationException($"{family}: the value's compressed flag is set, but its {data.Count} bytes are not a gzip member (RFC 1952).");
            using var input = new MemoryStream(data.Array, data.Offset, data.Count, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16384];
            try
            {
                int n;
                while ((n = gzip.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (output.Length + n > maxSize)
                        throw new MemcachedSerializationException($"{family}: the compressed value inflates to more than the {maxSize} bytes allowed (MaxDecompressedSize).");
                    output.Write(buffer, 0, n);
                }
            }
            catch (InvalidDataException e)
            {
                throw new MemcachedSerializationException($"{family}: the compressed value is not valid gzip ({e.Message}): truncated or damaged.", e);
            }
            byte[] result = output.ToArray();
            // Checked here too: a member cut short after its deflate data would otherwise read as a shorter value.
            int tail = data.Offset + data.Count - 8;
            uint crc = (uint)(data.Array[tail] | data.Array[tail + 1] << 8 | data.Array[tail + 2] << 16 | data.Array[tail + 3] << 24);
            uint size = (uint)(data.Array[tail + 4] | data.Array[tail + 5] << 8 | data.Array[tail + 6] << 16 | data.Array[tail + 7] << 24);
            if (size != (uint)result.Length || crc != Crc32(result))
                throw new MemcachedSerializationException($"{family}: the compressed value's gzip trailer does not match what it inflates to: truncated or damaged.");
            return result;
        }

        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        private static uint Crc32(byte[] data)
        {
            uint c = 0xFFFFFFFFu;
            foreach (byte b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
            return c ^ 0xFFFFFFFFu;
        }
    }
}
