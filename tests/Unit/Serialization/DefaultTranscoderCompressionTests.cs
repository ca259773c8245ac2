using System;
using System.Linq;
using System.Text;
using MemcachePS.Core.Serialization;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization
{
    public class DefaultTranscoderCompressionTests
    {
        // zlib.compress("héllo héllo héllo héllo héllo".encode()) by Debian's CPython 3.11.
        private const string PythonZlibHex = "789ccb38bc3227275f21033705001b791008";

        private static byte[] Bytes(string hex) => Convert.FromHexString(hex);

        private static string Text(ArraySegment<byte> data) => Encoding.UTF8.GetString(data.Array!, data.Offset, data.Count);

        private static MemcachedSerializationException CorruptError(byte[] stored) =>
            Assert.Throws<MemcachedSerializationException>(() => new DefaultTranscoder().Decode(new ArraySegment<byte>(stored), ValueFlags.Compressed | ValueFlags.Text));

        [Fact]
        public void Compression_is_off_by_default_because_pymemcache_cannot_read_flag_8()
        {
            EncodedValue encoded = new DefaultTranscoder().Encode(new string('a', 100_000));

            Assert.Equal((0, ValueFlags.Text, 100_000), (new DefaultTranscoder().CompressionThreshold, encoded.Flags, encoded.Data.Count));
        }

        [Fact]
        public void A_payload_above_the_threshold_is_stored_as_a_zlib_stream_with_flag_8()
        {
            EncodedValue encoded = new DefaultTranscoder { CompressionThreshold = 1024 }.Encode(new string('a', 1025));

            Assert.Equal(ValueFlags.Text | ValueFlags.Compressed, encoded.Flags);
            Assert.Equal(new byte[] { 0x78, 0x9C }, encoded.Data.Take(2));
            Assert.True(encoded.Data.Count < 100, $"{encoded.Data.Count} bytes");
        }

        [Fact]
        public void A_payload_exactly_at_the_threshold_is_not_compressed()
        {
            Assert.Equal(ValueFlags.Text, new DefaultTranscoder { CompressionThreshold = 1024 }.Encode(new string('a', 1024)).Flags);
        }

        [Fact]
        public void A_payload_that_does_not_shrink_is_stored_uncompressed()
        {
            var noise = new byte[4096];
            new Random(7).NextBytes(noise);

            EncodedValue encoded = new DefaultTranscoder { CompressionThreshold = 1 }.Encode(noise);

            Assert.Equal((ValueFlags.Bytes, 4096), (encoded.Flags, encoded.Data.Count));
        }

        [Fact]
        public void Integers_are_never_compressed_so_incr_and_decr_keep_working()
        {
            Assert.Equal(ValueFlags.Integer, new DefaultTranscoder { CompressionThreshold = 1 }.Encode(1234567890123456789L).Flags);
        }

        [Fact]
        public void JSON_is_compressed_under_the_JSON_flag()
        {
            EncodedValue encoded = new DefaultTranscoder { CompressionThreshold = 100 }.Encode(Enumerable.Repeat("same", 100).ToList());

            Assert.Equal(ValueFlags.Json | ValueFlags.Compressed, encoded.Flags);
        }

        [Fact]
        public void A_compressed_value_reads_back()
        {
            var transcoder = new DefaultTranscoder { CompressionThreshold = 10 };
            string value = string.Concat(Enumerable.Repeat("héllo ☃ ", 500));
            EncodedValue encoded = transcoder.Encode(value);

            Assert.Equal(value, transcoder.Decode(encoded.Data, encoded.Flags));
        }

        [Fact]
        public void A_zlib_stream_written_by_Python_reads_back()
        {
            Assert.Equal("héllo héllo héllo héllo héllo", new DefaultTranscoder().Decode(new ArraySegment<byte>(Bytes(PythonZlibHex)), 24));
        }

        [Fact]
        public void Flag_8_alone_is_compressed_bytes()
        {
            Assert.Equal(Encoding.UTF8.GetBytes("héllo héllo héllo héllo héllo"), new DefaultTranscoder().Decode(new ArraySegment<byte>(Bytes(PythonZlibHex)), 8));
        }

        [Fact]
        public void The_checksum_we_write_is_zlibs_Adler32()
        {
            byte[] wikipedia = Encoding.ASCII.GetBytes("Wikipedia");

            Assert.Equal(0x11E60398u, ZlibCodec.Adler32(wikipedia, 0, wikipedia.Length));
        }

        [Fact]
        public void A_damaged_checksum_is_reported()
        {
            byte[] stored = Bytes(PythonZlibHex);
            stored[^1] ^= 1;

            Assert.Equal(
                "Compressed value (flag 8) is not a valid zlib stream: the Adler-32 checksum does not match (stored 0x1b791009, computed 0x1b791008): the data is truncated or damaged.",
                CorruptError(stored).Message);
        }

        [Fact]
        public void A_truncated_stream_is_reported()
        {
            Assert.Contains("is not a valid zlib stream", CorruptError(Bytes(PythonZlibHex)[..^3]).Message);
        }

        [Fact]
        public void A_header_that_is_not_deflate_is_reported()
        {
            Assert.Contains("names compression method 15, not deflate (8)", CorruptError(Bytes("7f9c0000000000")).Message);
        }

        [Fact]
        public void A_header_with_wrong_check_bits_is_reported()
        {
            Assert.Contains("header check bits are wrong (0x789d", CorruptError(Bytes("789dcb38bc3227275f21033705001b791008")).Message);
        }

        [Fact]
        public void A_stream_that_needs_a_preset_dictionary_is_reported()
        {
            // zlib.compressobj(zdict=b"hello") in CPython.
            Assert.Contains("needs a preset dictionary", CorruptError(Bytes("78bb062c0215cb001100062c0215")).Message);
        }

        [Fact]
        public void Bytes_that_are_not_deflate_data_are_reported()
        {
            Assert.Contains("the deflate data is invalid", CorruptError(Bytes("789cffffffffffff00000000")).Message);
        }

        [Fact]
        public void Too_few_bytes_for_header_and_checksum_are_reported()
        {
            Assert.Contains("2 bytes are too few", CorruptError(Bytes("789c")).Message);
        }

        [Fact]
        public void A_value_that_inflates_beyond_the_limit_is_refused()
        {
            var writer = new DefaultTranscoder { CompressionThreshold = 1 };
            EncodedValue bomb = writer.Encode(new byte[1_000_000]);

            var e = Assert.Throws<MemcachedSerializationException>(() => new DefaultTranscoder { MaxDecompressedSize = 100_000 }.Decode(bomb.Data, bomb.Flags));

            Assert.Contains("inflates to more than the 100000 bytes allowed", e.Message);
        }
    }
}
