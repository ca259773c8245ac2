using System;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Locate runs on every operation: once its per-thread buffer exists it must not allocate.</summary>
    public class LocatorAllocationTests
    {
        public static TheoryData<string> Locators => new TheoryData<string> { "rendezvous", "ketama", "ketama-weighted", "modula" };

        private static INodeLocator Build(string name) => name switch
        {
            "rendezvous" => new RendezvousLocator(LocatorVectors.Servers()),
            "ketama" => KetamaLocator.ForPylibmcKetama(LocatorVectors.Servers()),
            "ketama-weighted" => KetamaLocator.ForPylibmcKetamaWeighted(LocatorVectors.WeightedServers()),
            _ => new ModulaLocator(LocatorVectors.WeightedServers()),
        };

        [Theory]
        [MemberData(nameof(Locators))]
        public void Locate_allocates_nothing_after_warm_up(string name)
        {
            INodeLocator locator = Build(name);
            string[] keys = { "user:1234", "café", "日本語-😀", new string('x', 240) };
            int sum = 0, i = 0;

            double perCall = AllocationMeter.BytesPerCall(() => sum += locator.Locate(keys[i++ & 3]), warmup: keys.Length, calls: 1000);

            Assert.True(sum >= 0);
            Assert.Equal(0, perCall);
        }
    }
}
