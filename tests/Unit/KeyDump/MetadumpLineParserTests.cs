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
