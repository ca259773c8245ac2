using System.Linq;
using MemcachePS.Core.Cluster;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// Placements read from the real dalli 3.0.6 without any server running: <c>Dalli::Ring.new</c> over
    /// <c>Dalli::Protocol::Binary</c> servers built from <see cref="LocatorVectors"/>' addresses, asked with
    /// <c>server_for_hash_key(Zlib.crc32(key))</c>.
    /// </summary>
    public class DalliLocatorTests
    {
        [Fact]
        public void Places_the_vector_keys_as_dalli_does()
        {
            var locator = new DalliLocator(LocatorVectors.Servers());
            Assert.Equal(new[] { 3, 2, 2, 3, 2, 3, 2, 0 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Places_the_vector_keys_as_dalli_does_with_weights()
        {
            var locator = new DalliLocator(LocatorVectors.WeightedServers());
            Assert.Equal(new[] { 1, 1, 2, 0, 2, 3, 2, 0 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Gives_each_server_its_share_of_160_points_per_server()
        {
            // floor(4 * 160 * w / 7) for weights 1, 3, 2, 1.
            var locator = new DalliLocator(LocatorVectors.WeightedServers());
            Assert.Equal(new[] { 91, 274, 182, 91 },
                Enumerable.Range(0, 4).Select(s => locator.ServerOfPoint.Count(p => p == s)).ToArray());
        }

        [Fact]
        public void Names_servers_as_dalli_does()
        {
            Assert.Equal("10.0.0.1:11211", DalliLocator.PointName(ServerAddress.Parse("10.0.0.1:11211")));
            Assert.Equal("::1:11211", DalliLocator.PointName(ServerAddress.Parse("[::1]:11211")));
            Assert.Equal("/run/mc.sock", DalliLocator.PointName(ServerAddress.Parse("unix:/run/mc.sock")));
        }
    }
}
