using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Numerics;
using MemcachePS.Core.Serialization.Families;
using MemcachePS.TestServers;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    public sealed class DalliValuesFixture : PeerValuesFixture
    {
        public DalliValuesFixture() : base(new DalliTranscoder(), PeerCases, OurCases) { }

        private static PeerWrite W(string key, string ruby, uint flags, string expected, object? options = null) =>
            new PeerWrite(key, new { key, ruby, options = options ?? new { } }, flags, expected);

        private static OurWrite O(string key, object? value, uint flags, string expected) =>
            new OurWrite(key, value, flags, new { key, expected, mode = "exact" });

        public static readonly string LongText = string.Concat(Enumerable.Repeat("dalli ", 1000));

        /// <summary>What dalli 3.0.6 writes for each Ruby value (flags observed: 1 = Marshal, 2 = zlib, 0 = raw).</summary>
        public static readonly IReadOnlyList<PeerWrite> PeerCases = new[]
        {
            W("rb_ascii", "'abc'", 1, "\"abc\""),
            W("rb_utf8", "'héllo ✓ 😀'", 1, "\"héllo ✓ 😀\""),
            W("rb_empty", "''", 1, "\"\""),
            W("rb_us_ascii", "'abc'.encode('US-ASCII')", 1, "\"abc\""),
            W("rb_binary", "\"\\x00\\xff\\x80\".b", 1, "b'00ff80'"),
            W("rb_zero", "0", 1, "0L"),
            W("rb_int", "42", 1, "42L"),
            W("rb_neg", "-1", 1, "-1L"),
            W("rb_neg124", "-124", 1, "-124L"),
            W("rb_fixmax", "2**30 - 1", 1, "1073741823L"),
            W("rb_fixmax1", "2**30", 1, "1073741824L"),
            W("rb_fixmin", "-(2**30)", 1, "-1073741824L"),
            W("rb_fixmin1", "-(2**30) - 1", 1, "-1073741825L"),
            W("rb_i64max", "2**63 - 1", 1, "9223372036854775807L"),
            W("rb_i64min", "-(2**63)", 1, "-9223372036854775808L"),
            W("rb_big", "2**64", 1, "18446744073709551616N"),
            W("rb_negbig", "-(2**70)", 1, "-1180591620717411303424N"),
            W("rb_f01", "0.1", 1, "0.1D"),
            W("rb_f1", "1.0", 1, "1D"),
            W("rb_fneg0", "-0.0", 1, "-0D"),
            W("rb_f1e100", "1e100", 1, "1E+100D"),
            W("rb_ftiny", "5e-324", 1, "5E-324D"),
            W("rb_finf", "Float::INFINITY", 1, "InfinityD"),
            W("rb_fninf", "-Float::INFINITY", 1, "-InfinityD"),
            W("rb_fnan", "Float::NAN", 1, "NaND"),
            W("rb_true", "true", 1, "true"),
            W("rb_false", "false", 1, "false"),
            W("rb_nil", "nil", 1, "None"),
            W("rb_nested", "[1, 'a', [nil, true], {'k' => [1.5]}]", 1, "[1L, \"a\", [None, true], {\"k\": [1.5D]}]"),
            W("rb_symkeys", "{id: 1, name: 'x', tags: [:a, :a]}", 1, "{:id: 1L, :name: \"x\", :tags: [:a, :a]}"),
            W("rb_intkeys", "{1 => 'a', 2 => 'b'}", 1, "{1L: \"a\", 2L: \"b\"}"),
            W("rb_shared", "s = 'shared'; [s, s, s]", 1, "[\"shared\", \"shared\", \"shared\"]"),
            W("rb_empty_containers", "[[], {}]", 1, "[[], {}]"),
            W("rb_raw", "'héllo'", 0, "b'68c3a96c6c6f'", new { raw = true }),
            W("rb_compressed", "'dalli ' * 1000", 3, "\"" + LongText + "\""),
            W("rb_compressed_hash", "{'t' => '😀' * 2000}", 3, "{\"t\": \"" + string.Concat(Enumerable.Repeat("😀", 2000)) + "\"}"),
            W("rb_object", "Object.new", 1, "refused: an object of class Object"),
            W("rb_range", "(1..2)", 1, "refused: an object of class Range"),
            W("rb_time", "Time.at(0)", 1, "refused: a user type (_dump) of class Time"),
            W("rb_regexp", "/a+/", 1, "refused:"),
            W("rb_default_hash", "Hash.new(5).merge!('a' => 1)", 1, "refused: a Hash with a default value"),
            W("rb_struct", "Struct.new('Point', :x).new(1)", 1, "refused: a Struct"),
            W("rb_sjis", "'あ'.encode('Shift_JIS')", 1, "refused: a String in the encoding Shift_JIS"),
        };

        public static readonly IReadOnlyList<OurWrite> OurCases = new[]
        {
            O("ours_ascii", "abc", 1, "'abc'"),
            O("ours_utf8", "héllo ✓ 😀", 1, "'héllo ✓ 😀'"),
            O("ours_empty", "", 1, "''"),
            O("ours_binary", new byte[] { 0, 0xff, 0x80 }, 1, "\"\\x00\\xff\\x80\".b"),
            O("ours_zero", 0L, 1, "0"),
            O("ours_int", 42, 1, "42"),
            O("ours_neg", -1L, 1, "-1"),
            O("ours_neg124", -124L, 1, "-124"),
            O("ours_fixmax", (1L << 30) - 1, 1, "2**30 - 1"),
            O("ours_fixmax1", 1L << 30, 1, "2**30"),
            O("ours_fixmin", -(1L << 30), 1, "-(2**30)"),
            O("ours_fixmin1", -(1L << 30) - 1, 1, "-(2**30) - 1"),
            O("ours_i64max", long.MaxValue, 1, "2**63 - 1"),
            O("ours_i64min", long.MinValue, 1, "-(2**63)"),
            O("ours_big", BigInteger.Pow(2, 64), 1, "2**64"),
            O("ours_negbig", -BigInteger.Pow(2, 70), 1, "-(2**70)"),
            O("ours_f01", 0.1, 1, "0.1"),
            O("ours_f1", 1.0, 1, "1.0"),
            O("ours_fneg0", -0.0, 1, "-0.0"),
            O("ours_f1e100", 1e100, 1, "1e100"),
            O("ours_ftiny", double.Epsilon, 1, "5e-324"),
            O("ours_f13", 1.0 / 3, 1, "1.0 / 3"),
            O("ours_finf", double.PositiveInfinity, 1, "Float::INFINITY"),
            O("ours_fninf", double.NegativeInfinity, 1, "-Float::INFINITY"),
            O("ours_fnan", double.NaN, 1, "Float::NAN"),
            O("ours_true", true, 1, "true"),
            O("ours_false", false, 1, "false"),
            O("ours_nil", null, 1, "nil"),
            O("ours_nested", new List<object?> { 1L, "a", new List<object?> { null, true }, Map(("k", new List<object?> { 1.5 })) }, 1,
                "[1, 'a', [nil, true], {'k' => [1.5]}]"),
            O("ours_symkeys", Map((new RubySymbol("id"), 1L), (new RubySymbol("name"), "x"), (new RubySymbol("tags"), new List<object?> { new RubySymbol("a"), new RubySymbol("a") })), 1,
                "{id: 1, name: 'x', tags: [:a, :a]}"),
            O("ours_unicode_symbol", new RubySymbol("ключ"), 1, ":ключ"),
            O("ours_intkeys", Map((1L, "a"), (2L, "b")), 1, "{1 => 'a', 2 => 'b'}"),
            O("ours_nested_bytes", new List<object?> { new byte[] { 1, 2 } }, 1, "[\"\\x01\\x02\".b]"),
            O("ours_compressed", LongText, 3, "'dalli ' * 1000"),
        };

        protected override IEnumerable<object> ExtraReads => new object[]
        {
            // Negative control: our string read back must NOT pass as a Symbol, nor as a binary String.
            new { key = "ours_ascii", id = "negative_control", expected = ":abc", mode = "exact" },
        };

        internal static OrderedDictionary Map(params (object Key, object? Value)[] pairs)
        {
            var map = new OrderedDictionary();
            foreach (var (k, v) in pairs) map.Add(k, v);
            return map;
        }

        protected override string RunPeer(string command, int port, IReadOnlyList<object> cases) =>
            RubyPeer.Run("values.rb", new[] { command, port.ToString() }, Json(cases));
    }

    /// <summary>Values cross between <see cref="DalliTranscoder"/> and Debian's ruby-dalli 3.0.6, through a real memcached, both ways.</summary>
    public class DalliInteropTests : IClassFixture<DalliValuesFixture>
    {
        private readonly DalliValuesFixture _fixture;

        public DalliInteropTests(DalliValuesFixture fixture) => _fixture = fixture;

        public static TheoryData<string> PeerKeys() => PeerValuesFixture.KeysOf(DalliValuesFixture.PeerCases.Select(c => c.Key));
        public static TheoryData<string> OurKeys() => PeerValuesFixture.KeysOf(DalliValuesFixture.OurCases.Select(c => c.Key));

        [Theory]
        [MemberData(nameof(PeerKeys))]
        public void A_value_dalli_wrote_has_its_flags_and_reads_as_the_same_value_or_is_refused(string key) => _fixture.CheckPeerWrite(key);

        [Theory]
        [MemberData(nameof(OurKeys))]
        public void A_value_we_wrote_has_dalli_flags_and_dalli_reads_the_same_Ruby_value(string key) => _fixture.CheckOurWrite(key);

        [Fact]
        public void Negative_control_the_Ruby_judge_fails_a_string_expected_as_a_symbol()
        {
            Assert.StartsWith("FAIL", _fixture.ReadByPeer["negative_control"]);
        }
    }

    internal static class FamilyAssert
    {
        public static void Seen(string expected, string seen)
        {
            if (expected.StartsWith("refused:"))
            {
                Assert.StartsWith("refused:", seen);
                Assert.Contains(expected.Substring("refused:".Length).Trim(), seen);
            }
            else Assert.Equal(expected, seen);
        }
    }
}
