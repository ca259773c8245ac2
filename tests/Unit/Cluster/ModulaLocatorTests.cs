using System.Linq;
using MemcachePS.Core.Cluster;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    public class ModulaLocatorTests
    {
        [Fact]
        public void Places_keys_as_python_memcached_does()
        {
            var locator = new ModulaLocator(LocatorVectors.Servers());
            Assert.Equal(new[] { 3, 0, 3, 3, 1, 3, 1, 3 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Places_keys_as_python_memcached_does_with_weights()
        {
            var locator = new ModulaLocator(LocatorVectors.WeightedServers());
            Assert.Equal(new[] { 1, 2, 1, 2, 1, 1, 1, 0 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Repeats_each_server_weight_times_in_the_buckets()
        {
            Assert.Equal(7, new ModulaLocator(LocatorVectors.WeightedServers()).BucketCount);
        }

        [Fact]
        public void Turns_a_zero_server_hash_into_one_like_cmemcache_hash()
        {
            // crc32("k25") >> 16 & 0x7fff is 0; python-memcached's "or 1" makes it 1, so bucket 1, not bucket 0.
            Assert.Equal(1, ModulaLocator.ServerHash("k25"));
            Assert.Equal(1, new ModulaLocator(LocatorVectors.Servers()).Locate("k25"));
        }

        [Theory]
        [InlineData(0L, 0)]
        [InlineData(5L, 2)]
        [InlineData(6L, 3)]
        [InlineData(7L, 0)]
        [InlineData(100L, 1)]
        [InlineData(-1L, 3)]
        [InlineData(-8L, 3)]
        public void Pins_a_serverHash_tuple_to_the_bucket_python_memcached_uses(long serverHash, int expectedServer)
        {
            Assert.Equal(expectedServer, new ModulaLocator(LocatorVectors.WeightedServers()).LocateHash(serverHash));
        }

        [Fact]
        public void Lands_on_the_hashed_server_when_it_is_alive()
        {
            var locator = new ModulaLocator(LocatorVectors.Servers());
            Assert.Equal(locator.Locate("foo"), locator.LocateAlive("foo", _ => true));
        }

        [Fact]
        public void Rehashes_str_of_hash_plus_attempt_when_the_server_is_dead()
        {
            var locator = new ModulaLocator(LocatorVectors.Servers());
            int dead = locator.Locate("foo");
            int rehash = ModulaLocator.ServerHash(ModulaLocator.ServerHash("foo") + "0");
            int expected = rehash % 4 != dead ? rehash % 4 : -2;
            Assert.NotEqual(-2, expected); // the vector must exercise exactly one retry
            Assert.Equal(expected, locator.LocateAlive("foo", s => s != dead));
        }

        [Fact]
        public void Gives_up_after_ten_dead_tries()
        {
            Assert.Equal(-1, new ModulaLocator(LocatorVectors.Servers()).LocateAlive("foo", _ => false));
        }
    }
}
