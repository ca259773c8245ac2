using MemcachePS.Core;
using MemcachePS.Core.Matching;
using Xunit;

namespace MemcachePS.Tests.Unit.Matching
{
    public class WildcardMatcherTests
    {
        [Theory]
        [InlineData("user:*", "user:42", true)]
        [InlineData("user:*", "session:42", false)]
        [InlineData("*:42", "user:42", true)]
        [InlineData("u?er:*", "user:1", true)]
        [InlineData("u?er:*", "uer:1", false)]
        [InlineData("*", "", true)]
        [InlineData("a*b*c", "axxbyyc", true)]
        [InlineData("a*b*c", "axxbyy", false)]
        [InlineData("*aab", "aaaab", true)]
        [InlineData("exact", "exact", true)]
        [InlineData("exact", "exactly", false)]
        public void Matches_like_PowerShell_like(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, new WildcardMatcher(pattern).IsMatch(text));
        }

        [Theory]
        [InlineData("k[0-9]", "k7", true)]
        [InlineData("k[0-9]", "kx", false)]
        [InlineData("k[abc]", "kb", true)]
        [InlineData("k[abc]", "kd", false)]
        public void Character_sets_and_ranges_match_one_character(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, new WildcardMatcher(pattern).IsMatch(text));
        }

        [Fact]
        public void Matching_ignores_case_unless_asked_not_to()
        {
            Assert.True(new WildcardMatcher("USER:*").IsMatch("user:1"));
            Assert.False(new WildcardMatcher("USER:*", ignoreCase: false).IsMatch("user:1"));
        }

        [Fact]
        public void A_backtick_escapes_a_wildcard_character()
        {
            Assert.True(new WildcardMatcher("a`*b").IsMatch("a*b"));
            Assert.False(new WildcardMatcher("a`*b").IsMatch("axb"));
            Assert.True(new WildcardMatcher("q`?").IsMatch("q?"));
        }

        [Theory]
        [InlineData("plain", false)]
        [InlineData("a*", true)]
        [InlineData("a?", true)]
        [InlineData("a[1]", true)]
        [InlineData("a`*", false)]
        [InlineData(null, false)]
        public void ContainsWildcards_sees_unescaped_wildcards_only(string? text, bool expected)
        {
            Assert.Equal(expected, WildcardMatcher.ContainsWildcards(text));
        }

        [Fact]
        public void An_unclosed_set_is_refused()
        {
            Assert.Throws<MemcachedClientException>(() => new WildcardMatcher("k[0-9"));
        }
    }
}
