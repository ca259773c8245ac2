using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Numerics;
using System.Text;
using MemcachePS.Core.Serialization;
using Xunit;
using static MemcachePS.Tests.Unit.Serialization.DecodedValueText;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>What each stored flags value decodes to (docs/FLAGS.md, "read by MemcachePS").</summary>
    public class DefaultTranscoderDecodeTests
    {
        private static object? Decode(string text, uint flags) =>
            new DefaultTranscoder().Decode(new ArraySegment<byte>(Encoding.UTF8.GetBytes(text)), flags);

        private static object? Decode(byte[] bytes, uint flags) => new DefaultTranscoder().Decode(new ArraySegment<byte>(bytes), flags);

        [Fact]
        public void Flag_0_is_a_copy_of_the_bytes_of_the_segment()
        {
            var buffer = new byte[] { 9, 1, 2, 9 };

            var decoded = Assert.IsType<byte[]>(new DefaultTranscoder().Decode(new ArraySegment<byte>(buffer, 1, 2), 0));

            Assert.Equal(new byte[] { 1, 2 }, decoded);
            buffer[1] = 7;
            Assert.Equal(1, decoded[0]);
        }

        [Fact]
        public void Flag_16_is_UTF8_text()
        {
            Assert.Equal("héllo ☃ 😀", Decode("héllo ☃ 😀", 16));
        }

        [Fact]
        public void Flag_16_with_invalid_UTF8_is_an_error_that_names_the_flags()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => Decode(new byte[] { 0x61, 0xFF }, 16));

            Assert.StartsWith("A value with flags 16 (text) is not valid UTF-8", e.Message);
        }

        [Theory]
        [InlineData("42", 2u, "42L")]
        [InlineData("-42", 2u, "-42L")]
        [InlineData("42", 4u, "42L")]
        [InlineData("9223372036854775808", 4u, "9223372036854775808N")]
        [InlineData("9 ", 2u, "9L")]
        public void Flags_2_and_4_are_decimal_integers(string text, uint flags, string expected)
        {
            Assert.Equal(expected, Render(Decode(text, flags)));
        }

        [Fact]
        public void Flag_2_with_text_that_is_not_a_number_is_an_error()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => Decode("4x", 2));

            Assert.Equal("A value with flags 2 (integer) is not a decimal integer: it has 'x' where a digit belongs.", e.Message);
        }

        [Fact]
        public void Flag_1_is_read_as_a_pickle()
        {
            // pymemcache: pickle.dumps({"a": 1}, 5)
            Assert.Equal("{\"a\": 1L}", Render(Decode(Convert.FromHexString("80059509000000000000007d948c0161944b01732e"), 1)));
        }

        [Fact]
        public void The_JSON_flag_is_read_as_JSON()
        {
            Assert.Equal("{\"a\": [1L, 2.5D, None]}", Render(Decode("{\"a\":[1,2.5,null]}", ValueFlags.Json)));
        }

        [Fact]
        public void The_CliXml_flag_is_CliXml_text()
        {
            Assert.Equal(new CliXmlText("<Objs/>"), Decode("<Objs/>", ValueFlags.CliXml));
        }

        [Theory]
        [InlineData(3u)] // pickle | int: no client writes two type bits
        [InlineData(32u)]
        [InlineData(16u | 32u)]
        [InlineData(ValueFlags.JsonMarker)] // our marker without the text bit
        [InlineData(0xFA52u)] // EnyimMemcached's raw-bytes flag
        [InlineData(0x40u | 8u)] // an unknown scheme's bit 8 need not mean zlib
        public void Unknown_flags_return_the_stored_bytes_untouched(uint flags)
        {
            Assert.Equal(new byte[] { 0x78, 0x9C, 1 }, Decode(new byte[] { 0x78, 0x9C, 1 }, flags));
        }

        [Fact]
        public void An_empty_default_segment_decodes_as_empty_bytes()
        {
            Assert.Equal(Array.Empty<byte>(), new DefaultTranscoder().Decode(default, 0));
        }

        public static TheoryData<object?, string> RoundTrips => new TheoryData<object?, string>
        {
            { "héllo", "\"héllo\"" },
            { "", "\"\"" },
            { new byte[] { 0, 255 }, "b'00ff'" },
            { 42, "42L" },
            { long.MinValue, "-9223372036854775808L" },
            { ulong.MaxValue, "18446744073709551615N" },
            { true, "1L" },
            { 2.5, "2.5D" },
            { 3.0, "3D" },
            { null, "None" },
            { new Dictionary<string, object?> { ["b"] = 1, ["a"] = new List<object?> { "x", null } }, "{\"b\": 1L, \"a\": [\"x\", None]}" },
            { new CliXmlText("<Objs/>"), "clixml(\"<Objs/>\")" },
        };

        [Theory]
        [MemberData(nameof(RoundTrips))]
        public void A_value_reads_back_as_its_stored_form(object? value, string expected)
        {
            var transcoder = new DefaultTranscoder();
            EncodedValue encoded = transcoder.Encode(value);

            Assert.Equal(expected, Render(transcoder.Decode(encoded.Data, encoded.Flags)));
        }
    }
}
