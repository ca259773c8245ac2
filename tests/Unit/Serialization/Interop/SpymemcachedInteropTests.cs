using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MemcachePS.Core.Serialization.Families;
using MemcachePS.TestServers;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    public sealed class SpymemcachedValuesFixture : PeerValuesFixture
    {
        public SpymemcachedValuesFixture() : base(new SpymemcachedTranscoder(), PeerCases, OurCases) { }

        private static string Hex(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text)).ToLowerInvariant();

        private static PeerWrite W(string key, string type, string value, uint flags, string expected) =>
            new PeerWrite(key, $"{key}\t{type}\t{value}", flags, expected);

        private static OurWrite O(string key, object? value, uint flags, string type, string expected) =>
            new OurWrite(key, value, flags, $"{key}\t{type}\t{expected}");

        /// <summary>What spymemcached 2.12.3's SerializingTranscoder writes (flags observed: 0 String, 1 serialized, 2 gzip,
        /// 256 Boolean, 512 Integer, 768 Long, 1024 Date, 1280 Byte, 1536 Float, 1792 Double, 2048 byte[]).</summary>
        public static readonly IReadOnlyList<PeerWrite> PeerCases = new[]
        {
            W("j_ascii", "string", Hex("abc"), 0, "\"abc\""),
            W("j_utf8", "string", Hex("héllo ✓ 😀"), 0, "\"héllo ✓ 😀\""),
            W("j_empty", "string", "", 0, "\"\""),
            W("j_int", "int", "42", 512, "42<Int32>"),
            W("j_int0", "int", "0", 512, "0<Int32>"),
            W("j_intneg", "int", "-1", 512, "-1<Int32>"),
            W("j_intmax", "int", "2147483647", 512, "2147483647<Int32>"),
            W("j_intmin", "int", "-2147483648", 512, "-2147483648<Int32>"),
            W("j_long0", "long", "0", 768, "0L"),
            W("j_long", "long", "5", 768, "5L"),
            W("j_longneg", "long", "-5", 768, "-5L"),
            W("j_longmax", "long", "9223372036854775807", 768, "9223372036854775807L"),
            W("j_longmin", "long", "-9223372036854775808", 768, "-9223372036854775808L"),
            W("j_byte", "byte", "-128", 1280, "-128<SByte>"),
            W("j_true", "bool", "true", 256, "true"),
            W("j_false", "bool", "false", 256, "false"),
            W("j_d01", "double", "3fb999999999999a", 1792, "0.1D"),
            W("j_d1", "double", "3ff0000000000000", 1792, "1D"),
            W("j_dneg0", "double", "8000000000000000", 1792, "-0D"),
            W("j_dnan", "double", "7ff8000000000000", 1792, "NaND"),
            W("j_dinf", "double", "7ff0000000000000", 1792, "InfinityD"),
            W("j_f01", "float", "3dcccccd", 1536, "0.1<Single>"),
            W("j_fneg0", "float", "80000000", 1536, "-0<Single>"),
            W("j_date", "date", "1500000000123", 1024, "2017-07-14T02:40:00.1230000+00:00<DateTimeOffset>"),
            W("j_bytes", "bytes", "00ff80", 2048, "b'00ff80'"),
            W("j_bytes_empty", "bytes", "", 2048, "b''"),
            W("j_compressed", "big", "20000", 2, "\"" + new string('x', 20000) + "\""),
            W("j_short", "short", "7", 1, "7<Int16>"),
            W("j_char", "char", "233", 1, "\"é\""),
            W("j_list", "list", "int=1,string=" + Hex("ab") + ",null=,long=-7,double=3ff8000000000000,bool=true", 1,
                "[1<Int32>, \"ab\", None, -7L, 1.5D, true]"),
            W("j_map", "map", "string=" + Hex("a") + ":long=5", 1, "{\"a\": 5L}"),
            W("j_linkedmap", "linkedmap", "string=" + Hex("a") + ":int=1,string=" + Hex("b") + ":int=2,int=3:string=" + Hex("ü"), 1,
                "{\"a\": 1<Int32>, \"b\": 2<Int32>, 3<Int32>: \"ü\"}"),
            W("j_nested", "nested", "", 1, "[{\"k\": [1<Int32>, \"two\", None]}, [3L, 4.5D, true]]"),
            W("j_empty_list", "list", "", 1, "[]"),
            W("j_empty_map", "map", "", 1, "{}"),
            W("j_uuid", "uuid", "", 1, "refused: an object of class java.util.UUID"),
            W("j_bigdecimal", "bigdecimal", "", 1, "refused: an object of class java.math.BigDecimal"),
            W("j_intarray", "intarray", "", 1, "refused: a Java array"),
            W("j_treemap", "treemap", "", 1, "refused: an object of class java.util.TreeMap"),
            W("j_hashset", "hashset", "", 1, "refused: an object of class java.util.HashSet"),
        };

        public static readonly IReadOnlyList<OurWrite> OurCases = new[]
        {
            O("ours_ascii", "abc", 0, "string", Hex("abc")),
            O("ours_utf8", "héllo ✓ 😀", 0, "string", Hex("héllo ✓ 😀")),
            O("ours_empty", "", 0, "string", ""),
            O("ours_int", 42, 512, "int", "42"),
            O("ours_int0", 0, 512, "int", "0"),
            O("ours_intneg", -1, 512, "int", "-1"),
            O("ours_intmax", int.MaxValue, 512, "int", "2147483647"),
            O("ours_intmin", int.MinValue, 512, "int", "-2147483648"),
            O("ours_long0", 0L, 768, "long", "0"),
            O("ours_long", 5L, 768, "long", "5"),
            O("ours_longmax", long.MaxValue, 768, "long", "9223372036854775807"),
            O("ours_longmin", long.MinValue, 768, "long", "-9223372036854775808"),
            O("ours_byte", (sbyte)-128, 1280, "byte", "-128"),
            O("ours_true", true, 256, "bool", "true"),
            O("ours_false", false, 256, "bool", "false"),
            O("ours_d01", 0.1, 1792, "double", "3fb999999999999a"),
            O("ours_d1", 1.0, 1792, "double", "3ff0000000000000"),
            O("ours_dneg0", -0.0, 1792, "double", "8000000000000000"),
            O("ours_dnan", double.NaN, 1792, "double", "7ff8000000000000"),
            O("ours_dinf", double.PositiveInfinity, 1792, "double", "7ff0000000000000"),
            O("ours_f01", 0.1f, 1536, "float", "3dcccccd"),
            O("ours_fneg0", -0.0f, 1536, "float", "80000000"),
            O("ours_date", DateTimeOffset.FromUnixTimeMilliseconds(1500000000123), 1024, "date", "1500000000123"),
            O("ours_bytes", new byte[] { 0, 0xff, 0x80 }, 2048, "bytes", "00ff80"),
            O("ours_bytes_empty", Array.Empty<byte>(), 2048, "bytes", ""),
            O("ours_compressed", new string('x', 20000), 2, "big", "20000"),
        };

        // Negative control: our String judged as a byte[] of the same bytes must fail (the judge compares classes).
        protected override IEnumerable<object> ExtraReads => new object[] { "ours_ascii\tbytes\t" + Hex("abc") + "\tnegative_control" };

        protected override string RunPeer(string command, int port, IReadOnlyList<object> cases) =>
            JavaPeer.Run("Values", command + " " + port + "\n" + string.Join("\n", cases) + "\n");
    }

    /// <summary>Values cross between <see cref="SpymemcachedTranscoder"/> and Debian's spymemcached 2.12.3, through a real memcached, both ways.</summary>
    public class SpymemcachedInteropTests : IClassFixture<SpymemcachedValuesFixture>
    {
        private readonly SpymemcachedValuesFixture _fixture;

        public SpymemcachedInteropTests(SpymemcachedValuesFixture fixture) => _fixture = fixture;

        public static TheoryData<string> PeerKeys() => PeerValuesFixture.KeysOf(SpymemcachedValuesFixture.PeerCases.Select(c => c.Key));
        public static TheoryData<string> OurKeys() => PeerValuesFixture.KeysOf(SpymemcachedValuesFixture.OurCases.Select(c => c.Key));

        [Theory]
        [MemberData(nameof(PeerKeys))]
        public void A_value_spymemcached_wrote_has_its_flags_and_reads_as_the_same_value_or_is_refused(string key) => _fixture.CheckPeerWrite(key);

        [Theory]
        [MemberData(nameof(OurKeys))]
        public void A_value_we_wrote_has_spymemcached_flags_and_Java_gets_the_same_Java_value(string key) => _fixture.CheckOurWrite(key);

        [Fact]
        public void Negative_control_the_Java_judge_fails_a_string_expected_as_bytes()
        {
            Assert.StartsWith("FAIL", _fixture.ReadByPeer["negative_control"]);
        }
    }
}
