using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Protocol;
using Xunit;

namespace MemcachePS.Tests.Unit.Protocol
{
    public sealed class MetaResponseParserTests
    {
        private static (int consumed, ParsedResponse reply, byte[] buffer) Parse(string text)
        {
            byte[] buffer = Encoding.UTF8.GetBytes(text);
            int consumed = MetaResponseParser.TryParse(buffer, 0, buffer.Length, out var reply);
            return (consumed, reply, buffer);
        }

        [Fact]
        public void A_value_reply_gives_the_value_flags_cas_and_opaque()
        {
            var (consumed, r, buf) = Parse("VA 5 f16 c99 O7 t-1 s5\r\nhello\r\n");
            Assert.Equal(ResponseStatus.Value, r.Status);
            Assert.Equal("hello", Encoding.UTF8.GetString(buf, r.ValueOffset, r.ValueLength));
            Assert.Equal(16u, r.ClientFlags);
            Assert.Equal(99UL, r.Cas);
            Assert.Equal(7u, r.Opaque);
            Assert.Equal(-1L, r.Ttl);
            Assert.Equal(buf.Length, consumed);
        }

        [Fact]
        public void A_value_containing_the_end_marker_is_read_by_its_length()
        {
            var (consumed, r, buf) = Parse("VA 6\r\n\r\nEN\r\n\r\nHD\r\n");
            Assert.Equal("\r\nEN\r\n", Encoding.UTF8.GetString(buf, r.ValueOffset, r.ValueLength));
            Assert.Equal("VA 6\r\n\r\nEN\r\n\r\n".Length, consumed);
        }

        [Theory]
        [InlineData("HD\r\n", nameof(ResponseStatus.Success))]
        [InlineData("EN\r\n", nameof(ResponseStatus.Miss))]
        [InlineData("NS O1\r\n", nameof(ResponseStatus.NotStored))]
        [InlineData("EX\r\n", nameof(ResponseStatus.Exists))]
        [InlineData("NF\r\n", nameof(ResponseStatus.NotFound))]
        [InlineData("MN\r\n", nameof(ResponseStatus.NoOp))]
        [InlineData("ERROR\r\n", nameof(ResponseStatus.Error))]
        [InlineData("CLIENT_ERROR bad data chunk\r\n", nameof(ResponseStatus.ClientError))]
        [InlineData("SERVER_ERROR out of memory storing object\r\n", nameof(ResponseStatus.ServerError))]
        public void Status_lines_are_classified(string text, string expected)
        {
            var (consumed, r, _) = Parse(text);
            Assert.Equal(expected, r.Status.ToString());
            Assert.Equal(text.Length, consumed);
        }

        [Fact]
        public void The_server_error_message_is_kept()
        {
            Assert.Equal("out of memory storing object", Parse("SERVER_ERROR out of memory storing object\r\n").reply.Message);
        }

        [Theory]
        [InlineData("")]
        [InlineData("HD")]
        [InlineData("HD\r")]
        [InlineData("VA 5 f1\r\n")]
        [InlineData("VA 5 f1\r\nhel")]
        [InlineData("VA 5 f1\r\nhello\r")]
        public void An_incomplete_reply_needs_more_bytes(string text)
        {
            Assert.Equal(0, Parse(text).consumed);
        }

        [Theory]
        [InlineData("XX\r\n")]
        [InlineData("HD\n")]
        [InlineData("VA x\r\n")]
        [InlineData("VA -1\r\n")]
        [InlineData("VA 3\r\nabcde\r\n")]
        [InlineData("HD f99999999999\r\n")]
        [InlineData("HD c18446744073709551616\r\n")]
        [InlineData("HDX\r\n")]
        [InlineData("HD  c1\r\n")]
        public void Garbage_is_a_protocol_error(string text)
        {
            Assert.Throws<MemcachedProtocolException>(() => Parse(text));
        }

        [Fact]
        public void A_line_without_an_end_past_the_limit_is_a_protocol_error()
        {
            Assert.Throws<MemcachedProtocolException>(() => Parse(new string('A', 9000)));
        }

        [Fact]
        public void Parsing_starts_at_the_offset_and_reads_only_one_reply()
        {
            byte[] buffer = Encoding.UTF8.GetBytes("junkHD O1\r\nEN O2\r\n");
            int consumed = MetaResponseParser.TryParse(buffer, 4, buffer.Length - 4, out var r);
            Assert.Equal(ResponseStatus.Success, r.Status);
            Assert.Equal(1u, r.Opaque);
            Assert.Equal("HD O1\r\n".Length, consumed);
        }
    }
}
