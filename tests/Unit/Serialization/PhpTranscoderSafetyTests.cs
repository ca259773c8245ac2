using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Numerics;
using System.Text;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Serialization.Families;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>
    /// Hostile and damaged PHP values: each is refused with an error naming the family, never returned as garbage, and
    /// declared sizes are checked before anything is allocated. And what PHP would change on writing is refused.
    /// </summary>
    public class PhpTranscoderSafetyTests
    {
        private static readonly PhpMemcachedTranscoder Memcached = new PhpMemcachedTranscoder();
        private static readonly PhpMemcacheTranscoder Memcache = new PhpMemcacheTranscoder();

        private static string Refused(ITranscoder transcoder, byte[] data, uint flags) =>
            Assert.Throws<MemcachedSerializationException>(() => transcoder.Decode(new ArraySegment<byte>(data), flags)).Message;

        [Theory]
        [InlineData("a:1:{i:0;i:12345", "ends where ';' belongs")]          // truncated
        [InlineData("a:2:{i:0;i:1;", "declares 2 elements")]                // truncated: too short for its count
        [InlineData("s:4294967295:\"x\";", "declares 4294967295 bytes")]   // a hostile 4 GB string length
        [InlineData("a:999999999:{}", "declares 999999999 elements")]       // a hostile element count
        [InlineData("s:5:\"abc\";", "declares 5 bytes")]
        [InlineData("i:99999999999999999999;", "64-bit int")]
        [InlineData("b:2;", "neither 0 nor 1")]
        [InlineData("N;xx", "2 bytes follow the end")]
        [InlineData("O:8:\"stdClass\":0:{}", "PHP object (tag 'O:', class stdClass)")]
        [InlineData("C:11:\"ArrayObject\":0:{}", "PHP object (tag 'C:', class ArrayObject)")]
        [InlineData("E:7:\"Foo:Bar\";", "enum case (tag 'E:')")]
        [InlineData("a:1:{i:0;r:1;}", "PHP reference (tag 'r:')")]
        [InlineData("S:1:\"\\61\";", "escaped string (tag 'S:')")]
        [InlineData("x:1;", "unknown tag 'x'")]
        [InlineData("a:2:{i:0;i:1;i:0;i:2;}", "the key 0 twice")]
        [InlineData("a:1:{s:1:\"5\";i:1;}", "PHP keeps as the integer 5")]
        [InlineData("a:1:{d:1.5;i:1;}", "key must be 'i:' or 's:'")]
        [InlineData("d:1.5x;", "not a floating-point number")]
        public void DamagedOrForeignSerializeDataIsRefused(string payload, string reason)
        {
            byte[] data = Encoding.UTF8.GetBytes(payload);
            string m1 = Refused(Memcached, data, 4);
            Assert.StartsWith("php-memcached:", m1);
            Assert.Contains(reason, m1);
            string m2 = Refused(Memcache, data, 1);
            Assert.StartsWith("php-memcache (pecl memcache):", m2);
            Assert.Contains(reason, m2);
        }

        [Fact]
        public void AHostileDeclaredLengthIsRefusedBeforeAllocating()
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            // php-memcached compressed (16 | zlib 32), declaring 0xFFFFFFFF bytes.
            string message = Refused(Memcached, new byte[] { 0xff, 0xff, 0xff, 0xff, 0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 }, 16 | 32);
            Assert.Contains("declares 4294967295 bytes", message);
            message = Refused(Memcached, new byte[] { 0xff, 0xff, 0xff, 0x7f, 0x00, 0x61 }, 16 | 64);
            Assert.Contains("declares 2147483647 bytes", message);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "a hostile length must not allocate");
        }

        [Fact]
        public void DamagedFastLzIsRefused()
        {
            // level 1: one literal byte, then a match 100 bytes back
            Assert.Contains("before the start of the output", Refused(Memcached, new byte[] { 10, 0, 0, 0, 0, 0x61, 0x20, 99 }, 16 | 64));
            // a literal run longer than the block
            Assert.Contains("past the end of the block", Refused(Memcached, new byte[] { 10, 0, 0, 0, 9, 0x61 }, 16 | 64));
            // inflates to fewer bytes than declared
            Assert.Contains("not the 10 its header declares", Refused(Memcached, new byte[] { 10, 0, 0, 0, 0, 0x61 }, 16 | 64));
            // level 3 does not exist
            Assert.Contains("level 3", Refused(Memcached, new byte[] { 10, 0, 0, 0, 0x40, 0x61 }, 16 | 64));
            // compressed, naming neither zlib nor FastLZ
            Assert.Contains("names no compression", Refused(Memcached, new byte[] { 1, 0, 0, 0, 0x61 }, 16));
        }

        [Fact]
        public void AZlibBombIsRefusedAtTheLimit()
        {
            var big = new byte[10_000_000];
            byte[] zlib = PhpMemcacheTranscoderZlib(big);
            var small = new PhpMemcacheTranscoder { MaxDecompressedSize = 1_000_000 };
            Assert.Contains("more than the 1000000 bytes", Assert.Throws<MemcachedSerializationException>(() => small.Decode(new ArraySegment<byte>(zlib), 2)).Message);
        }

        private static byte[] PhpMemcacheTranscoderZlib(byte[] data) =>
            new PhpMemcacheTranscoder { CompressionThreshold = 1 }.Encode(data).Data.ToArray();

        [Fact]
        public void WhatPhpWouldChangeIsRefusedOnWriting()
        {
            var numericString = new OrderedDictionary { ["5"] = "x" };
            Assert.Contains("PHP keeps as the integer key 5", Assert.Throws<MemcachedSerializationException>(() => Memcached.Encode(numericString)).Message);
            Assert.Contains("empty dictionary", Assert.Throws<MemcachedSerializationException>(() => Memcache.Encode(new Dictionary<string, object>())).Message);
            var listLike = new OrderedDictionary { [0L] = "a", [1L] = "b" };
            Assert.Contains("cannot tell from a list", Assert.Throws<MemcachedSerializationException>(() => Memcached.Encode(listLike)).Message);
            Assert.Contains("beyond PHP's 64-bit int", Assert.Throws<MemcachedSerializationException>(() => Memcached.Encode(ulong.MaxValue)).Message);
            Assert.Contains("beyond PHP's 64-bit int", Assert.Throws<MemcachedSerializationException>(() => Memcache.Encode(new List<object> { BigInteger.Pow(2, 70) })).Message);
            Assert.Contains("no PHP plain-data form", Assert.Throws<MemcachedSerializationException>(() => Memcached.Encode(new Uri("http://x/"))).Message);
            Assert.Contains("unpaired surrogate", Assert.Throws<MemcachedSerializationException>(() => Memcached.Encode("a\uD800")).Message);
            var cycle = new List<object?>();
            cycle.Add(cycle);
            Assert.Contains("contains itself", Assert.Throws<MemcachedSerializationException>(() => Memcache.Encode(cycle)).Message);
        }

        [Fact]
        public void KeysPhpKeepsAsTextStayText()
        {
            var map = new OrderedDictionary { ["05"] = 1L, ["-0"] = 2L, ["9223372036854775808"] = 3L, [7L] = 4L };
            var encoded = Memcached.Encode(map);
            Assert.Equal("a:4:{s:2:\"05\";i:1;s:2:\"-0\";i:2;s:19:\"9223372036854775808\";i:3;i:7;i:4;}", Encoding.ASCII.GetString(encoded.Data));
            var back = Assert.IsType<OrderedDictionary>(Memcached.Decode(encoded.Data, encoded.Flags));
            Assert.Equal(new object[] { "05", "-0", "9223372036854775808", 7L }, new List<object>(System.Linq.Enumerable.Cast<object>(back.Keys)));
        }

        [Theory]
        [InlineData(0.1, "d:0.1;")]
        [InlineData(1.0, "d:1;")]
        [InlineData(-0.0, "d:-0;")]
        [InlineData(double.NaN, "d:NAN;")]
        [InlineData(double.NegativeInfinity, "d:-INF;")]
        [InlineData(1e25, "d:1E+25;")]
        public void DoublesInsideArraysAreWrittenShortestAndReadBackExactly(double value, string expected)
        {
            var encoded = Memcached.Encode(new List<object?> { value });
            Assert.Equal("a:1:{i:0;" + expected + "}", Encoding.ASCII.GetString(encoded.Data));
            var back = Assert.IsType<List<object?>>(Memcached.Decode(encoded.Data, encoded.Flags));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits((double)back[0]!));
        }

        [Fact]
        public void UnknownTypeCodes()
        {
            // php-memcached: type codes above 7 come back as the stored bytes (ITranscoder's rule); PHP itself fails on them.
            Assert.Equal(new byte[] { 1, 2 }, Memcached.Decode(new ArraySegment<byte>(new byte[] { 1, 2 }), 9));
            // pecl memcache reads a type code it does not know as a string, and so do we.
            Assert.Equal("ab", Memcache.Decode(new ArraySegment<byte>(Encoding.ASCII.GetBytes("ab")), 0x200));
            // user flags in the upper 16 bits are the application's and do not change the reading.
            Assert.Equal(-5L, Memcached.Decode(new ArraySegment<byte>(Encoding.ASCII.GetBytes("-5")), 1 | (7u << 16)));
            Assert.Equal(-5L, Memcache.Decode(new ArraySegment<byte>(Encoding.ASCII.GetBytes("-5")), 0x300 | 0x10000));
        }
    }
}
