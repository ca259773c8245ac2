using System.Linq;
using MemcachePS.Core.Serialization;
using Xunit;
using static MemcachePS.Tests.Unit.Serialization.DecodedValueText;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>
    /// Values cross between DefaultTranscoder and the real pymemcache 3.5, python-memcached 1.59 and pylibmc 1.6 of
    /// Debian, through a real memcached, in both directions.
    /// </summary>
    public class PythonClientInteropTests : IClassFixture<PythonInteropFixture>
    {
        private readonly PythonInteropFixture _fixture;

        public PythonClientInteropTests(PythonInteropFixture fixture)
        {
            _fixture = fixture;
        }

        public static TheoryData<string, string> PythonWrites()
        {
            var data = new TheoryData<string, string>();
            foreach (var w in InteropCases.PythonWrites) data.Add(w.Client, w.Key);
            return data;
        }

        public static TheoryData<string, string> DotnetWritesByReader()
        {
            var data = new TheoryData<string, string>();
            foreach (var w in InteropCases.DotnetWrites)
                foreach (var reader in InteropCases.Readers) data.Add(reader, w.Key);
            return data;
        }

        public static TheoryData<string> DotnetWrites()
        {
            var data = new TheoryData<string>();
            foreach (var w in InteropCases.DotnetWrites) data.Add(w.Key);
            return data;
        }

        [Theory]
        [MemberData(nameof(PythonWrites))]
        public void A_value_stored_by_a_Python_client_has_the_expected_flags_and_decodes(string client, string key)
        {
            PythonWrite write = InteropCases.PythonWrites.Single(w => w.Key == key);
            Assert.Equal("STORED", _fixture.StoredByPython[key]);
            var (value, flags) = _fixture.StoredValues[key]!.Value;

            object? decoded = new DefaultTranscoder().Decode(new System.ArraySegment<byte>(value), flags);

            Assert.Equal((client, write.ExpectedFlags, write.ExpectedValue), (client, flags, Render(decoded)));
        }

        [Theory]
        [MemberData(nameof(DotnetWrites))]
        public void A_value_we_store_carries_the_expected_flags(string key)
        {
            Assert.Equal(InteropCases.DotnetWrites.Single(w => w.Key == key).ExpectedFlags, _fixture.FlagsWeWrote[key]);
        }

        [Theory]
        [MemberData(nameof(DotnetWritesByReader))]
        public void A_value_we_store_is_read_correctly_by_the_Python_client(string reader, string key)
        {
            Assert.Equal("PASS", _fixture.ReadByPython[(reader, key)]);
        }

        [Fact]
        public void Pymemcache_default_serde_fails_on_a_compressed_value_which_is_why_compression_is_opt_in()
        {
            Assert.Equal("PASS", _fixture.ReadByPython[(PythonInteropFixture.PymemcacheDefaultSerdeOnCompressed, "ours_text_compressed")]);
        }
    }
}
