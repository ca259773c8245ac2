using System;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Protocol;
using MemcachePS.Tests.Unit.Reliability;
using Xunit;

namespace MemcachePS.Tests.Unit.Protocol
{
    /// <summary>The binary protocol's request encoding and response parsing, without a server.</summary>
    public sealed class BinaryProtocolTests
    {
        private static byte[] Packet(byte opcode, ushort status, uint opaque, ulong cas, byte[]? extras = null, string key = "", string value = "") =>
            ParserFuzzTests.BinaryPacket(opcode, status, opaque, cas, extras, key, value);

        private static (int consumed, ParsedResponse reply) Parse(byte[] bytes, int max = 1024 * 1024)
        {
            int n = BinaryResponseParser.TryParse(bytes, 0, bytes.Length, out var r, max);
            return (n, r);
        }

        [Fact]
        public void A_hit_gives_the_value_flags_cas_key_opaque_and_opcode()
        {
            byte[] p = Packet(BinaryOpcode.GetK, 0, 7, 99, new byte[] { 0, 0, 0, 16 }, "key", "hello");
            var (n, r) = Parse(p);
            Assert.Equal(p.Length, n);
            Assert.Equal(ResponseStatus.Value, r.Status);
            Assert.Equal("hello", Encoding.ASCII.GetString(p, r.ValueOffset, r.ValueLength));
            Assert.Equal("key", Encoding.ASCII.GetString(p, r.KeyOffset, r.KeyLength));
            Assert.Equal(16u, r.ClientFlags);
            Assert.Equal(99UL, r.Cas);
            Assert.Equal(7u, r.Opaque);
            Assert.Equal(BinaryOpcode.GetK, r.Opcode);
        }

        [Theory]
        // Each binary status becomes what the meta and classic protocols give for the same case (docs/RELIABILITY.md).
        [InlineData(BinaryOpcode.GetK, 0x01, nameof(ResponseStatus.Miss), null)]
        [InlineData(BinaryOpcode.Delete, 0x01, nameof(ResponseStatus.NotFound), null)]
        [InlineData(BinaryOpcode.Set, 0x02, nameof(ResponseStatus.Exists), null)]
        [InlineData(BinaryOpcode.Append, 0x05, nameof(ResponseStatus.NotStored), null)]
        [InlineData(BinaryOpcode.Set, 0x03, nameof(ResponseStatus.ServerError), "object too large for cache")]
        [InlineData(BinaryOpcode.Increment, 0x06, nameof(ResponseStatus.ClientError), "cannot increment or decrement non-numeric value")]
        [InlineData(BinaryOpcode.Set, 0x82, nameof(ResponseStatus.ServerError), "out of memory storing object")]
        [InlineData(BinaryOpcode.Set, 0x04, nameof(ResponseStatus.ClientError), "invalid arguments (boom)")]
        [InlineData(BinaryOpcode.Set, 0x85, nameof(ResponseStatus.ServerError), "busy (boom)")]
        [InlineData(BinaryOpcode.Set, 0x86, nameof(ResponseStatus.ServerError), "temporary failure (boom)")]
        [InlineData(BinaryOpcode.Set, 0x84, nameof(ResponseStatus.ServerError), "internal error (boom)")]
        [InlineData(BinaryOpcode.Set, 0x83, nameof(ResponseStatus.ServerError), "not supported (boom)")]
        [InlineData(BinaryOpcode.Set, 0x81, nameof(ResponseStatus.Error), "unknown command (boom)")]
        [InlineData(BinaryOpcode.Set, 0x20, nameof(ResponseStatus.AuthError), "boom")]
        [InlineData(BinaryOpcode.SaslAuth, 0x21, nameof(ResponseStatus.AuthContinue), null)]
        [InlineData(BinaryOpcode.Set, 0x4242, nameof(ResponseStatus.ServerError), "binary status 0x4242 (boom)")]
        [InlineData(BinaryOpcode.NoOp, 0, nameof(ResponseStatus.NoOp), null)]
        [InlineData(BinaryOpcode.Touch, 0, nameof(ResponseStatus.Success), null)]
        public void Every_status_code_maps_to_the_status_the_text_protocols_give(byte opcode, int status, string expected, string? message)
        {
            var (n, r) = Parse(Packet(opcode, (ushort)status, 1, 0, value: message == null ? "" : "boom"));
            Assert.True(n > 0);
            Assert.Equal(expected, r.Status.ToString());
            if (message != null) Assert.Equal(message, r.Message);
        }

        [Fact]
        public void A_truncated_header_or_body_waits_for_more_bytes()
        {
            byte[] p = Packet(BinaryOpcode.GetK, 0, 1, 0, new byte[4], "k", "0123456789");
            for (int count = 0; count < p.Length; count++)
            {
                Assert.Equal(0, BinaryResponseParser.TryParse(p, 0, count, out var r, 1024));
                if (count >= 24) Assert.Equal(p.Length, r.PendingLength); // known from the header: room is made at once
            }
        }

