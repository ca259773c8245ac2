using System;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>
    /// The synchronous single-key path allocates only what it returns. Measured with the runtime's exact per-thread
    /// allocation counter, not with timings.
    /// </summary>
    public sealed class AllocationTests : ClientTestBase, IClassFixture<MemcachedFixture>
    {
        public AllocationTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Meta) { }

        private static double BytesPerCall(Action call) => AllocationMeter.BytesPerCall(call);

        [Fact]
        public void A_get_miss_allocates_nothing()
        {
            string key = Key("miss");
            Assert.Equal(0, BytesPerCall(() => Client.Get(key)));
        }

        [Fact]
        public void A_get_hit_allocates_only_the_item_and_its_value()
        {
            string key = Key("hit");
            Client.Store(StoreMode.Set, key, new ArraySegment<byte>(new byte[32]), 0);
            // x64: CacheItem = 16-byte header + 3 references + flags + CAS + lifetime left = 64; byte[32] = 24 + 32 = 56.
            Assert.InRange(BytesPerCall(() => Client.Get(key)), 1, 120);
        }

        [Fact]
        public void A_set_allocates_nothing()
        {
            string key = Key("set");
            var value = new ArraySegment<byte>(new byte[32]);
            Assert.Equal(0, BytesPerCall(() => Client.Store(StoreMode.Set, key, value, 0)));
        }
    }
}
