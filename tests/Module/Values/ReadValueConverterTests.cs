using System.Collections.Generic;
using System.Collections.Specialized;
using MemcachePS.Values;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    public class ReadValueConverterTests
    {
        [Fact]
        public void Dictionaries_become_ordered_case_insensitive_dictionaries()
        {
            var decoded = new Dictionary<string, object?> { ["Zeta"] = 1L, ["alpha"] = "a" };

            var result = Assert.IsType<OrderedDictionary>(ReadValueConverter.Convert(decoded));

            Assert.Equal(1L, result["zeta"]);
            Assert.Equal("a", result["ALPHA"]);
            Assert.Equal(new object[] { "Zeta", "alpha" }, new List<object>(System.Linq.Enumerable.Cast<object>(result.Keys)));
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
            Assert.IsType<OrderedDictionary>(result[2]);
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
