using System.Linq;
using MemcachePS.Core.Cluster;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    public class RendezvousLocatorTests
    {
        [Fact]
        public void Places_keys_as_pymemcache_HashClient_does()
        {
            var locator = new RendezvousLocator(LocatorVectors.Servers());
            int[] placed = LocatorVectors.Keys.Select(locator.Locate).ToArray();
            Assert.Equal(new[] { 3, 3, 2, 1, 1, 0, 0, 2 }, placed);
        }

        [Fact]
        public void Ignores_weights_because_pymemcache_has_none()
        {
            var plain = new RendezvousLocator(LocatorVectors.Servers());
            var weighted = new RendezvousLocator(LocatorVectors.WeightedServers());
            Assert.Equal(LocatorVectors.Keys.Select(plain.Locate), LocatorVectors.Keys.Select(weighted.Locate));
        }

        [Theory]
        [InlineData("10.0.0.1:11211", "10.0.0.1:11211")]
        [InlineData("cache", "cache:11211")]
        [InlineData("[::1]:11300", "::1:11300")]
        [InlineData("[::1]", "::1:11211")]
        [InlineData("unix:/run/memcached.sock", "/run/memcached.sock")]
        [InlineData("/run/memcached.sock", "/run/memcached.sock")]
        public void Names_nodes_as_HashClient_does(string address, string expectedNodeName)
        {
            Assert.Equal(expectedNodeName, RendezvousLocator.NodeName(ServerAddress.Parse(address)));
        }

        [Fact]
        public void Scores_a_node_with_murmur3_of_node_dash_key()
        {
            // With two nodes the winner is the one with the higher murmur3("<node>-<key>").
            var servers = new[] { ServerAddress.Parse("h1:1"), ServerAddress.Parse("h2:2") };
            var locator = new RendezvousLocator(servers);
            uint first = Murmur3.Hash32(System.Text.Encoding.ASCII.GetBytes("h1:1-k"));
            uint second = Murmur3.Hash32(System.Text.Encoding.ASCII.GetBytes("h2:2-k"));
            Assert.Equal(first > second ? 0 : 1, locator.Locate("k"));
        }

        [Fact]
        public void Hashes_one_byte_per_code_point_like_pymemcache_not_utf8()
        {
            // pymemcache's murmur3 reads ord(c) & 0xff: "é" is the single byte 0xE9, "😀" (U+1F600) the byte 0x00.
            var servers = new[] { ServerAddress.Parse("h1:1"), ServerAddress.Parse("h2:2") };
            var locator = new RendezvousLocator(servers);
            Assert.Equal(locator.Locate("x\u0000"), locator.Locate("x\U0001F600"));
            Assert.Equal(locator.Locate("x\u00e9"), locator.Locate("x\u01e9"));
        }

        [Fact]
        public void Counts_a_repeated_server_name_once_and_answers_its_first_index()
        {
            var servers = new[] { ServerAddress.Parse("h1:1"), ServerAddress.Parse("h2:2"), ServerAddress.Parse("h1:1") };
            var locator = new RendezvousLocator(servers);
            Assert.DoesNotContain(2, Enumerable.Range(0, 500).Select(i => locator.Locate("key" + i)));
        }

        [Fact]
        public void Places_the_empty_string_and_very_long_keys()
        {
            var locator = new RendezvousLocator(LocatorVectors.Servers());
            Assert.InRange(locator.Locate(""), 0, 3);
            Assert.InRange(locator.Locate(new string('k', 100_000)), 0, 3);
        }
    }
}
