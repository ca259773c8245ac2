using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text;
using MemcachePS.Core.Serialization;
using Xunit;
using static MemcachePS.Tests.Unit.Serialization.DecodedValueText;

namespace MemcachePS.Tests.Unit.Serialization
{
    public class PickleReaderTests
    {
        /// <summary>PickleVectors.Composite as read: the same plain data whatever protocol CPython used.</summary>
        private const string CompositeText =
            """{"text": "héllo ☃ 😀", "escapes": "back\\slash\u000anew\u000dline\u0000nul\u001aend", "empty_text": "",""" +
            """ "small": 7L, "medium": 60000L, "negative": -5L, "int32_min": -2147483648L, "int64": 4611686018427387904L,""" +
            """ "big": 1267650600228229401496703205376N, "negative_big": -1180591620717411303424N, "float": 1.5D,""" +
            """ "negative_zero": -0D, "huge": 1E+300D, "infinity": InfinityD, "true": true, "false": false, "none": None,""" +
            """ "bytes": b'00ff6162', "empty_bytes": b'', "bytearray": b'7879', "list": [1L, [2L, 3L], []],""" +
            """ "tuple": (1L, "a"), "empty_tuple": (), "one_tuple": (1L), "three_tuple": (1L, 2L, 3L),""" +
            """ "four_tuple": (1L, 2L, 3L, 4L), "dict": {"k": "v", 2L: "int key"}, "empty_dict": {}, "set": set{1L, 2L},""" +
            """ "frozenset": set{"x"}, "empty_set": set{}}""";

        private static object? Read(string hex) => PickleReader.Read(Convert.FromHexString(hex));

        private static object? ReadLatin1(string pickle) => PickleReader.Read(Encoding.Latin1.GetBytes(pickle));

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void Reads_every_plain_data_type_written_by_CPython_in_protocol(int protocol)
        {
            Assert.Equal(CompositeText, Render(Read(PickleVectors.Composite[protocol])));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void A_memoized_object_referenced_twice_is_one_instance(int protocol)
        {
            var outer = Assert.IsType<List<object?>>(Read(PickleVectors.SharedList[protocol]));

            Assert.Same(outer[0], outer[1]);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void A_list_that_contains_itself_is_rebuilt_as_a_cycle(int protocol)
        {
            var list = Assert.IsType<List<object?>>(Read(PickleVectors.RecursiveList[protocol]));

            Assert.Same(list, Assert.Single(list));
        }

        [Theory]
        [InlineData(0)] // LONG, decimal text
        [InlineData(2)] // LONG4, 263 bytes of two's complement
        [InlineData(5)]
        public void An_integer_of_two_thousand_bits_is_a_BigInteger(int protocol)
        {
            Assert.Equal(BigInteger.Pow(2, 2100), Read(PickleVectors.HugeInteger[protocol]));
        }

        [Theory]
        [InlineData("I01\n.", true)]
        [InlineData("I00\n.", false)]
        public void Protocol_0_INT_01_and_00_are_Python_2_booleans(string pickle, bool expected)
        {
            Assert.Equal(expected, ReadLatin1(pickle));
        }

        [Fact]
        public void Protocol_0_INT_beyond_32_bits_is_an_Int64()
        {
            Assert.Equal(12345678901L, ReadLatin1("I12345678901\n."));
        }

        [Fact]
        public void Protocol_0_LONG_drops_the_trailing_L()
        {
            Assert.Equal(-42L, ReadLatin1("L-42L\n."));
        }

        [Fact]
        public void LONG1_of_zero_bytes_is_zero()
        {
            Assert.Equal(0L, ReadLatin1("\u0080\u0002\u008a\u0000."));
        }

        [Fact]
        public void Python_2_STRING_literal_is_unescaped_and_ASCII_becomes_a_string()
        {
            Assert.Equal("ab\nA'q\\\u0007", ReadLatin1("S'ab\\n\\x41\\'q\\\\\\007'\n."));
        }

        [Fact]
        public void Python_2_STRING_with_bytes_beyond_ASCII_stays_bytes()
        {
            Assert.Equal(new byte[] { 0xC3, 0xA9 }, ReadLatin1("S'\\xc3\\xa9'\n."));
        }

        [Fact]
        public void Python_2_protocol_2_dict_of_str_reads_as_strings()
        {
            // Python 2.7: pickle.dumps({'a': 'b'}, 2)
            Assert.Equal("""{"a": "b"}""", Render(ReadLatin1("\u0080\u0002}q\u0000U\u0001aq\u0001U\u0001bq\u0002s.")));
        }

        [Fact]
        public void BINSTRING_reads_a_four_byte_length()
        {
            Assert.Equal("abc", ReadLatin1("T\u0003\u0000\u0000\u0000abc."));
        }

        [Fact]
        public void BINUNICODE8_reads_an_eight_byte_length()
        {
            Assert.Equal("é", ReadLatin1("\u0080\u0004\u008d\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u00c3\u00a9."));
        }

        [Fact]
        public void BINBYTES8_reads_an_eight_byte_length()
        {
            Assert.Equal(new byte[] { 1, 2 }, ReadLatin1("\u0080\u0004\u008e\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001\u0002."));
        }

        [Fact]
        public void DUP_pushes_the_top_again()
        {
            Assert.Equal("(1L, 1L)", Render(ReadLatin1("\u0080\u0002K\u00012\u0086.")));
        }

        [Fact]
        public void POP_discards_the_top()
        {
            Assert.Equal(1L, ReadLatin1("\u0080\u0002K\u0001K\u00020."));
        }

        [Fact]
        public void POP_MARK_discards_everything_since_the_mark()
        {
            Assert.Null(ReadLatin1("N(K\u0001K\u00021."));
        }

        [Fact]
        public void Bytes_after_STOP_are_ignored_as_Python_ignores_them()
        {
            Assert.Equal(5L, ReadLatin1("K\u0005.trailing"));
        }

        [Fact]
        public void A_pickle_without_STOP_is_an_error()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => ReadLatin1("\u0080\u0004K\u0005"));

            Assert.Contains("ends before its STOP", e.Message);
        }

        [Fact]
        public void A_length_beyond_the_data_is_an_error_before_anything_is_allocated()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => ReadLatin1("\u0080\u0004\u008e\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u007f."));

            Assert.Contains("BINBYTES8 announces 9223372036854775807 bytes but only 1 remain", e.Message);
        }

        [Fact]
        public void An_unknown_opcode_is_an_error_with_its_offset()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => ReadLatin1("\u0080\u0002\u00ff."));

            Assert.Equal("Python pickle is not readable at offset 2: 0xff is not a pickle opcode.", e.Message);
        }

        [Fact]
        public void A_protocol_newer_than_5_is_an_error()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => ReadLatin1("\u0080\u0006N."));

            Assert.Contains("protocol 6 is newer than 5", e.Message);
        }

        [Fact]
        public void GET_of_a_memo_entry_never_stored_is_an_error()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => ReadLatin1("\u0080\u0002h\u0007."));

            Assert.Contains("memo entry 7, which was never stored", e.Message);
        }

        [Fact]
        public void A_str_that_is_not_UTF8_is_an_error()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => ReadLatin1("\u0080\u0004\u008c\u0001\u00ff."));

            Assert.Contains("not valid UTF-8", e.Message);
        }

        [Fact]
        public void APPEND_onto_something_other_than_a_list_is_an_error()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => ReadLatin1("\u0080\u0002}K\u0001a."));

            Assert.Contains("APPEND needs a list on the stack, not a dict", e.Message);
        }
    }
}
