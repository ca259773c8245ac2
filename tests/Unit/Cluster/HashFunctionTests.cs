using System;
using System.Security.Cryptography;
using System.Text;
using MemcachePS.Core.Cluster;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Known values; the libhashkit and pymemcache ones were computed by those libraries on Debian 12.</summary>
    public class HashFunctionTests
    {
        private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

        [Theory]
        [InlineData("", 0u, 0x00000000u)]
        [InlineData("", 1u, 0x514E28B7u)]
        [InlineData("", 0xFFFFFFFFu, 0x81F16F39u)]
        [InlineData("aaaa", 0x9747B28Cu, 0x5A97808Au)]
        [InlineData("Hello, world!", 0x9747B28Cu, 0x24884CBAu)]
        [InlineData("hello", 0u, 0x248BFA47u)]
        [InlineData("abc", 0u, 0xB3DD93FAu)]
        [InlineData("abcd", 0u, 0x43ED676Au)]
        [InlineData("abcde", 0u, 0xE89B9AF6u)]
        [InlineData("The quick brown fox jumps over the lazy dog", 0u, 0x2E4FF723u)]
        public void Murmur3_matches_known_values(string input, uint seed, uint expected)
        {
            Assert.Equal(expected, Murmur3.Hash32(Latin1(input), seed));
        }

        [Fact]
        public void Murmur3_hashes_only_the_given_range()
        {
            byte[] padded = Latin1("xxhelloyy");
            Assert.Equal(0x248BFA47u, Murmur3.Hash32(padded, 2, 5));
        }

        [Theory]
        [InlineData("", 0x00000000u)]
        [InlineData("123456789", 0xCBF43926u)]
        [InlineData("a", 0xE8B7BE43u)]
        [InlineData("hello", 0x3610A686u)]
        [InlineData("memcached", 0x2E7F2A78u)]
        public void Crc32_matches_binascii_crc32(string input, uint expected)
        {
            Assert.Equal(expected, Crc32.Compute(Encoding.UTF8.GetBytes(input)));
        }

        [Theory]
        [InlineData("", 0x00000000u)]
        [InlineData("a", 0xCA2E9442u)]
        [InlineData("hello", 0xC8FD181Bu)]
        [InlineData("memcached", 0xD9D121F8u)]
        [InlineData("127.0.0.1:11212-0", 0x3B876CB8u)]
        [InlineData("10.0.0.1-99", 0x5F06A744u)]
        public void OneAtATime_matches_libhashkit(string input, uint expected)
        {
            Assert.Equal(expected, OneAtATimeHash.Compute(Encoding.UTF8.GetBytes(input)));
        }

        [Fact]
        public void OneAtATime_sign_extends_bytes_above_0x7F_like_libhashkit()
        {
            // "café" in UTF-8 ends with 0xC3 0xA9; libhashkit reads them through a signed char.
            Assert.Equal(0xD99C709Eu, OneAtATimeHash.Compute(Encoding.UTF8.GetBytes("café")));
        }

        [Theory]
        [InlineData("", 0xD98C1DD4u)]
        [InlineData("a", 0xB975C10Cu)]
        [InlineData("hello", 0x2A40415Du)]
        [InlineData("café", 0xE47F1107u)]
        [InlineData("10.0.0.1-99", 0x2B634CD3u)]
        public void Md5_first_word_matches_libhashkit_md5(string input, uint expected)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(input);
            Assert.Equal(expected, Md5.FirstWord(bytes, 0, bytes.Length));
        }

        [Fact]
        public void Md5_words_equal_the_framework_digest_for_every_length_up_to_300()
        {
            var random = new Random(1234);
            using var reference = MD5.Create();
            int mismatches = 0;
            for (int length = 0; length <= 300; length++)
            {
                var data = new byte[length + 7];
                random.NextBytes(data);
                byte[] digest = reference.ComputeHash(data, 3, length);
                Md5.Compute(data, 3, length, out uint a, out uint b, out uint c, out uint d);
                if (a != BitConverter.ToUInt32(digest, 0) || b != BitConverter.ToUInt32(digest, 4) ||
                    c != BitConverter.ToUInt32(digest, 8) || d != BitConverter.ToUInt32(digest, 12))
                    mismatches++;
            }
            Assert.Equal(0, mismatches);
        }
    }
}
