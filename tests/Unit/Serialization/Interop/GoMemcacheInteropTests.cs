using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using MemcachePS.Core.Serialization.Families;
using MemcachePS.TestServers;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    public sealed class GoMemcacheValuesFixture : PeerValuesFixture
    {
        public GoMemcacheValuesFixture() : base(new GoMemcacheTranscoder(), PeerCases, OurCases) { }

        private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
        private static string Hex(string text) => Hex(Encoding.UTF8.GetBytes(text));

        private static PeerWrite W(string key, byte[] value, uint flags) =>
            new PeerWrite(key, new { key, value = Hex(value), flags, id = "" }, flags, "b'" + Hex(value) + "'");

        private static OurWrite O(string key, object value, byte[] expected) =>
            new OurWrite(key, value, 0, new { key, value = Hex(expected), flags = 0u, id = "" });

        private static readonly byte[] Zlib = { 0x78, 0x9c, 0x4b, 0x4c, 0x4a, 0x06, 0x00, 0x02, 0x4d, 0x01, 0x27 }; // zlib of "abc"

        /// <summary>gomemcache stores an Item's bytes and flags verbatim; whatever the flags, we read the bytes untouched.</summary>
        public static readonly IReadOnlyList<PeerWrite> PeerCases = new[]
        {
            W("go_text", Encoding.UTF8.GetBytes("héllo ✓ 😀"), 0),
            W("go_empty", Array.Empty<byte>(), 0),
            W("go_binary", new byte[] { 0, 0xff, 0x80, 0xc3 }, 0),
            W("go_number_text", Encoding.ASCII.GetBytes("12345"), 0),
            W("go_json_flag", Encoding.UTF8.GetBytes("{\"a\":1}"), 42),
            W("go_flag_max", new byte[] { 1, 2, 3 }, uint.MaxValue),
            W("go_zlib_bytes_flag8", Zlib, 8),       // flag 8 means zlib to Python clients: NOT inflated here
            W("go_flag16_invalid_utf8", new byte[] { 0xff, 0xfe }, 16), // flag 16 means text to Python: NOT decoded here
            W("go_flag1_not_a_pickle", new byte[] { 0x80, 0x05 }, 1),
        };

        public static readonly IReadOnlyList<OurWrite> OurCases = new[]
        {
            O("ours_text", "héllo ✓ 😀", Encoding.UTF8.GetBytes("héllo ✓ 😀")),
            O("ours_empty_text", "", Array.Empty<byte>()),
            O("ours_bytes", new byte[] { 0, 0xff, 0x80 }, new byte[] { 0, 0xff, 0x80 }),
            O("ours_empty_bytes", Array.Empty<byte>(), Array.Empty<byte>()),
            O("ours_segment", new ArraySegment<byte>(new byte[] { 9, 1, 2, 9 }, 1, 2), new byte[] { 1, 2 }),
        };

        // Negative control: our text judged against different bytes must fail.
        protected override IEnumerable<object> ExtraReads => new object[] { new { key = "ours_text", value = Hex("hello"), flags = 0u, id = "negative_control" } };

        protected override string RunPeer(string command, int port, IReadOnlyList<object> cases) =>
            GoPeer.Run("values", JsonSerializer.Serialize(new { command, port, cases }));
    }

    /// <summary>Items cross between <see cref="GoMemcacheTranscoder"/> and Debian's gomemcache (0.0~git20141109), through a real memcached, both ways.</summary>
    public class GoMemcacheInteropTests : IClassFixture<GoMemcacheValuesFixture>
    {
        private readonly GoMemcacheValuesFixture _fixture;

        public GoMemcacheInteropTests(GoMemcacheValuesFixture fixture) => _fixture = fixture;

        public static TheoryData<string> PeerKeys() => PeerValuesFixture.KeysOf(GoMemcacheValuesFixture.PeerCases.Select(c => c.Key));
        public static TheoryData<string> OurKeys() => PeerValuesFixture.KeysOf(GoMemcacheValuesFixture.OurCases.Select(c => c.Key));

        [Theory]
        [MemberData(nameof(PeerKeys))]
        public void An_item_Go_wrote_reads_as_its_bytes_whatever_its_flags(string key) => _fixture.CheckPeerWrite(key);

        [Theory]
        [MemberData(nameof(OurKeys))]
        public void An_item_we_wrote_gives_Go_those_bytes_with_flags_0(string key)
        {
            Assert.Equal(0u, _fixture.FlagsWeWrote[key]);
            Assert.Equal("PASS", _fixture.ReadByPeer[key]);
        }

        [Fact]
        public void Negative_control_the_Go_judge_fails_different_bytes()
        {
            Assert.StartsWith("FAIL", _fixture.ReadByPeer["negative_control"]);
        }
    }
}
