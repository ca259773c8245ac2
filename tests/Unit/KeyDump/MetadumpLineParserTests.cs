using System;
using MemcachePS.Core.KeyDump;
using Xunit;

namespace MemcachePS.Tests.Unit.KeyDump
{
    public class MetadumpLineParserTests
    {
        [Fact]
        public void Reads_every_field_of_a_memcached_1_6_line()
        {
            var entry = MetadumpLineParser.Parse("key=plain exp=1795316602 la=1795316502 cas=20062 fetch=no cls=1 size=65")!;

            Assert.Equal("plain", entry.Key);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795316602), entry.Expires);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795316502), entry.LastAccess);
            Assert.Equal(20062ul, entry.Cas);
            Assert.False(entry.Fetched);
            Assert.Equal(1, entry.SlabClass);
            Assert.Equal(65, entry.Size);
        }

        [Fact]
        public void Exp_minus_one_means_never_expires()
        {
            Assert.Null(MetadumpLineParser.Parse("key=k exp=-1 la=1795316502 cas=1 fetch=yes cls=1 size=65")!.Expires);
        }

        [Fact]
        public void Fetch_yes_means_the_item_was_read()
        {
            Assert.True(MetadumpLineParser.Parse("key=k exp=-1 la=1 cas=1 fetch=yes cls=1 size=65")!.Fetched);
        }

        [Fact]
        public void Url_encoded_keys_are_decoded()
        {
            // memcached wrote these for the keys "a%20b" and "déjà" (UTF-8).
            Assert.Equal("a%20b", MetadumpLineParser.Parse("key=a%2520b exp=-1 la=1 cas=1 fetch=no cls=1 size=71")!.Key);
            Assert.Equal("déjà", MetadumpLineParser.Parse("key=d%C3%A9j%C3%A0 exp=-1 la=1 cas=1 fetch=no cls=1 size=71")!.Key);
        }

        [Fact]
        public void A_malformed_escape_is_kept_literally()
        {
            Assert.Equal("100%zz", MetadumpLineParser.UrlDecode("100%zz"));
            Assert.Equal("end%", MetadumpLineParser.UrlDecode("end%"));
        }

        [Theory]
        [InlineData("100%zz", "100%zz")]
        [InlineData("end%", "end%")]
        [InlineData("end%4", "end%4")]
        [InlineData("%4g%41", "%4gA")]
        [InlineData("%%41", "%A")]
        public void A_malformed_escape_in_a_dump_line_is_kept_literally(string written, string key)
        {
            Assert.Equal(key, MetadumpLineParser.Parse($"key={written} exp=-1 la=1 cas=1 fetch=no cls=1 size=71")!.Key);
        }

        [Fact]
        public void A_long_escaped_key_then_a_short_one_each_decode_to_their_own_bytes()
        {
            // The decoding buffer is reused from key to key and grows for long keys: nothing of one key may reach the next.
            string longKey = new string('x', 300) + ":" + new string('y', 300);
            string written = longKey.Replace(":", "%3A");
            Assert.Equal(longKey, MetadumpLineParser.Parse($"key={written} exp=-1 la=1 cas=1 fetch=no cls=1 size=700")!.Key);
            Assert.Equal("a:b", MetadumpLineParser.Parse("key=a%3Ab exp=-1 la=1 cas=1 fetch=no cls=1 size=71")!.Key);
            Assert.Equal("k", MetadumpLineParser.Parse("key=k exp=-1 la=1 cas=1 fetch=no cls=1 size=71")!.Key);
        }

        [Fact]
        public void Characters_memcached_would_have_escaped_are_kept_as_they_are()
        {
            // Not what memcached writes, but a key must not change: é and a character outside the BMP stay whole.
            Assert.Equal("é b", MetadumpLineParser.UrlDecode("é%20b"));
            Assert.Equal("\U0001F600 b", MetadumpLineParser.UrlDecode("\U0001F600%20b"));
        }

        [Fact]
        public void A_base64_key_is_decoded_when_the_line_says_b()
        {
            Assert.Equal("bin key", MetadumpLineParser.Parse("key=YmluIGtleQ== b exp=-1 la=1 cas=1 fetch=no cls=1 size=71")!.Key);
        }

        [Fact]
        public void Unknown_fields_are_ignored()
        {
            var entry = MetadumpLineParser.Parse("key=k exp=-1 la=1 cas=7 fetch=no cls=2 size=90 future=thing")!;

            Assert.Equal(7ul, entry.Cas);
            Assert.Equal(2, entry.SlabClass);
        }

        // The parser reads bytes as they arrive (no string per line); these pin what it gave when it read strings.
        [Theory]
        [InlineData("key=k exp=99999999999999999999 la=1 cas=1 fetch=no cls=1 size=65", null, 1L, 1ul, false, 1, 65)]
        [InlineData("key=k exp=-5 la=-1 cas=-1 fetch=maybe cls=+2 size=2147483648", null, null, 0ul, null, 0, 0)]
        [InlineData("key=k  exp=0 la=0 cas=18446744073709551615 fetch=yes cls=63 size=1048576", null, null, 18446744073709551615ul, true, 63, 1048576)]
        [InlineData("key=k exp=1795316602 la=1795316502 cas=12x fetch= cls= size=", 1795316602L, 1795316502L, 0ul, null, 0, 0)]
        [InlineData("key=k exp=12 la=34 exp=56", 56L, 34L, 0ul, null, 0, 0)]
        public void Odd_numbers_read_as_before(string line, long? exp, long? la, ulong cas, bool? fetched, int cls, int size)
        {
            var entry = MetadumpLineParser.Parse(line)!;

            Assert.Equal("k", entry.Key);
            Assert.Equal(exp.HasValue ? DateTimeOffset.FromUnixTimeSeconds(exp.Value) : (DateTimeOffset?)null, entry.Expires);
            Assert.Equal(la.HasValue ? DateTimeOffset.FromUnixTimeSeconds(la.Value) : (DateTimeOffset?)null, entry.LastAccess);
            Assert.Equal(cas, entry.Cas);
            Assert.Equal(fetched, entry.Fetched);
            Assert.Equal(cls, entry.SlabClass);
            Assert.Equal(size, entry.Size);
        }

        [Fact]
        public void A_key_field_that_comes_twice_keeps_the_last_and_a_later_b_still_counts()
        {
            Assert.Equal("second", MetadumpLineParser.Parse("key=first exp=-1 key=second la=1")!.Key);
            Assert.Equal("bin key", MetadumpLineParser.Parse("key=YmluIGtleQ== exp=-1 la=1 cas=1 fetch=no cls=1 size=71 b")!.Key);
            Assert.Equal("not base64!", MetadumpLineParser.Parse("key=not%20base64%21 b exp=-1")!.Key);
        }

        [Fact]
        public void Keys_with_escapes_and_utf8_read_the_same_from_bytes()
        {
            var text = "key=d%C3%A9j%C3%A0%2Fx exp=-1 la=1 cas=1 fetch=no cls=1 size=71";
            var bytes = System.Text.Encoding.ASCII.GetBytes("XX" + text + "\n");
            var entry = MetadumpLineParser.Parse(bytes, 2, text.Length)!;

            Assert.Equal("déjà/x", entry.Key);
            Assert.Equal(71, entry.Size);
            Assert.Null(MetadumpLineParser.Parse(bytes, 0, text.Length + 2));
        }

        [Theory]
        [InlineData("END")]
        [InlineData("BUSY currently processing crawler request")]
        [InlineData("")]
        [InlineData("key= exp=-1")]
        public void Lines_that_are_not_keys_give_null(string line)
        {
            Assert.Null(MetadumpLineParser.Parse(line));
        }
    }
}