        [Fact]
        public void A_hostile_body_length_is_refused_at_the_header_before_any_byte_of_it()
        {
            byte[] p = Packet(BinaryOpcode.GetK, 0, 1, 0, new byte[4], "k", "x");
            p[8] = 0xFF; p[9] = 0xFF; p[10] = 0xFF; p[11] = 0xFF; // 4 GiB body, header only
            var e = Assert.Throws<MemcachedProtocolException>(() => BinaryResponseParser.TryParse(p, 0, 24, out _, 1024 * 1024));
            Assert.Contains("1 GiB", e.Message);

            byte[] q = Packet(BinaryOpcode.GetK, 0, 1, 0, new byte[4], "k", "x");
            q[8] = 0; q[9] = 0x20; q[10] = 0; q[11] = 0; // 2 MiB against an item_size_max of 1 MiB
            e = Assert.Throws<MemcachedProtocolException>(() => BinaryResponseParser.TryParse(q, 0, 24, out _, 1024 * 1024));
            Assert.Contains("item_size_max", e.Message);
        }

        [Theory]
        [InlineData(0x80)] // a request's magic
        [InlineData((int)'V')] // text: "VALUE …", "VERSION …"
        [InlineData(0x00)]
        public void Garbage_magic_is_a_protocol_error_from_the_first_byte(int magic)
        {
            byte[] p = Packet(BinaryOpcode.GetK, 0, 1, 0, new byte[4], "k", "x");
            p[0] = (byte)magic;
            var e = Assert.Throws<MemcachedProtocolException>(() => BinaryResponseParser.TryParse(p, 0, 1, out _, 1024));
            Assert.Contains("magic", e.Message);
        }

        [Fact]
        public void Key_and_extras_longer_than_the_body_are_refused()
        {
            byte[] p = Packet(BinaryOpcode.GetK, 0, 1, 0, new byte[4], "key", "");
            p[11] = 2; // body of 2 bytes, while extras (4) and key (3) say 7
            Assert.Throws<MemcachedProtocolException>(() => BinaryResponseParser.TryParse(p, 0, p.Length, out _, 1024));
        }

        [Fact]
        public void A_set_request_carries_flags_exptime_key_value_cas_and_opaque_big_endian()
        {
            var b = new RequestBuffer();
            BinaryRequestWriter.Store(b, "p:", "k", StoreMode.Set, new ArraySegment<byte>(Encoding.ASCII.GetBytes("val")), 0x01020304, 300, 0x1122334455667788, 0xAABBCCDD, quiet: false);
            byte[] expected =
            {
                0x80, 0x01, 0x00, 0x03, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0E, 0xAA, 0xBB, 0xCC, 0xDD,
                0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
                0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x01, 0x2C, (byte)'p', (byte)':', (byte)'k', (byte)'v', (byte)'a', (byte)'l',
            };
            Assert.Equal(expected, b.Bytes.AsSpan(0, b.Length).ToArray());
        }

        [Theory]
        [InlineData(StoreMode.Set, false, BinaryOpcode.Set)]
        [InlineData(StoreMode.Set, true, BinaryOpcode.SetQ)]
        [InlineData(StoreMode.Add, true, BinaryOpcode.AddQ)]
        [InlineData(StoreMode.Replace, false, BinaryOpcode.Replace)]
        [InlineData(StoreMode.Append, false, BinaryOpcode.Append)]
        [InlineData(StoreMode.Prepend, true, BinaryOpcode.PrependQ)]
        public void Store_modes_use_their_opcodes_and_append_carries_no_extras(StoreMode mode, bool quiet, byte opcode)
        {
            var b = new RequestBuffer();
            BinaryRequestWriter.Store(b, "", "k", mode, new ArraySegment<byte>(new byte[2]), 0, 0, 0, 1, quiet);
            Assert.Equal(opcode, b.Bytes[1]);
            Assert.Equal(mode == StoreMode.Append || mode == StoreMode.Prepend ? 0 : 8, b.Bytes[4]);
            Assert.Equal(b.Length - 24, (int)BinaryResponseParser.ReadUInt32(b.Bytes, 8));
        }

        [Fact]
        public void An_increment_never_lets_the_server_create_the_counter()
        {
            var b = new RequestBuffer();
            BinaryRequestWriter.Arithmetic(b, "", "c", decrement: false, delta: 5, opaque: 1);
            Assert.Equal(BinaryOpcode.Increment, b.Bytes[1]);
            Assert.Equal(20, b.Bytes[4]);
            Assert.Equal(5UL, BinaryResponseParser.ReadUInt64(b.Bytes, 24));
            Assert.Equal(0xFFFFFFFFu, BinaryResponseParser.ReadUInt32(b.Bytes, 40)); // exptime "do not create"
        }
    }
}
