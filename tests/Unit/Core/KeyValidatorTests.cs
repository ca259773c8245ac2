using MemcachePS.Core;
using Xunit;

namespace MemcachePS.Tests.Unit.Core
{
    public sealed class KeyValidatorTests
    {
        [Theory]
        [InlineData("a")]
        [InlineData("user:42:profile")]
        [InlineData("ключ")]
        [InlineData("~!@#$%^&*()_+{}|:\"<>?")]
        public void Printable_keys_are_valid(string key) => Assert.True(KeyValidator.IsValid("", key, false, out _));

        [Theory]
        [InlineData(' ')]
        [InlineData('\t')]
        [InlineData('\r')]
        [InlineData('\n')]
        [InlineData('\0')]
        [InlineData('\u007f')]
        [InlineData('\u001b')]
        public void Whitespace_and_control_characters_are_invalid(char c)
        {
            Assert.False(KeyValidator.IsValid("", "a" + c + "b", false, out string? error));
            Assert.Contains("cannot contain whitespace or control characters", error);
            Assert.DoesNotContain("\r", error);
            Assert.DoesNotContain("\n", error);
        }

        [Fact]
        public void With_base64_any_character_is_valid_but_the_encoded_length_counts()
        {
            Assert.True(KeyValidator.IsValid("", "a b\r\n", true, out _));
            Assert.True(KeyValidator.IsValid("", new string('x', 186), true, out _));   // 248 bytes once encoded
            Assert.False(KeyValidator.IsValid("", new string('x', 187), true, out _));  // 252 bytes once encoded
        }

        [Fact]
        public void An_empty_key_is_invalid() => Assert.False(KeyValidator.IsValid("", "", false, out _));
    }
}
