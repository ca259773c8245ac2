using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Numerics;
using MemcachePS.Core.Serialization.Families;
using MemcachePS.TestServers;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    public sealed class PerlValuesFixture : PeerValuesFixture
    {
        public PerlValuesFixture() : base(new PerlCacheMemcachedTranscoder(), PeerCases, OurCases) { }

        private static PeerWrite W(string client, string key, string perl, uint flags, string expected, int threshold = 0) =>
            new PeerWrite(key, new { client, key, perl, compress_threshold = threshold }, flags, expected);

        private static IEnumerable<OurWrite> O(string key, object? value, uint flags, string expected, string[]? clients = null, string? expectedUtf8 = null,
            int threshold = 0)
        {
            var with = threshold > 0 ? new PerlCacheMemcachedTranscoder { CompressionThreshold = threshold } : null;
            foreach (var client in clients ?? new[] { "cm", "fast" })
                yield return new OurWrite(key + "@" + client, value, flags,
                    new { client, key = key + "@" + client, expected = client == "fast-utf8" && expectedUtf8 != null ? expectedUtf8 : expected, mode = "exact" }, with);
        }

        public static readonly string LongText = string.Concat(Enumerable.Repeat("perl ", 200));

        /// <summary>What Cache::Memcached 1.30 and Cache::Memcached::Fast 0.28 write (flags observed: 0 scalar, 1 Storable,
        /// 2 gzip, 4 Fast's UTF-8). Hashes are shown with sorted keys: Perl's hash order is random per process.</summary>
        public static readonly IReadOnlyList<PeerWrite> PeerCases = new[]
        {
            W("cm", "pl_ascii", "'abc'", 0, "\"abc\""),
            W("cm", "pl_chars", "'héllo ✓'", 0, "\"héllo ✓\""),
            W("cm", "pl_octets", "\"\\xff\\x00\\x80\"", 0, "b'ff0080'"),
            W("cm", "pl_empty", "''", 0, "\"\""),
            W("cm", "pl_int", "42", 0, "\"42\""),
            W("cm", "pl_neg", "-9223372036854775808", 0, "\"-9223372036854775808\""),
            W("cm", "pl_float", "0.1", 0, "\"0.1\""),
            W("fast", "pl_fast_chars", "'héllo'", 0, "b'68e96c6c6f'"),
            W("fast-utf8", "pl_fast_utf8", "'héllo ✓'", 4, "\"héllo ✓\""),
            W("cm", "pl_ints", "[0, 1, -1, 127, -128, 128, -129, 2**31-1, -2**31, 2**31, 9223372036854775807, -9223372036854775807-1]", 1,
                "[0L, 1L, -1L, 127L, -128L, 128L, -129L, 2147483647L, -2147483648L, \"2147483648\", \"9223372036854775807\", \"-9223372036854775808\"]"),
            W("cm", "pl_floats", "[0.1, 1.5, 1e100, 1.0]", 1, "[\"0.1\", \"1.5\", \"1e+100\", 1L]"),
            W("cm", "pl_strings", "['', 'a', 'é', \"\\x{263a}\", \"\\xff\\xfe\", 'x' x 300, '☺' x 200]", 1,
                "[\"\", \"a\", \"é\", \"☺\", b'fffe', \"" + new string('x', 300) + "\", \"" + string.Concat(Enumerable.Repeat("☺", 200)) + "\"]"),
            W("cm", "pl_undef", "[undef, [undef]]", 1, "[None, [None]]"),
            W("cm", "pl_hash", "{ 'ü' => 'ß', n => -5, list => [1, { deep => 'x' }] }", 1,
                "{\"list\": [1L, {\"deep\": \"x\"}], \"n\": -5L, \"ü\": \"ß\"}"),
            W("fast", "pl_fast_hash", "{ a => 1, b => [2] }", 1, "{\"a\": 1L, \"b\": [2L]}"),
            W("cm", "pl_shared", "my $h = { x => 1 }; [$h, $h]", 1, "[{\"x\": 1L}, {\"x\": 1L}]"),
            W("cm", "pl_empty_containers", "[[], {}]", 1, "[[], {}]"),
            W("cm", "pl_compressed", "'perl ' x 200", 2, "\"" + LongText + "\"", threshold: 100),
            W("fast", "pl_fast_compressed", "'perl ' x 200", 2, "\"" + LongText + "\"", threshold: 100),
            W("cm", "pl_compressed_ref", "['perl ' x 200]", 3, "[\"" + LongText + "\"]", threshold: 100),
            W("cm", "pl_blessed", "bless({ a => 1 }, 'My::Class')", 1, "refused: a blessed object (My::Class)"),
            W("cm", "pl_blessed_inner", "[1, bless([], 'Other')]", 1, "refused: a blessed object (Other)"),
            W("cm", "pl_scalar_ref", "\\'text'", 1, "refused: a reference to a scalar"),
            W("cm", "pl_regexp", "[qr/a+/]", 1, "refused:"),
            W("cm", "pl_cycle", "my $a = []; push @$a, $a; $a", 1, "refused: a cycle"),
        };

        public static readonly IReadOnlyList<OurWrite> OurCases = new[]
        {
            O("ours_ascii", "abc", 0, "'abc'"),
            O("ours_chars", "héllo ✓", 4, "Encode::encode_utf8('héllo ✓')", new[] { "cm", "fast", "fast-utf8" }, "'héllo ✓'"),
            O("ours_empty", "", 0, "''"),
            O("ours_bytes", new byte[] { 0xff, 0, 0x80 }, 0, "\"\\xff\\x00\\x80\""),
            O("ours_int", 42, 0, "42"),
            O("ours_i64min", long.MinValue, 0, "'-9223372036854775808'"),
            O("ours_big", BigInteger.Pow(2, 64), 0, "'18446744073709551616'"),
            O("ours_f01", 0.1, 0, "'0.1'"),
            O("ours_fneg0", -0.0, 0, "'-0.0'"),
            O("ours_list", new List<object?> { 1L, -1L, 127L, -128L, 128L, -129L, (long)int.MaxValue, (long)int.MinValue, 1L << 31, long.MaxValue, long.MinValue }, 1,
                "[1, -1, 127, -128, 128, -129, 2147483647, -2147483648, '2147483648', '9223372036854775807', '-9223372036854775808']"),
            O("ours_mixed", new List<object?> { null, "a", "é", "☺", new byte[] { 0xff }, 1.5, 0.1, new string('x', 300), string.Concat(Enumerable.Repeat("☺", 200)) }, 1,
                "[undef, 'a', 'é', \"\\x{263a}\", \"\\xff\", '1.5', '0.1', 'x' x 300, \"\\x{263a}\" x 200]"),
            O("ours_bools", new List<object?> { true, false }, 1, "[!!1, !!0]"),
            O("ours_hash", Map(("ü", "ß"), ("n", -5L), ("big", 1L << 40), ("list", new List<object?> { 1L, Map(("deep", "x")) })), 1,
                "{ 'ü' => 'ß', n => -5, big => '1099511627776', list => [1, { deep => 'x' }] }"),
            O("ours_empty_containers", new List<object?> { new List<object?>(), new OrderedDictionary() }, 1, "[[], {}]"),
            O("ours_compressed", LongText, 2, "'perl ' x 200", threshold: 100),
            O("ours_compressed_ref", new List<object?> { LongText }, 3, "['perl ' x 200]", threshold: 100),
        }.SelectMany(x => x).ToList();

        protected override IEnumerable<object> ExtraReads => new object[]
        {
            new { client = "cm", key = "ours_ascii@cm", id = "negative_control", expected = "'abd'", mode = "exact" },
        };

        internal static OrderedDictionary Map(params (object Key, object? Value)[] pairs)
        {
            var map = new OrderedDictionary();
            foreach (var (k, v) in pairs) map.Add(k, v);
            return map;
        }

        protected override object? Shape(object? decoded)
        {
            switch (decoded)
            {
                case IDictionary map:
                {
                    var sorted = new OrderedDictionary();
                    foreach (var key in map.Keys.Cast<object>().OrderBy(k => k.ToString(), StringComparer.Ordinal)) sorted.Add(key, Shape(map[key]));
                    return sorted;
                }
                case List<object?> list: return list.Select(Shape).ToList();
                default: return decoded;
            }
        }

        protected override string RunPeer(string command, int port, IReadOnlyList<object> cases) =>
            PerlPeer.Run("values.pl", new[] { command, port.ToString() }, Json(cases));
    }

    /// <summary>Values cross between <see cref="PerlCacheMemcachedTranscoder"/> and Debian's Cache::Memcached 1.30 and
    /// Cache::Memcached::Fast 0.28, through a real memcached, both ways.</summary>
    public class PerlInteropTests : IClassFixture<PerlValuesFixture>
    {
        private readonly PerlValuesFixture _fixture;

        public PerlInteropTests(PerlValuesFixture fixture) => _fixture = fixture;

        public static TheoryData<string> PeerKeys() => PeerValuesFixture.KeysOf(PerlValuesFixture.PeerCases.Select(c => c.Key));
        public static TheoryData<string> OurKeys() => PeerValuesFixture.KeysOf(PerlValuesFixture.OurCases.Select(c => c.Key));

        [Theory]
        [MemberData(nameof(PeerKeys))]
        public void A_value_a_Perl_client_wrote_has_its_flags_and_reads_as_the_same_value_or_is_refused(string key) => _fixture.CheckPeerWrite(key);

        [Theory]
        [MemberData(nameof(OurKeys))]
        public void A_value_we_wrote_has_Perl_flags_and_the_Perl_client_reads_the_same_Perl_value(string key) => _fixture.CheckOurWrite(key);

        [Fact]
        public void Negative_control_the_Perl_judge_fails_a_wrong_expectation()
        {
            Assert.StartsWith("FAIL", _fixture.ReadByPeer["negative_control"]);
        }
    }
}
