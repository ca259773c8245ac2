using System;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Serialization.Families;
using Xunit;
using Xunit.Abstractions;
using static MemcachePS.Tests.Unit.Serialization.DecodedValueText;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>
    /// Values cross between our PhpMemcachedTranscoder / PhpMemcacheTranscoder and Debian's php-memcached 3.2.0 and
    /// php-memcache 8.0 (PHP 8.2), through a real memcached, in both directions: what PHP stores we read as the same
    /// value and type, what we store PHP's own get() returns as the same value and type (judged in PHP by serialize()).
    /// </summary>
    public class PhpValuesInteropTests : IClassFixture<PhpValuesInteropFixture>
    {
        private readonly PhpValuesInteropFixture _fixture;
        private readonly ITestOutputHelper _output;

        public PhpValuesInteropTests(PhpValuesInteropFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        public static TheoryData<string, string> Cases()
        {
            var data = new TheoryData<string, string>();
            foreach (var client in PhpValueCases.Clients)
                foreach (var c in PhpValueCases.Plain.Concat(PhpValueCases.Compressed)) data.Add(client, c.Name);
            return data;
        }

        public static TheoryData<string, string> RefusedCases()
        {
            var data = new TheoryData<string, string>();
            foreach (var client in PhpValueCases.Clients)
                foreach (var r in PhpValueCases.Refused.Where(r => r.Clients == null || r.Clients.Contains(client))) data.Add(client, r.Name);
            return data;
        }

        private static PhpValueCase Case(string name) => PhpValueCases.Plain.Concat(PhpValueCases.Compressed).Single(c => c.Name == name);

        [Theory]
        [MemberData(nameof(Cases))]
        public void WeReadWhatPhpWrote(string client, string name)
        {
            var c = Case(name);
            string key = PhpValuesInteropFixture.PhpKey(client, name);
            Assert.Equal("STORED", _fixture.StoredByPhp[key]);
            var (value, flags) = _fixture.StoredValues[key]!.Value;
            object? decoded = PhpValuesInteropFixture.Transcoder(client).Decode(new ArraySegment<byte>(value), flags);
            Assert.Equal(Render(c.ValueFor(client)), Render(decoded));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void PhpReadsWhatWeWrote(string client, string name)
        {
            Assert.Equal("PASS", _fixture.ReadByPhp[PhpValuesInteropFixture.OurKey(client, name)]);
        }

        [Theory]
        [InlineData("memcached", "ascii", 0u)]
        [InlineData("memcached", "intneg", 1u)]
        [InlineData("memcached", "float01", 2u)]
        [InlineData("memcached", "true", 3u)]
        [InlineData("memcached", "list", 4u)]
        [InlineData("memcached", "null", 4u)]
        [InlineData("memcache", "ascii", 0u)]
        [InlineData("memcache", "true", 0x100u)]
        [InlineData("memcache", "intneg", 0x300u)]
        [InlineData("memcache", "float01", 0x700u)]
        [InlineData("memcache", "list", 1u)]
        [InlineData("memcache", "null", 1u)]
        public void WeWriteTheFlagsPhpWrites(string client, string name, uint expected)
        {
            Assert.Equal(expected, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey(client, name)]!.Value.Flags);
            Assert.Equal(expected, _fixture.FlagsWeWrote[PhpValuesInteropFixture.OurKey(client, name)]);
        }

        [Fact]
        public void CompressedValuesUseTheClientsCompression()
        {
            // php-memcached: compressed (16) + FastLZ (64) by default, a 4-byte little-endian length first; we write zlib (32).
            var php = _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcached", "bigtext")]!.Value;
            Assert.Equal(16u | 64u, php.Flags);
            Assert.Equal(Case("bigtext").Value is string s ? s.Length : -1, BitConverter.ToInt32(php.Value, 0));
            Assert.Equal(16u | 64u, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcached", "hugetext")]!.Value.Flags);
            Assert.Equal(2, (_fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcached", "hugetext")]!.Value.Value[4] >> 5) + 1); // FastLZ level 2
            Assert.Equal(16u | 64u | 4u, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcached", "bigarray")]!.Value.Flags);
            Assert.Equal(16u | 32u, _fixture.FlagsWeWrote[PhpValuesInteropFixture.OurKey("memcached", "bigtext")]);
            Assert.Equal(16u | 32u | 4u, _fixture.FlagsWeWrote[PhpValuesInteropFixture.OurKey("memcached", "bigarray")]);
            // pecl memcache: flag 2, a bare zlib stream, from 20,000 bytes.
            Assert.Equal(2u, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcache", "hugetext")]!.Value.Flags);
            Assert.Equal(2u, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcache", "bigtext")]!.Value.Flags); // 23,893 bytes
            Assert.Equal(2u, _fixture.FlagsWeWrote[PhpValuesInteropFixture.OurKey("memcache", "hugetext")]);
            Assert.Equal(3u, _fixture.FlagsWeWrote[PhpValuesInteropFixture.OurKey("memcache", "bigarray")]);
        }

        [Fact]
        public void WeReadWhatPhpWroteWithOtherOptions()
        {
            foreach (var o in PhpValueCases.PhpOptions)
            {
                string key = PhpValuesInteropFixture.PhpKey(o.Client, o.Name);
                Assert.Equal("STORED", _fixture.StoredByPhp[key]);
                var (value, flags) = _fixture.StoredValues[key]!.Value;
                _output.WriteLine($"{o.Client} {o.Name}: flags {flags}");
                Assert.Equal(Render(o.Value), Render(PhpValuesInteropFixture.Transcoder(o.Client).Decode(new ArraySegment<byte>(value), flags)));
            }
            Assert.Equal(16u | 32u, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcached", "zlibtext")]!.Value.Flags);
            Assert.Equal(6u, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcached", "jsonmap")]!.Value.Flags);
            Assert.Equal(2u, _fixture.StoredValues[PhpValuesInteropFixture.PhpKey("memcache", "forcedcompress")]!.Value.Flags);
        }

        [Theory]
        [MemberData(nameof(RefusedCases))]
        public void WhatIsNotPlainDataIsRefusedNamingTheFamily(string client, string name)
        {
            var r = PhpValueCases.Refused.Single(x => x.Name == name);
            string key = PhpValuesInteropFixture.PhpKey(client, name);
            Assert.Equal("STORED", _fixture.StoredByPhp[key]);
            var (value, flags) = _fixture.StoredValues[key]!.Value;
            var e = Assert.Throws<MemcachedSerializationException>(() => PhpValuesInteropFixture.Transcoder(client).Decode(new ArraySegment<byte>(value), flags));
            _output.WriteLine(e.Message);
            Assert.Contains(r.MessageHolds, e.Message);
            Assert.StartsWith(client == "memcached" ? "php-memcached:" : "php-memcache (pecl memcache):", e.Message);
        }

        [Fact]
        public void ThePhpJudgeCatchesAWrongExpectation()
        {
            Assert.Equal(2, _fixture.NegativeControls.Count);
            Assert.All(_fixture.NegativeControls.Values, verdict => Assert.StartsWith("FAIL: read", verdict));
        }

        /// <summary>The figures for docs and the report: how many values cross each way, and how many crossed before.</summary>
        [Fact]
        public void Counts()
        {
            foreach (var client in PhpValueCases.Clients)
            {
                var cases = PhpValueCases.Plain.Concat(PhpValueCases.Compressed).ToList();
                int readOk = cases.Count(c =>
                {
                    var (v, f) = _fixture.StoredValues[PhpValuesInteropFixture.PhpKey(client, c.Name)]!.Value;
                    return Render(PhpValuesInteropFixture.Transcoder(client).Decode(new ArraySegment<byte>(v), f)) == Render(c.ValueFor(client));
                });
                int readBefore = cases.Count(c =>
                {
                    var (v, f) = _fixture.StoredValues[PhpValuesInteropFixture.PhpKey(client, c.Name)]!.Value;
                    try { return Render(new DefaultTranscoder().Decode(new ArraySegment<byte>(v), f)) == Render(c.ValueFor(client)); }
                    catch (MemcachePS.Core.MemcachedException) { return false; }
                });
                int phpOk = cases.Count(c => _fixture.ReadByPhp[PhpValuesInteropFixture.OurKey(client, c.Name)] == "PASS");
                int phpBefore = cases.Count(c => _fixture.ReadByPhp[PhpValuesInteropFixture.BeforeKey(client, c.Name)] == "PASS");
                int refused = PhpValueCases.Refused.Count(r => r.Clients == null || r.Clients.Contains(client));
                _output.WriteLine($"{client}: PHP wrote {cases.Count}, we read {readOk} equal (DefaultTranscoder before: {readBefore}); " +
                    $"we wrote {cases.Count}, PHP read {phpOk} equal (DefaultTranscoder's bytes: {phpBefore}); refused PHP writes: {refused}");
                Assert.Equal(cases.Count, readOk);
                Assert.Equal(cases.Count, phpOk);
            }
        }
    }
}
