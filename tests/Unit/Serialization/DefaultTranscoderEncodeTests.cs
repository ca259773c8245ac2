using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Numerics;
using System.Text;
using MemcachePS.Core.Serialization;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>Which flags and bytes each .NET type is stored with (docs/FLAGS.md, "written by MemcachePS").</summary>
    public class DefaultTranscoderEncodeTests
    {
        private enum Small : byte { Seven = 7 }

        private static (uint Flags, string Text) Encode(object? value)
        {
            EncodedValue encoded = new DefaultTranscoder().Encode(value);
            return (encoded.Flags, Encoding.UTF8.GetString(encoded.Data.Array!, encoded.Data.Offset, encoded.Data.Count));
        }

        public static TheoryData<object, uint, string> Integers => new TheoryData<object, uint, string>
        {
            { 42, 2u, "42" },
            { -7L, 2u, "-7" },
            { (short)-300, 2u, "-300" },
            { (byte)255, 2u, "255" },
            { (sbyte)-128, 2u, "-128" },
            { (ushort)65535, 2u, "65535" },
            { uint.MaxValue, 2u, "4294967295" },
            { ulong.MaxValue, 2u, "18446744073709551615" },
            { BigInteger.Pow(2, 80), 2u, "1208925819614629174706176" },
            { Small.Seven, 2u, "7" },
        };

        [Theory]
        [MemberData(nameof(Integers))]
        public void Integers_are_ASCII_decimal_with_flag_2_as_pymemcache_and_python_memcached_write_int(object value, uint flags, string text)
        {
            Assert.Equal((flags, text), Encode(value));
        }

        [Theory]
        [InlineData(true, "1")]
        [InlineData(false, "0")]
        public void Booleans_are_1_or_0_with_flag_2_as_pylibmc_writes_them(bool value, string text)
        {
            Assert.Equal((ValueFlags.Integer, text), Encode(value));
        }

        [Fact]
        public void A_string_is_UTF8_with_flag_16()
        {
            Assert.Equal((ValueFlags.Text, "héllo ☃ 😀"), Encode("héllo ☃ 😀"));
        }

        [Fact]
        public void A_string_with_an_unpaired_surrogate_is_refused_because_UTF8_cannot_hold_it()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => new DefaultTranscoder().Encode("a\ud800"));

            Assert.Equal("The string holds an unpaired surrogate at index 1, which has no UTF-8 form.", e.Message);
        }

        [Fact]
        public void A_byte_array_is_stored_as_it_is_with_flag_0()
        {
            var bytes = new byte[] { 0, 13, 10, 255 };

            EncodedValue encoded = new DefaultTranscoder().Encode(bytes);

            Assert.Equal(ValueFlags.Bytes, encoded.Flags);
            Assert.Same(bytes, encoded.Data.Array);
        }

        [Fact]
        public void A_byte_segment_is_stored_as_that_segment_with_flag_0()
        {
            var segment = new ArraySegment<byte>(new byte[] { 1, 2, 3, 4 }, 1, 2);

            EncodedValue encoded = new DefaultTranscoder().Encode(segment);

            Assert.Equal((ValueFlags.Bytes, segment), (encoded.Flags, encoded.Data));
        }

        [Fact]
        public void Dates_GUIDs_TimeSpans_and_chars_are_text()
        {
            Assert.Equal(
                new[] { (16u, "2024-01-02T03:04:05.0000000Z"), (16u, "0f8fad5b-d9cb-469f-a165-70867728950e"), (16u, "1.02:03:04"), (16u, "x") },
                new[] { Encode(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc)), Encode(new Guid("0f8fad5b-d9cb-469f-a165-70867728950e")), Encode(new TimeSpan(1, 2, 3, 4)), Encode('x') });
        }

        [Theory]
        [InlineData(2.5, "2.5")]
        [InlineData(3.0, "3.0")]
        public void A_double_is_a_JSON_number_with_the_JSON_flag(double value, string text)
        {
            Assert.Equal((ValueFlags.Json, text), Encode(value));
        }

        [Fact]
        public void A_decimal_is_a_JSON_number_keeping_its_digits()
        {
            Assert.Equal((ValueFlags.Json, "1.50"), Encode(1.50m));
        }

        [Fact]
        public void Null_is_JSON_null()
        {
            Assert.Equal((ValueFlags.Json, "null"), Encode(null));
        }

        [Fact]
        public void A_dictionary_is_a_JSON_object_in_its_order()
        {
            var dict = new OrderedDictionary { ["name"] = "x", ["n"] = 1, ["list"] = new[] { 1.5 } };

            Assert.Equal((ValueFlags.Json, "{\"name\":\"x\",\"n\":1,\"list\":[1.5]}"), Encode(dict));
        }

        [Fact]
        public void A_list_is_a_JSON_array()
        {
            Assert.Equal((ValueFlags.Json, "[1,\"two\",null]"), Encode(new List<object?> { 1, "two", null }));
        }

        [Fact]
        public void An_object_is_a_JSON_object_of_its_properties()
        {
            Assert.Equal((ValueFlags.Json, "{\"Id\":3,\"Tags\":[\"a\"]}"), Encode(new { Id = 3, Tags = new[] { "a" } }));
        }

        [Fact]
        public void CliXml_text_is_UTF8_with_the_CliXml_flag()
        {
            Assert.Equal((ValueFlags.CliXml, "<Objs/>"), Encode(new CliXmlText("<Objs/>")));
        }

        [Fact]
        public void The_value_adapter_is_called_once_for_each_value_of_a_JSON_document()
        {
            var seen = new List<object>();
            var transcoder = new DefaultTranscoder { ValueAdapter = v => { seen.Add(v); return v is int i ? i * 10 : v; } };

            EncodedValue encoded = transcoder.Encode(new List<object> { 1, 2 });

            Assert.Equal(("[10,20]", 3), (Encoding.UTF8.GetString(encoded.Data), seen.Count));
        }

        [Fact]
        public void The_value_adapter_decides_the_type_before_the_flags_are_chosen()
        {
            var transcoder = new DefaultTranscoder { ValueAdapter = v => v is Uri u ? u.Host : v };

            Assert.Equal(ValueFlags.Text, transcoder.Encode(new Uri("https://example.org/")).Flags);
        }
    }
}
