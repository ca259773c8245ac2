using System.Collections.Specialized;
using System.Numerics;
using MemcachePS.Core.Serialization;
using Xunit;
using static MemcachePS.Tests.Unit.Serialization.DecodedValueText;

namespace MemcachePS.Tests.Unit.Serialization
{
    public class JsonValueReaderTests
    {
        private static object? Read(string json) => new JsonValueReader().Read(json);

        private static string ErrorOf(string json) => Assert.Throws<MemcachedSerializationException>(() => Read(json)).Message;

        [Theory]
        [InlineData("true", "true")]
        [InlineData("false", "false")]
        [InlineData("null", "None")]
        [InlineData("\"s\"", "\"s\"")]
        [InlineData("0", "0L")]
        [InlineData("-0", "0L")]
        [InlineData("-12", "-12L")]
        [InlineData("1.5", "1.5D")]
        [InlineData("3.0", "3D")]
        [InlineData("1e3", "1000D")]
        [InlineData("1E+2", "100D")]
        [InlineData("2.5e-3", "0.0025D")]
        [InlineData(" \t\r\n[ 1 , { } ]\n", "[1L, {}]")]
        public void Reads_each_kind_of_value(string json, string expected)
        {
            Assert.Equal(expected, Render(Read(json)));
        }

        [Theory]
        [InlineData("9223372036854775807", "9223372036854775807L")]
        [InlineData("-9223372036854775808", "-9223372036854775808L")]
        [InlineData("9223372036854775808", "9223372036854775808N")]
        [InlineData("-123456789012345678901234567890", "-123456789012345678901234567890N")]
        public void Integers_are_Int64_when_they_fit_and_BigInteger_beyond(string json, string expected)
        {
            Assert.Equal(expected, Render(Read(json)));
        }

        [Fact]
        public void A_number_beyond_the_range_of_a_double_is_an_error()
        {
            Assert.Equal("Invalid JSON at offset 0 (line 1, column 1): the number 1e400 is beyond the range of a double.", ErrorOf("1e400"));
        }

        [Fact]
        public void String_escapes_are_decoded()
        {
            Assert.Equal("\"/\\\b\f\n\r\té", Read("\"\\\"\\/\\\\\\b\\f\\n\\r\\t\\u00e9\""));
        }

        [Fact]
        public void A_surrogate_pair_escape_becomes_one_character_outside_the_BMP()
        {
            Assert.Equal("😀", Read("\"\\ud83d\\ude00\""));
        }

        [Fact]
        public void A_lone_surrogate_escape_is_kept_as_that_code_unit()
        {
            Assert.Equal("\ud800", Read("\"\\uD800\""));
        }

        [Fact]
        public void Characters_beyond_ASCII_need_no_escape()
        {
            Assert.Equal("é☃😀", Read("\"é☃😀\""));
        }

        [Fact]
        public void Object_member_order_is_kept()
        {
            var dict = Assert.IsType<OrderedDictionary>(Read("{\"z\":1,\"a\":{\"y\":[],\"b\":null},\"m\":\"x\"}"));

            Assert.Equal("{\"z\": 1L, \"a\": {\"y\": [], \"b\": None}, \"m\": \"x\"}", Render(dict));
        }

        [Fact]
        public void Member_names_differing_only_in_case_are_two_members()
        {
            Assert.Equal("{\"a\": 1L, \"A\": 2L}", Render(Read("{\"a\":1,\"A\":2}")));
        }

        [Fact]
        public void A_duplicate_member_name_is_an_error_at_its_second_occurrence()
        {
            Assert.Equal("Invalid JSON at offset 7 (line 1, column 8): the member name \"a\" appears twice in one object.", ErrorOf("{\"a\":1,\"a\":2}"));
        }

