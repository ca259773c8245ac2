using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    public class NodeLocatorFactoryTests
    {
        [Theory]
        [InlineData(Distribution.Rendezvous, typeof(RendezvousLocator))]
        [InlineData(Distribution.Ketama, typeof(KetamaLocator))]
        [InlineData(Distribution.KetamaWeighted, typeof(KetamaLocator))]
        [InlineData(Distribution.Modula, typeof(ModulaLocator))]
        [InlineData(Distribution.KetamaMd5, typeof(KetamaLocator))]
        [InlineData(Distribution.PhpMemcached, typeof(LibmemcachedModulaLocator))]
        [InlineData(Distribution.PhpMemcachedConsistent, typeof(KetamaLocator))]
        [InlineData(Distribution.PhpMemcachedLibketama, typeof(KetamaLocator))]
        [InlineData(Distribution.PhpMemcache, typeof(PhpMemcacheConsistentLocator))]
        [InlineData(Distribution.PhpMemcacheStandard, typeof(ModulaLocator))]
        [InlineData(Distribution.PerlCacheMemcached, typeof(CacheMemcachedLocator))]
        [InlineData(Distribution.PerlCacheMemcachedFast, typeof(CacheMemcachedLocator))]
        [InlineData(Distribution.PerlCacheMemcachedFastKetama, typeof(CacheMemcachedFastKetamaLocator))]
        [InlineData(Distribution.GoMemcache, typeof(GoMemcacheLocator))]
        [InlineData(Distribution.Dalli, typeof(DalliLocator))]
        [InlineData(Distribution.SpymemcachedKetama, typeof(SpymemcachedKetamaLocator))]
        public void Builds_the_locator_of_each_distribution(Distribution distribution, System.Type expected)
        {
            Assert.IsType(expected, NodeLocatorFactory.Create(distribution, LocatorVectors.Servers()));
        }

        [Theory]
        [InlineData(Distribution.Rendezvous)]
        [InlineData(Distribution.Ketama)]
        [InlineData(Distribution.KetamaWeighted)]
        [InlineData(Distribution.Modula)]
        [InlineData(Distribution.KetamaMd5)]
        [InlineData(Distribution.PhpMemcached)]
        [InlineData(Distribution.PhpMemcachedConsistent)]
        [InlineData(Distribution.PhpMemcachedLibketama)]
        [InlineData(Distribution.PhpMemcache)]
        [InlineData(Distribution.PhpMemcacheStandard)]
        [InlineData(Distribution.PerlCacheMemcached)]
        [InlineData(Distribution.PerlCacheMemcachedFast)]
        [InlineData(Distribution.PerlCacheMemcachedFastKetama)]
        [InlineData(Distribution.GoMemcache)]
        [InlineData(Distribution.Dalli)]
        [InlineData(Distribution.SpymemcachedKetama)]
        public void Sends_every_key_to_the_only_server(Distribution distribution)
        {
            var locator = NodeLocatorFactory.Create(distribution, new[] { ServerAddress.Parse("10.0.0.1:11211:5") });
            Assert.Equal(0, locator.Locate("anything"));
        }

        [Fact]
        public void Ketama_distribution_places_like_pylibmc_ketama()
        {
            var locator = NodeLocatorFactory.Create(Distribution.Ketama, LocatorVectors.Servers());
            Assert.Equal(3, locator.Locate("foo"));
        }

        [Fact]
        public void Refuses_an_empty_server_list()
        {
            Assert.Throws<MemcachedClientException>(() => NodeLocatorFactory.Create(Distribution.Modula, new ServerAddress[0]));
        }
    }
}
