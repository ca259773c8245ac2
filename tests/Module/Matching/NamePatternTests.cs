using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Matching;
using Xunit;

namespace MemcachePS.Tests.Module.Matching
{
    /// <summary>
    /// The module matches keys, server names and connection names with PowerShell's WildcardPattern; these are the rules
    /// its own matcher had (and the Pester suite relies on), checked against PowerShell's.
    /// </summary>
    public class NamePatternTests
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
            Assert.Equal(expected, NamePattern.Create(pattern).IsMatch(text));
        }

        [Theory]
        [InlineData("k[0-9]", "k7", true)]
        [InlineData("k[0-9]", "kx", false)]
        [InlineData("k[abc]", "kb", true)]
        [InlineData("k[abc]", "kd", false)]
        public void Character_sets_and_ranges_match_one_character(string pattern, string text, bool expected)
        {
            Assert.Equal(expected, NamePattern.Create(pattern).IsMatch(text));
        }

        [Fact]
        public void Matching_ignores_case_unless_asked_not_to()
        {
            Assert.True(NamePattern.Create("USER:*").IsMatch("user:1"));
            Assert.False(NamePattern.Create("USER:*", caseSensitive: true).IsMatch("user:1"));
            Assert.True(NamePattern.Create("user:*", caseSensitive: true).IsMatch("user:1"));
        }

        [Fact]
        public void A_backtick_escapes_a_wildcard_character()
        {
            Assert.True(NamePattern.Create("a`*b").IsMatch("a*b"));
            Assert.False(NamePattern.Create("a`*b").IsMatch("axb"));
            Assert.True(NamePattern.Create("q`?").IsMatch("q?"));
            Assert.True(NamePattern.Create(WildcardPattern.Escape("k[1]*")).IsMatch("k[1]*"));
        }

        [Theory]
        [InlineData("plain", false)]
        [InlineData("a*", true)]
        [InlineData("a?", true)]
        [InlineData("a[1]", true)]
        [InlineData("a`*", false)]
        [InlineData(null, false)]
        public void HasWildcards_sees_unescaped_wildcards_only(string? text, bool expected)
        {
            Assert.Equal(expected, NamePattern.HasWildcards(text));
        }

        [Fact]
        public void An_unclosed_set_is_refused_when_the_pattern_is_made()
        {
            var error = Assert.Throws<MemcachedClientException>(() => NamePattern.Create("k[0-9"));

            Assert.Contains("k[0-9", error.Message);
        }
    }
}