        [Theory]
        [InlineData("", "Invalid JSON at offset 0 (line 1, column 1): the document is empty.")]
        [InlineData("   ", "Invalid JSON at offset 3 (line 1, column 4): the document is empty.")]
        [InlineData("[1,]", "Invalid JSON at offset 3 (line 1, column 4): unexpected ']' where a value belongs.")]
        [InlineData("{\"a\":1,}", "Invalid JSON at offset 7 (line 1, column 8): unexpected '}' where a member name (a string) belongs.")]
        [InlineData("{a:1}", "Invalid JSON at offset 1 (line 1, column 2): unexpected 'a' where a member name (a string) belongs.")]
        [InlineData("{\"a\" 1}", "Invalid JSON at offset 5 (line 1, column 6): unexpected '1' where ':' belongs after a member name.")]
        [InlineData("[1 2]", "Invalid JSON at offset 3 (line 1, column 4): unexpected '2' where ',' or ']' belongs.")]
        [InlineData("01", "Invalid JSON at offset 0 (line 1, column 1): a number must not have a leading zero.")]
        [InlineData("1.", "Invalid JSON at offset 2 (line 1, column 3): a decimal point must be followed by a digit.")]
        [InlineData(".5", "Invalid JSON at offset 0 (line 1, column 1): unexpected '.' where a value belongs.")]
        [InlineData("1e", "Invalid JSON at offset 2 (line 1, column 3): an exponent needs at least one digit.")]
        [InlineData("-", "Invalid JSON at offset 1 (line 1, column 2): '-' must be followed by a digit.")]
        [InlineData("+1", "Invalid JSON at offset 0 (line 1, column 1): unexpected '+' where a value belongs.")]
        [InlineData("NaN", "Invalid JSON at offset 0 (line 1, column 1): unexpected 'N' where a value belongs.")]
        [InlineData("Infinity", "Invalid JSON at offset 0 (line 1, column 1): unexpected 'I' where a value belongs.")]
        [InlineData("tru", "Invalid JSON at offset 0 (line 1, column 1): unexpected 't' where a value belongs.")]
        [InlineData("'a'", "Invalid JSON at offset 0 (line 1, column 1): unexpected ''' where a value belongs.")]
        [InlineData("\"a\tb\"", "Invalid JSON at offset 2 (line 1, column 3): control character U+0009 must be escaped inside a string.")]
        [InlineData("\"\\x41\"", "Invalid JSON at offset 1 (line 1, column 2): '\\x' is not a JSON escape (only \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX are).")]
        [InlineData("\"\\u12\"", "Invalid JSON at offset 1 (line 1, column 2): a \\u escape needs four hex digits.")]
        [InlineData("\"abc", "Invalid JSON at offset 0 (line 1, column 1): the string is not closed.")]
        [InlineData("[1] 2", "Invalid JSON at offset 4 (line 1, column 5): unexpected '2' after the end of the value.")]
        [InlineData("[1", "Invalid JSON at offset 2 (line 1, column 3): unexpected end of the document where ',' or ']' belongs.")]
        [InlineData("// c\n1", "Invalid JSON at offset 0 (line 1, column 1): unexpected '/' where a value belongs.")]
        [InlineData("\ufeff1", "Invalid JSON at offset 0 (line 1, column 1): unexpected character U+FEFF where a value belongs.")]
        public void Invalid_input_is_refused_with_its_position(string json, string expected)
        {
            Assert.Equal(expected, ErrorOf(json));
        }

        [Fact]
        public void The_position_of_an_error_counts_lines_and_columns()
        {
            Assert.Equal("Invalid JSON at offset 9 (line 2, column 8): unexpected 'x' where a value belongs.", ErrorOf("{\n  \"a\": x\n}"));
        }

        [Fact]
        public void An_integer_with_more_digits_than_Python_converts_is_refused()
        {
            Assert.Contains("has 4301 digits, more than the 4300 read", ErrorOf(new string('9', 4301)));
        }

        [Fact]
        public void Nesting_up_to_MaxDepth_is_read()
        {
            Assert.Equal("[[[]]]", Render(new JsonValueReader { MaxDepth = 3 }.Read("[[[]]]")));
        }

        [Fact]
        public void Nesting_beyond_MaxDepth_is_refused_instead_of_exhausting_the_stack()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => new JsonValueReader().Read(new string('[', 100_000)));

            Assert.Equal("Invalid JSON at offset 64 (line 1, column 65): nesting is deeper than 64 levels (MaxDepth).", e.Message);
        }
    }
}
