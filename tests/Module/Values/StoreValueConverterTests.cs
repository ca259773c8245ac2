using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Collections.Specialized;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Values;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    public class StoreValueConverterTests
    {
        private static readonly StoreValueConverter Converter = new StoreValueConverter();

        [Theory]
        [InlineData("text")]
        [InlineData(42)]
        [InlineData(42L)]
        [InlineData(3.5)]
        [InlineData(true)]
        public void Scalars_pass_through_for_the_transcoder(object value)
        {
            Assert.Equal(value, Converter.Convert(value));
        }

        [Fact]
        public void Byte_arrays_stay_bytes()
        {
            var bytes = new byte[] { 1, 2, 3 };

            Assert.Same(bytes, Converter.Convert(bytes));
        }

        [Fact]
        public void PSObject_wrappers_are_unwrapped_at_every_level()
        {
            var value = PSObject.AsPSObject(new Hashtable { ["n"] = PSObject.AsPSObject(5) });

            var result = Assert.IsType<Dictionary<string, object?>>(Converter.Convert(value));

            Assert.Equal(5, result["n"]);
        }

        [Fact]
        public void A_hashtable_becomes_a_string_keyed_dictionary()
        {
            var result = Assert.IsType<Dictionary<string, object?>>(Converter.Convert(new Hashtable { ["a"] = 1, ["2"] = "two" }));

            Assert.Equal(1, result["a"]);
            Assert.Equal("two", result["2"]);
        }

        // Changed deliberately (issue 11): a key 2 used to be stored as the name "2" and read back as a string key,
        // and keys 1 and '1' collapsed into one.
        [Fact]
        public void A_key_that_is_not_a_string_is_refused()
        {
            var error = Assert.Throws<MemcachedClientException>(() => Converter.Convert(new Hashtable { ["a"] = 1, [2] = "two" }));

            Assert.Contains("[System.Int32]", error.Message);
        }

        [Fact]
        public void A_float_is_widened_to_the_double_of_the_same_value()
        {
            Assert.Equal((double)0.1f, Assert.IsType<double>(Converter.Convert(0.1f)));
        }

        [Fact]
        public void An_ordered_dictionary_keeps_its_order()
        {
            var ordered = new OrderedDictionary { ["z"] = 1, ["a"] = 2, ["m"] = 3 };

            var result = Assert.IsType<Dictionary<string, object?>>(Converter.Convert(ordered));

            Assert.Equal(new[] { "z", "a", "m" }, result.Keys);
        }

        [Fact]
        public void A_PSCustomObject_becomes_its_name_value_pairs_in_property_order()
        {
            var bag = new PSObject();
            bag.Properties.Add(new PSNoteProperty("Name", "web01"));
            bag.Properties.Add(new PSNoteProperty("Port", PSObject.AsPSObject(80)));

            var result = Assert.IsType<List<KeyValuePair<string, object?>>>(Converter.Convert(bag));

            Assert.Equal(new[] { "Name", "Port" }, result.Select(p => p.Key));
            Assert.Equal(80, result[1].Value);
            Assert.Equal("{\"Name\":\"web01\",\"Port\":80}", new MemcachePS.Core.Serialization.JsonValueWriter().Write(result));
        }

        [Fact]
        public void Arrays_become_lists_of_converted_elements()
        {
            var result = Assert.IsType<List<object?>>(Converter.Convert(new object[] { 1, "x", new Hashtable { ["k"] = "v" } }));

            Assert.Equal(1, result[0]);
            Assert.Equal("x", result[1]);
            Assert.IsType<Dictionary<string, object?>>(result[2]);
        }

        [Fact]
        public void Dates_guids_and_enums_become_invariant_text()
        {
            var date = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);

            Assert.Equal("2024-05-06T07:08:09.0000000Z", Converter.Convert(date));
            Assert.Equal("00000000-0000-0000-0000-000000000001", Converter.Convert(new Guid("00000000-0000-0000-0000-000000000001")));
            Assert.Equal("Friday", Converter.Convert(DayOfWeek.Friday));
            Assert.Equal("01:30:00", Converter.Convert(TimeSpan.FromMinutes(90)));
            Assert.Equal("c", Converter.Convert('c'));
        }

        [Fact]
        public void Null_stays_null()
        {
            Assert.Null(Converter.Convert(null));
        }

        [Fact]
        public void An_object_without_a_portable_form_is_refused_with_advice()
        {
            var error = Assert.Throws<MemcachedClientException>(() => Converter.Convert(new System.IO.MemoryStream()));

            Assert.Contains("CliXml", error.Message);
        }

        [Fact]
        public void A_structure_that_contains_itself_is_refused()
        {
            var table = new Hashtable();
            table["self"] = table;

            Assert.Throws<MemcachedClientException>(() => Converter.Convert(table));
        }
    }
}
