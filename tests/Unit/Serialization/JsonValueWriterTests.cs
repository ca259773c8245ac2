using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Dynamic;
using System.Numerics;
using MemcachePS.Core.Serialization;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization
{
    public class JsonValueWriterTests
    {
        private static string Write(object? value) => new JsonValueWriter().Write(value);

        public sealed record Person(string Name, int Age);

        public sealed class WithHiddenMembers
        {
            public string Visible { get; set; } = "yes";
            public string WriteOnly { set { } }
            public static string Static => "no";
            internal string Internal => "no";
            public string this[int i] => "no";
        }

        public sealed class ThrowingGetter
        {
            public int Broken => throw new InvalidOperationException("boom");
        }

        public sealed class Node
        {
            public Node? Next { get; set; }
        }

        public enum Color : byte { Red = 1, Blue = 200 }

        [Fact]
        public void Strings_escape_quotes_backslashes_and_control_characters()
        {
            Assert.Equal("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\"", Write("a\"b\\c\n\r\t\b\f\u0001\u001f"));
        }

        [Fact]
        public void Characters_beyond_ASCII_are_written_as_they_are()
        {
            Assert.Equal("\"é☃😀/\"", Write("é☃😀/"));
        }

        [Fact]
        public void A_lone_surrogate_is_written_as_an_escape_because_UTF8_has_no_form_for_it()
        {
            Assert.Equal("\"\\ud800x\\udc00\"", Write("\ud800x\udc00"));
        }

        [Theory]
        [InlineData(42, "42")]
        [InlineData(long.MinValue, "-9223372036854775808")]
        [InlineData(ulong.MaxValue, "18446744073709551615")]
        [InlineData((sbyte)-5, "-5")]
        [InlineData((ushort)65535, "65535")]
        public void Integers_are_written_in_decimal(object value, string expected)
        {
            Assert.Equal(expected, Write(value));
        }

        [Fact]
        public void A_BigInteger_is_written_with_all_its_digits()
        {
            Assert.Equal("1267650600228229401496703205376", Write(BigInteger.Pow(2, 100)));
        }

        [Theory]
        [InlineData(1.5, "1.5")]
        [InlineData(3.0, "3.0")]
        [InlineData(1e20, "1E+20")]
        [InlineData(-0.0, "-0.0")]
        [InlineData(0.1, "0.1")]
        [InlineData(5e-324, "5E-324")]
        public void Doubles_are_written_shortest_and_always_look_like_floating_point(double value, string expected)
        {
            Assert.Equal(expected, Write(value));
        }

        [Fact]
        public void A_float_is_written_as_its_shortest_decimal()
        {
            Assert.Equal("0.1", Write(0.1f));
        }

        [Fact]
        public void A_decimal_keeps_its_digits()
        {
            Assert.Equal("1.50", Write(1.50m));
        }

        [Fact]
        public void NaN_is_refused_with_its_path()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => Write(new object[] { 1, double.NaN }));

            Assert.Equal("JSON has no form for NaN (at $[1]).", e.Message);
        }

        [Fact]
        public void Booleans_null_and_DBNull_are_literals()
        {
            Assert.Equal("[true,false,null,null]", Write(new object?[] { true, false, null, DBNull.Value }));
        }

        [Fact]
        public void Dates_are_ISO_8601_round_trip_strings()
        {
            var values = new object[]
            {
                new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            };

            Assert.Equal("[\"2024-01-02T03:04:05.0000000Z\",\"2024-01-02T03:04:05.0000000+02:00\"]", Write(values));
        }

        [Fact]
        public void Guid_TimeSpan_Uri_and_Version_are_strings()
        {
            var values = new object[] { new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), TimeSpan.FromSeconds(90), new Uri("https://example.org/a?b=c"), new Version(1, 2, 3) };

            Assert.Equal("[\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"00:01:30\",\"https://example.org/a?b=c\",\"1.2.3\"]", Write(values));
        }

        [Fact]
        public void An_enum_is_its_underlying_number()
        {
            Assert.Equal("[1,200]", Write(new[] { Color.Red, Color.Blue }));
        }

        [Fact]
        public void A_byte_array_is_a_base64_string()
        {
            Assert.Equal("\"AAH/\"", Write(new byte[] { 0, 1, 255 }));
        }

        [Fact]
        public void An_sbyte_array_is_numbers_although_the_CLR_lets_it_pass_for_a_byte_array()
        {
            Assert.Equal("[-1,2]", Write(new sbyte[] { -1, 2 }));
        }

        [Fact]
        public void A_dictionary_keeps_its_enumeration_order()
        {
            var ordered = new OrderedDictionary { ["z"] = 1, ["a"] = 2, ["m"] = 3 };

            Assert.Equal("{\"z\":1,\"a\":2,\"m\":3}", Write(ordered));
        }

        [Fact]
        public void Dictionary_keys_that_are_numbers_become_their_decimal_names()
        {
            Assert.Equal("{\"1\":\"one\",\"2\":\"two\"}", Write(new SortedDictionary<int, string> { [2] = "two", [1] = "one" }));
        }

        [Fact]
        public void A_dictionary_key_with_no_JSON_name_is_refused()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => Write(new Hashtable { [new object()] = 1 }));

            Assert.Contains("dictionary key of type System.Object at $", e.Message);
        }

        [Fact]
        public void Sequences_are_arrays_at_any_depth()
        {
            Assert.Equal("[[1,2],[],[\"x\"]]", Write(new List<object> { new[] { 1, 2 }, new ArrayList(), new List<string> { "x" } }));
        }

        [Fact]
        public void An_object_is_written_by_its_public_properties()
        {
            Assert.Equal("{\"Name\":\"Ada\",\"Age\":36}", Write(new Person("Ada", 36)));
        }

        [Fact]
        public void An_anonymous_object_is_written_by_its_properties_recursively()
        {
            Assert.Equal("{\"id\":7,\"tags\":[\"a\"],\"owner\":{\"Name\":\"Bo\",\"Age\":5}}", Write(new { id = 7, tags = new[] { "a" }, owner = new Person("Bo", 5) }));
        }

        [Fact]
        public void Write_only_static_non_public_and_indexed_properties_are_left_out()
        {
            Assert.Equal("{\"Visible\":\"yes\"}", Write(new WithHiddenMembers()));
        }

        [Fact]
        public void A_property_getter_that_throws_is_reported_by_name()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => Write(new { inner = new ThrowingGetter() }));

            Assert.Contains("ThrowingGetter.Broken at $.inner failed: boom", e.Message);
        }

        [Fact]
        public void An_object_with_no_public_properties_is_refused_rather_than_written_empty()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => Write(new object()));

            Assert.Equal("System.Object at $ has no public properties to write as JSON.", e.Message);
        }

        [Fact]
        public void An_ExpandoObject_is_written_as_an_object()
        {
            dynamic expando = new ExpandoObject();
            expando.a = 1;
            expando.b = "two";

            Assert.Equal("{\"a\":1,\"b\":\"two\"}", Write((object)expando));
        }

        [Fact]
        public void A_dictionary_that_contains_itself_is_refused_with_the_path_of_the_cycle()
        {
            var dict = new OrderedDictionary();
            dict["self"] = dict;

            var e = Assert.Throws<MemcachedSerializationException>(() => Write(dict));

            Assert.StartsWith("The value refers back to itself at $.self ", e.Message);
        }

        [Fact]
        public void An_object_cycle_through_properties_is_refused()
        {
            var a = new Node();
            a.Next = new Node { Next = a };

            var e = Assert.Throws<MemcachedSerializationException>(() => Write(a));

            Assert.Contains("at $.Next.Next ", e.Message);
        }

        [Fact]
        public void An_array_index_in_the_path_of_an_error_is_written_as_an_index()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => Write(new Dictionary<string, object?> { ["a"] = new object[] { 1, double.NaN } }));

            Assert.Contains("(at $.a[1])", e.Message);
        }

        /// <summary>
        /// The UTF-8 writer keeps one buffer per thread between values: a value that failed half written, or one larger
        /// than the buffer it keeps, must leave nothing behind for the next.
        /// </summary>
        [Fact]
        public void The_UTF8_writer_starts_clean_after_a_failure_and_after_a_large_value()
        {
            var writer = new JsonValueWriter();
            var cycle = new OrderedDictionary();
            cycle["x"] = "before the cycle";
            cycle["self"] = cycle;
            var small = new Dictionary<string, object?> { ["é"] = "ü\"quote\"", ["n"] = 1 };
            const string smallJson = "{\"é\":\"ü\\\"quote\\\"\",\"n\":1}";

            Assert.Throws<MemcachedSerializationException>(() => writer.WriteUtf8(cycle, rootAdapted: false));
            Assert.Equal(smallJson, System.Text.Encoding.UTF8.GetString(writer.WriteUtf8(small, rootAdapted: false)));
            var large = new string('x', 200_000);
            Assert.Equal("\"" + large + "\"", System.Text.Encoding.UTF8.GetString(writer.WriteUtf8(large, rootAdapted: false)));
            Assert.Equal(smallJson, System.Text.Encoding.UTF8.GetString(writer.WriteUtf8(small, rootAdapted: false)));
            Assert.Equal(writer.Write(small), System.Text.Encoding.UTF8.GetString(writer.WriteUtf8(small, rootAdapted: false)));
        }

        [Fact]
        public void The_same_object_in_two_places_is_not_a_cycle()
        {
            var shared = new[] { 1 };

            Assert.Equal("[[1],[1]]", Write(new object[] { shared, shared }));
        }

        [Fact]
        public void Nesting_up_to_MaxDepth_is_written()
        {
            Assert.Equal(new string('[', 3) + new string(']', 3), new JsonValueWriter { MaxDepth = 3 }.Write(Nested(3)));
        }

        [Fact]
        public void Nesting_beyond_MaxDepth_is_refused()
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => new JsonValueWriter { MaxDepth = 3 }.Write(Nested(4)));

            Assert.StartsWith("JSON nesting is deeper than 3 levels at $[0][0][0]", e.Message);
        }

        [Fact]
        public void The_value_adapter_sees_every_nested_value()
        {
            var writer = new JsonValueWriter { ValueAdapter = v => v is int i ? i * 10 : v };

            Assert.Equal("{\"a\":[10,20]}", writer.Write(new Dictionary<string, object> { ["a"] = new List<int> { 1, 2 } }));
        }

        private static object Nested(int levels)
        {
            object value = new List<object>();
            for (int i = 1; i < levels; i++) value = new List<object> { value };
            return value;
        }
    }
}
