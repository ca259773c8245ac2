using System.Linq;
using System.Text;
using MemcachePS.Core.Cluster;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    public class KetamaLocatorTests
    {
        [Fact]
        public void Places_keys_as_pylibmc_ketama_does()
        {
            var locator = KetamaLocator.ForPylibmcKetama(LocatorVectors.Servers());
            Assert.Equal(new[] { 3, 2, 1, 0, 1, 1, 3, 1 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Places_keys_as_pylibmc_ketama_weighted_does_with_equal_weights()
        {
            var locator = KetamaLocator.ForPylibmcKetamaWeighted(LocatorVectors.Servers());
            Assert.Equal(new[] { 1, 2, 3, 1, 3, 1, 3, 0 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Places_keys_as_pylibmc_ketama_with_md5_hash_does()
        {
            var locator = new KetamaLocator(LocatorVectors.Servers(), KetamaHash.Md5, weighted: false);
            Assert.Equal(new[] { 2, 1, 3, 1, 0, 1, 0, 0 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Ketama_with_a_weight_above_one_builds_the_weighted_continuum_as_libmemcached_does()
        {
            var locator = KetamaLocator.ForPylibmcKetama(LocatorVectors.WeightedServers());
            Assert.Equal(new[] { 1, 2, 1, 2, 1, 2, 0, 3 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Fact]
        public void Places_keys_as_pylibmc_ketama_weighted_does_with_weights()
        {
            var locator = KetamaLocator.ForPylibmcKetamaWeighted(LocatorVectors.WeightedServers());
            Assert.Equal(new[] { 1, 1, 1, 1, 1, 1, 1, 0 }, LocatorVectors.Keys.Select(locator.Locate).ToArray());
        }

        [Theory]
        [InlineData("10.0.0.1:11211", "10.0.0.1")]
        [InlineData("cache", "cache")]
        [InlineData("10.0.0.3:11212", "10.0.0.3:11212")]
        [InlineData("[::1]:11300", "::1:11300")]
        [InlineData("[::1]", "::1")]
        [InlineData("/run/memcached.sock", "/run/memcached.sock:0")]
        public void Names_points_as_libmemcached_does_dropping_the_default_port(string address, string expectedPrefix)
        {
            Assert.Equal(expectedPrefix, KetamaLocator.PointNamePrefix(ServerAddress.Parse(address)));
        }

        [Fact]
        public void Unweighted_continuum_has_100_points_per_server()
        {
            var locator = new KetamaLocator(LocatorVectors.Servers(), KetamaHash.OneAtATime, weighted: false);
            Assert.Equal(400, locator.PointCount);
        }

        [Theory]
        [InlineData(1, 4ul, 4, 160)]
        [InlineData(1, 3ul, 3, 160)]
        [InlineData(1, 7ul, 4, 88)]
        [InlineData(3, 7ul, 4, 272)]
        [InlineData(2, 7ul, 4, 180)]
        public void Weighted_points_follow_libmemcacheds_single_precision_formula(int weight, ulong totalWeight, int servers, int expectedPoints)
        {
            Assert.Equal(expectedPoints, KetamaLocator.WeightedPointCount(weight, totalWeight, servers));
        }

        [Fact]
        public void Wraps_a_hash_above_the_last_point_to_the_server_of_the_first_point()
        {
            var servers = LocatorVectors.Servers();
            var points = new System.Collections.Generic.List<(uint Value, int Server)>();
            for (int s = 0; s < servers.Count; s++)
                for (int i = 0; i < 100; i++)
                    points.Add((OneAtATimeHash.Compute(Encoding.UTF8.GetBytes(KetamaLocator.PointNamePrefix(servers[s]) + "-" + i)), s));
            uint last = points.Max(p => p.Value);
            int firstPointServer = points.OrderBy(p => p.Value).ThenBy(p => p.Server).First().Server;
            string key = Enumerable.Range(0, 1_000_000).Select(i => "k" + i)
                .First(k => OneAtATimeHash.Compute(Encoding.UTF8.GetBytes(k)) > last);

            var locator = new KetamaLocator(servers, KetamaHash.OneAtATime, weighted: false);

            Assert.Equal(firstPointServer, locator.Locate(key));
        }
    }
}
