using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Values;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    public class ReadValueConverterTests
    {
        [Fact]
        public void Maps_become_PSCustomObjects_with_their_keys_as_properties_in_order()
        {
            var decoded = new Dictionary<string, object?> { ["Zeta"] = 1L, ["alpha"] = "a", ["nested"] = new Dictionary<string, object?> { ["x"] = 2L } };

            var result = Assert.IsType<PSObject>(ReadValueConverter.Convert(decoded));

            Assert.IsType<PSCustomObject>(result.BaseObject);
            Assert.Equal(new[] { "Zeta", "alpha", "nested" }, result.Properties.Select(p => p.Name).ToArray());
            Assert.Equal(1L, result.Properties["zeta"].Value);
            Assert.Equal(2L, Assert.IsType<PSObject>(result.Properties["nested"].Value).Properties["x"].Value);
        }

        [Fact]
        public void AsHashtable_gives_ordered_case_insensitive_dictionaries()
        {
            var decoded = new Dictionary<string, object?> { ["Zeta"] = 1L, ["alpha"] = new Dictionary<string, object?> { ["x"] = 2L } };

            var result = Assert.IsType<OrderedDictionary>(ReadValueConverter.Convert(decoded, asHashtable: true));

            Assert.Equal(1L, result["zeta"]);
            Assert.Equal(2L, Assert.IsType<OrderedDictionary>(result["ALPHA"])["X"]);
            Assert.Equal(new object[] { "Zeta", "alpha" }, new List<object>(System.Linq.Enumerable.Cast<object>(result.Keys)));
        }

        [Fact]
        public void A_map_an_object_cannot_hold_stays_a_dictionary()
        {
            Assert.IsType<OrderedDictionary>(ReadValueConverter.Convert(new Dictionary<object, object?> { [1L] = "one" }));
            Assert.IsType<OrderedDictionary>(ReadValueConverter.Convert(new Dictionary<string, object?> { [""] = "empty name" }));
        }

        [Fact]
        public void Keys_that_differ_only_in_case_stay_apart()
        {
            var decoded = new Dictionary<string, object?> { ["a"] = 1L, ["A"] = 2L };

            var result = Assert.IsType<OrderedDictionary>(ReadValueConverter.Convert(decoded));

            Assert.Equal(1L, result["a"]);
            Assert.Equal(2L, result["A"]);
        }

        [Fact]
        public void Lists_become_object_arrays_recursively()
        {
            var decoded = new List<object?> { 1L, new List<object?> { "x" }, new Dictionary<string, object?> { ["k"] = null } };

            var result = Assert.IsType<object[]>(ReadValueConverter.Convert(decoded));

            Assert.Equal(1L, result[0]);
            Assert.Equal(new object[] { "x" }, result[1]);
            Assert.IsType<PSObject>(result[2]);
        }

        [Fact]
        public void Text_numbers_and_bytes_are_left_alone()
        {
            var bytes = new byte[] { 1 };

            Assert.Equal("s", ReadValueConverter.Convert("s"));
            Assert.Equal(7L, ReadValueConverter.Convert(7L));
            Assert.Same(bytes, ReadValueConverter.Convert(bytes));
            Assert.Null(ReadValueConverter.Convert(null));
        }
    }
}
