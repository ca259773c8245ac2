using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Protocol;
using Xunit;

namespace MemcachePS.Tests.Unit.Protocol
{
    public sealed class TextResponseParserTests
    {
        private static (int consumed, ParsedResponse reply, byte[] buffer) Parse(string text)
        {
            byte[] buffer = Encoding.UTF8.GetBytes(text);
            int consumed = TextResponseParser.TryParse(buffer, 0, buffer.Length, out var reply);
            return (consumed, reply, buffer);
        }

        [Fact]
        public void A_value_block_gives_key_flags_data_and_cas()
        {
            var (consumed, r, buf) = Parse("VALUE foo 3 5 77\r\nhello\r\nEND\r\n");
            Assert.Equal(ResponseStatus.Value, r.Status);
            Assert.Equal("foo", Encoding.UTF8.GetString(buf, r.KeyOffset, r.KeyLength));
            Assert.Equal(3u, r.ClientFlags);
            Assert.Equal(77UL, r.Cas);
            Assert.Equal("hello", Encoding.UTF8.GetString(buf, r.ValueOffset, r.ValueLength));
            Assert.Equal("VALUE foo 3 5 77\r\nhello\r\n".Length, consumed);
        }

        [Theory]
        [InlineData("STORED\r\n", nameof(ResponseStatus.Success))]
        [InlineData("DELETED\r\n", nameof(ResponseStatus.Success))]
        [InlineData("TOUCHED\r\n", nameof(ResponseStatus.Success))]
        [InlineData("OK\r\n", nameof(ResponseStatus.Success))]
        [InlineData("NOT_STORED\r\n", nameof(ResponseStatus.NotStored))]
        [InlineData("EXISTS\r\n", nameof(ResponseStatus.Exists))]
        [InlineData("NOT_FOUND\r\n", nameof(ResponseStatus.NotFound))]
        [InlineData("END\r\n", nameof(ResponseStatus.End))]
        [InlineData("42\r\n", nameof(ResponseStatus.Line))]
        [InlineData("STAT pid 1\r\n", nameof(ResponseStatus.Line))]
        [InlineData("ERROR\r\n", nameof(ResponseStatus.Error))]
        public void Lines_are_classified(string text, string expected)
        {
            Assert.Equal(expected, Parse(text).reply.Status.ToString());
        }

        [Theory]
        [InlineData("VALUE foo 0 5\r\nhel")]
        [InlineData("VALUE foo 0 5")]
        [InlineData("STORED\r")]
        public void An_incomplete_reply_needs_more_bytes(string text)
        {
            Assert.Equal(0, Parse(text).consumed);
        }

        [Theory]
        [InlineData("VALUE foo x 5\r\nhello\r\n")]
        [InlineData("VALUE foo 0\r\n")]
        [InlineData("VALUE  0 5\r\nhello\r\n")]
        [InlineData("VALUE foo 0 2\r\nhello\r\n")]
        [InlineData("VALUE foo 0 5 -1\r\nhello\r\n")]
        [InlineData("STORED\n")]
        public void Garbage_is_a_protocol_error(string text)
        {
            Assert.Throws<MemcachedProtocolException>(() => Parse(text));
        }
    }
}
