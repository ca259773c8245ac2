using MemcachePS.Core.Serialization;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization
{
    public class ValueFlagsTests
    {
        private const uint PythonConventionBits = 0x1F; // pickle 1, int 2, long 4, zlib 8, text 16

        [Fact]
        public void The_shared_convention_values_are_those_of_the_Python_clients()
        {
            Assert.Equal(
                new uint[] { 0, 1, 2, 4, 8, 16 },
                new[] { ValueFlags.Bytes, ValueFlags.Pickle, ValueFlags.Integer, ValueFlags.Long, ValueFlags.Compressed, ValueFlags.Text });
        }

        [Theory]
        [InlineData(ValueFlags.Json)]
        [InlineData(ValueFlags.CliXml)]
        public void Our_structured_flags_keep_the_text_bit_so_Python_clients_read_them_as_str(uint flags)
        {
            Assert.Equal(ValueFlags.Text, flags & PythonConventionBits);
        }

        [Theory]
        [InlineData(ValueFlags.JsonMarker)]
        [InlineData(ValueFlags.CliXmlMarker)]
        public void Our_marker_bits_are_clear_of_the_Java_and_dotnet_type_codes_and_inside_16_bits(uint marker)
        {
            Assert.Equal(0u, marker & 0x0FFF);
            Assert.True(marker <= 0xFFFF, $"0x{marker:x}");
        }

        [Theory]
        [InlineData(0u, "bytes")]
        [InlineData(24u, "text, compressed")]
        [InlineData(ValueFlags.Json | ValueFlags.Compressed, "JSON, compressed")]
        [InlineData(ValueFlags.CliXml, "CliXml")]
        [InlineData(64u, "unknown (64)")]
        public void Describe_names_flags_for_messages(uint flags, string expected)
        {
            Assert.Equal(expected, ValueFlags.Describe(flags));
        }

        [Theory]
        [InlineData(0u, true)]
        [InlineData(9u, true)]
        [InlineData(4120u, true)]
        [InlineData(8216u, true)]
        [InlineData(3u, false)]
        [InlineData(48u, false)]
        public void IsKnown_is_true_for_the_table_with_or_without_compression(uint flags, bool expected)
        {
            Assert.Equal(expected, ValueFlags.IsKnown(flags));
        }
    }
}
