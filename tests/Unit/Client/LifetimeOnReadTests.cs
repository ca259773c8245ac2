using System;
using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.InMemory;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>
    /// A read learns the item's remaining lifetime in the same round trip (meta <c>mg … t</c>): -1 for never. The classic
    /// protocol's get cannot tell it, and says so (<see cref="CacheItem.IsLifetimeKnown"/> false) rather than "never".
    /// Lifetimes are checked against the server's own record (<c>mg key t</c> on a raw socket), never by waiting.
    /// </summary>
    public sealed class LifetimeOnReadTests : ClientTestBase, IClassFixture<MemcachedFixture>
    {
        public LifetimeOnReadTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Meta) { }

        private static ArraySegment<byte> Bytes(string s) => new ArraySegment<byte>(Encoding.UTF8.GetBytes(s));

        [Fact]
        public void Get_and_GetMany_carry_the_seconds_the_server_has_left()
        {
            string hour = Key("hour"), never = Key("never");
            Client.Store(StoreMode.Set, hour, Bytes("h"), 0, TimeSpan.FromHours(1));
            Client.Store(StoreMode.Set, never, Bytes("n"), 0);
            using var raw = new RawMemcached(Server.Port);
            long serverLeft = raw.RemainingSeconds(hour)!.Value;

            var one = Client.Get(hour)!;
            var many = Client.GetMany(new[] { hour, never }).Select(o => o.Result!).ToArray();

            Assert.True(one.IsLifetimeKnown);
            Assert.InRange(one.TimeToLiveSeconds!.Value, serverLeft - 1, serverLeft);
            Assert.InRange(many[0].TimeToLiveSeconds!.Value, serverLeft - 1, serverLeft);
            Assert.Equal(-1, many[1].TimeToLiveSeconds);
            Assert.True(many[1].IsLifetimeKnown);
        }

        [Fact]
        public void GetAndTouch_carries_the_new_lifetime()
        {
            string key = Key("touched");
            Client.Store(StoreMode.Set, key, Bytes("v"), 0, TimeSpan.FromHours(1));

            var item = Client.GetAndTouch(key, TimeSpan.FromSeconds(100))!;

            Assert.InRange(item.TimeToLiveSeconds!.Value, 99, 100);
        }

        [Fact]
        public void A_classic_get_says_the_lifetime_is_unknown_not_never()
        {
            using var classic = NewClient(o => o.Protocol = ProtocolMode.Classic);
            string key = Key("classic");
            classic.Store(StoreMode.Set, key, Bytes("v"), 0, TimeSpan.FromHours(1));

            var item = classic.Get(key)!;
            var many = classic.GetMany(new[] { key }).Single().Result!;

            Assert.False(item.IsLifetimeKnown);
            Assert.Null(item.TimeToLiveSeconds);
            Assert.False(many.IsLifetimeKnown);
        }

        [Fact]
        public void The_in_memory_store_gives_the_same()
        {
            var now = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
            using var store = new InMemoryStore(clock: () => now);
            store.StoreMany(new[] { new StoreRequest("ten", "v", expiration: TimeSpan.FromSeconds(10)), new StoreRequest("never", "v") });
            store.AdvanceTime(TimeSpan.FromSeconds(4));

            var items = store.GetMany(new[] { "ten", "never" }).Select(o => o.Result!).ToArray();
            var touched = store.GetAndTouchMany(new[] { "ten" }, TimeSpan.FromSeconds(100)).Single().Result!;

            Assert.Equal(6, items[0].TimeToLiveSeconds);
            Assert.Equal(-1, items[1].TimeToLiveSeconds);
            Assert.True(items[0].IsLifetimeKnown);
            Assert.Equal(100, touched.TimeToLiveSeconds);
        }
    }
}
