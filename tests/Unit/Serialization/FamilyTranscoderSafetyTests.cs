using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Diagnostics;
using System.Linq;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Serialization.Families;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>
    /// Hostile or damaged values for the other families' transcoders: truncated payloads, lengths far beyond the bytes
    /// present (which must be refused before anything that size is allocated), nesting bombs, unknown tags; and values each
    /// family has no faithful form for, refused when writing.
    /// </summary>
    public class FamilyTranscoderSafetyTests
    {
        private static byte[] B(params int[] bytes) => bytes.Select(b => (byte)b).ToArray();

        private static MemcachedSerializationException Refused(ITranscoder transcoder, byte[] data, uint flags)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<MemcachedSerializationException>(() => transcoder.Decode(new ArraySegment<byte>(data), flags));
            // A 2 GB declared length must not have been allocated (a megabyte covers the exception and its message).
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
            return e;
        }

        public static TheoryData<string, byte[]> HostileMarshal() => new TheoryData<string, byte[]>
        {
            { "truncated", B(4, 8, 'I', '"', 8, 'a', 'b') },
            { "declares 2 GB", B(4, 8, '"', 4, 0xff, 0xff, 0xff, 0x7f, 'a') },
            { "declares 2G elements", B(4, 8, '[', 4, 0xff, 0xff, 0xff, 0x7f, '0') },
            { "declares 2G pairs", B(4, 8, '{', 4, 0xff, 0xff, 0xff, 0x7f, '0') },
            { "bignum of 4G bytes", B(4, 8, 'l', '+', 4, 0xff, 0xff, 0xff, 0x7f, 1) },
            { "unknown tag", B(4, 8, 'X') },
            { "object link to nothing", B(4, 8, '[', 6, '@', 9) },
            { "symbol link to nothing", B(4, 8, ';', 6) },
            { "version 5.0", B(5, 0, '0') },
            { "trailing bytes", B(4, 8, '0', '0') },
            { "object", B(4, 8, 'o', ':', 11, 'O', 'b', 'j', 'e', 'c', 't', 0) },
            { "nesting bomb", new byte[] { 4, 8 }.Concat(Enumerable.Range(0, 200).SelectMany(_ => new byte[] { (byte)'[', 6 })).Append((byte)'0').ToArray() },
        };

        [Theory]
        [MemberData(nameof(HostileMarshal))]
        public void Dalli_refuses_a_hostile_or_damaged_Marshal_stream(string what, byte[] data)
        {
            var e = Refused(new DalliTranscoder(), data, DalliTranscoder.Serialized);
            Assert.StartsWith("Dalli", e.Message);
            Assert.NotEmpty(what);
        }

        [Fact]
        public void Dalli_refuses_a_truncated_compressed_value_instead_of_reading_part_of_it()
        {
            var encoded = new DalliTranscoder { CompressionThreshold = 10 }.Encode(new string('a', 5000));
            Assert.Equal(3u, encoded.Flags);
            var cut = encoded.Data.Take(encoded.Data.Count - 3).ToArray();
            Assert.StartsWith("Dalli", Refused(new DalliTranscoder(), cut, encoded.Flags).Message);
        }

        public static TheoryData<string, byte[]> HostileStorable() => new TheoryData<string, byte[]>
        {
            { "truncated", B(5, 11, 2, 0, 0, 0, 2, 10, 1, 'a') },
            { "string declares 4 GB", B(5, 11, 2, 0, 0, 0, 1, 1, 0xff, 0xff, 0xff, 0xff, 'a') },
            { "array declares 2G elements", B(5, 11, 2, 0x7f, 0xff, 0xff, 0xff, 5) },
            { "hash declares 2G pairs", B(5, 11, 3, 0x7f, 0xff, 0xff, 0xff, 5) },
            { "unknown tag", B(5, 11, 2, 0, 0, 0, 1, 99) },
            { "back-reference to nothing", B(5, 11, 2, 0, 0, 0, 1, 0, 0, 0, 0, 9) },
            { "blessed", B(5, 11, 17, 3, 'F', 'o', 'o', 3, 0, 0, 0, 0) },
            { "hook", B(5, 11, 2, 0, 0, 0, 1, 19, 0) },
            { "code", B(5, 11, 2, 0, 0, 0, 1, 26, 0) },
            { "tied hash", B(5, 11, 12, 5) },
            { "scalar root", B(5, 11, 10, 1, 'a') },
            { "format 3", B(7, 0, 5) },
            { "nesting bomb", new byte[] { 5, 11 }.Concat(Enumerable.Range(0, 200).SelectMany(_ => new byte[] { 2, 0, 0, 0, 1, 4 })).Concat(B(2, 0, 0, 0, 0)).ToArray() },
        };

        [Theory]
        [MemberData(nameof(HostileStorable))]
        public void Perl_refuses_a_hostile_or_damaged_Storable_image(string what, byte[] data)
        {
            var e = Refused(new PerlCacheMemcachedTranscoder(), data, PerlCacheMemcachedTranscoder.Storable);
            Assert.StartsWith("Perl", e.Message);
            Assert.NotEmpty(what);
        }

        [Fact]
        public void Perl_refuses_a_truncated_gzip_member_instead_of_reading_part_of_it()
        {
            var encoded = new PerlCacheMemcachedTranscoder { CompressionThreshold = 10 }.Encode(new string('a', 5000));
            Assert.Equal(2u, encoded.Flags);
            var cut = encoded.Data.Take(encoded.Data.Count - 4).ToArray();
            Assert.StartsWith("Perl", Refused(new PerlCacheMemcachedTranscoder(), cut, encoded.Flags).Message);
        }

        public static TheoryData<string, byte[]> HostileJava() => new TheoryData<string, byte[]>
        {
            { "no magic", B(0xac, 0xed, 0, 4, 0x70) },
            { "truncated string", B(0xac, 0xed, 0, 5, 0x74, 0, 5, 'a') },
            { "long string of 2^62 bytes", B(0xac, 0xed, 0, 5, 0x7c, 0x40, 0, 0, 0, 0, 0, 0, 0, 'a') },
            { "unknown tag", B(0xac, 0xed, 0, 5, 0x10) },
            { "reference to nothing", B(0xac, 0xed, 0, 5, 0x71, 0, 0x7e, 0, 9) },
            { "array", B(0xac, 0xed, 0, 5, 0x75, 0x72, 0, 2, '[', 'I', 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0x78, 0x70, 0, 0, 0, 0) },
            { "any other class", B(0xac, 0xed, 0, 5, 0x73, 0x72, 0, 4, 'E', 'v', 'i', 'l', 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0x78, 0x70) },
        };

        [Theory]
        [MemberData(nameof(HostileJava))]
        public void Spymemcached_refuses_a_hostile_or_damaged_Java_serialization_stream(string what, byte[] data)
        {
            var e = Refused(new SpymemcachedTranscoder(), data, SpymemcachedTranscoder.Serialized);
            Assert.StartsWith("spymemcached", e.Message);
            Assert.NotEmpty(what);
        }

        [Theory]
        [InlineData(SpymemcachedTranscoder.SpecialInt, 5)]
        [InlineData(SpymemcachedTranscoder.SpecialLong, 9)]
        [InlineData(SpymemcachedTranscoder.SpecialBoolean, 2)]
        [InlineData(SpymemcachedTranscoder.SpecialByte, 0)]
        public void Spymemcached_refuses_a_typed_value_of_the_wrong_length(uint flags, int length)
        {
            Assert.StartsWith("spymemcached", Refused(new SpymemcachedTranscoder(), new byte[length], flags).Message);
        }

        [Fact]
        public void Unknown_flags_come_back_as_the_stored_bytes_for_every_family()
        {
            var data = new ArraySegment<byte>(B(1, 2, 3));
            Assert.Equal(B(1, 2, 3), new DalliTranscoder().Decode(data, 0x100));
            Assert.Equal(B(1, 2, 3), new PerlCacheMemcachedTranscoder().Decode(data, 0x10));
            Assert.Equal(B(1, 2, 3), new SpymemcachedTranscoder().Decode(data, 0x10000));
            Assert.Equal(B(1, 2, 3), new SpymemcachedTranscoder().Decode(data, 9 << 8));
            Assert.Equal(B(1, 2, 3), new GoMemcacheTranscoder().Decode(data, 0x12345));
        }

        public static TheoryData<string, ITranscoder, object?> NotStorable() => new TheoryData<string, ITranscoder, object?>
        {
            { "Dalli: an object", new DalliTranscoder(), new Process() },
            { "Dalli: a decimal", new DalliTranscoder(), 1.5m },
            { "Perl: null at the top", new PerlCacheMemcachedTranscoder(), null },
            { "Perl: a bool at the top", new PerlCacheMemcachedTranscoder(), true },
            { "Perl: an integer key", new PerlCacheMemcachedTranscoder(), Map((1L, "a")) },
            { "Perl: NaN", new PerlCacheMemcachedTranscoder(), double.NaN },
            { "Perl: an object inside", new PerlCacheMemcachedTranscoder(), new List<object?> { new Process() } },
            { "spymemcached: a list", new SpymemcachedTranscoder(), new List<object?> { 1 } },
            { "spymemcached: a map", new SpymemcachedTranscoder(), Map(("a", 1)) },
            { "spymemcached: null", new SpymemcachedTranscoder(), null },
            { "spymemcached: a short", new SpymemcachedTranscoder(), (short)1 },
            { "spymemcached: a date finer than a millisecond", new SpymemcachedTranscoder(), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1) },
            { "GoMemcache: an integer", new GoMemcacheTranscoder(), 42 },
            { "GoMemcache: a list", new GoMemcacheTranscoder(), new List<object?> { "a" } },
            { "a lone surrogate (Dalli)", new DalliTranscoder(), "a\ud800" },
            { "a lone surrogate (Perl)", new PerlCacheMemcachedTranscoder(), "a\ud800" },
            { "a lone surrogate (spymemcached)", new SpymemcachedTranscoder(), "a\ud800" },
            { "a lone surrogate (Go)", new GoMemcacheTranscoder(), "a\ud800" },
        };

        [Theory]
        [MemberData(nameof(NotStorable))]
        public void A_value_the_family_has_no_faithful_form_for_is_refused_when_writing(string what, ITranscoder transcoder, object? value)
        {
            var e = Assert.Throws<MemcachedSerializationException>(() => transcoder.Encode(value));
            Assert.False(string.IsNullOrWhiteSpace(e.Message), what);
        }

        [Fact]
        public void A_Ruby_symbol_key_written_back_is_still_a_symbol_and_a_string_key_a_string()
        {
            var map = Map((new RubySymbol("id"), 1L), ("id", 2L));
            var transcoder = new DalliTranscoder();
            var encoded = transcoder.Encode(map);
            var back = (OrderedDictionary)transcoder.Decode(encoded.Data, encoded.Flags)!;
            Assert.Equal(2, back.Count);
            Assert.Equal(1L, back[new RubySymbol("id")]);
            Assert.Equal(2L, back["id"]);
        }

        private static OrderedDictionary Map(params (object Key, object? Value)[] pairs)
        {
            var map = new OrderedDictionary();
            foreach (var (k, v) in pairs) map.Add(k, v);
            return map;
        }
    }
}
