using System;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Core.InMemory;
using MemcachePS.Core.KeyDump;
using Xunit;

namespace MemcachePS.Tests.Unit.InMemory
{
    /// <summary>AdvanceTime: what Pester and scripts use to let an in-memory store's lifetimes pass without waiting.</summary>
    public class InMemoryClockTests
    {
        private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

        private static InMemoryStore StoreAt(DateTimeOffset now) => new InMemoryStore(clock: () => now);

        private static bool Holds(InMemoryStore store, string key) => store.GetMany(new[] { key }).Single().Result != null;

        [Fact]
        public void An_item_outlives_a_step_shorter_than_its_lifetime()
        {
            using var store = StoreAt(Start);
            store.StoreMany(new[] { new StoreRequest("k", "v", expiration: TimeSpan.FromSeconds(10)) });

            store.AdvanceTime(TimeSpan.FromSeconds(9));

            Assert.True(Holds(store, "k"));
        }

        [Fact]
        public void An_item_expires_once_the_clock_passes_its_lifetime()
        {
            using var store = StoreAt(Start);
            store.StoreMany(new[] { new StoreRequest("k", "v", expiration: TimeSpan.FromSeconds(10)) });

            store.AdvanceTime(TimeSpan.FromSeconds(10));

            Assert.False(Holds(store, "k"));
        }

        [Fact]
        public void Steps_add_up()
        {
            using var store = StoreAt(Start);
            store.StoreMany(new[] { new StoreRequest("k", "v", expiration: TimeSpan.FromSeconds(10)) });

            store.AdvanceTime(TimeSpan.FromSeconds(6));
            store.AdvanceTime(TimeSpan.FromSeconds(6));

            Assert.False(Holds(store, "k"));
        }

        [Fact]
        public void A_delayed_flush_happens_when_the_clock_reaches_it()
        {
            using var store = StoreAt(Start);
            store.StoreMany(new[] { new StoreRequest("k", "v") });
            store.FlushAll(TimeSpan.FromSeconds(5));

            store.AdvanceTime(TimeSpan.FromSeconds(4));
            Assert.True(Holds(store, "k"));
            store.AdvanceTime(TimeSpan.FromSeconds(1));
            Assert.False(Holds(store, "k"));
        }

        [Fact]
        public void The_recorded_expiry_is_unchanged_by_a_step()
        {
            using var store = StoreAt(Start);
            store.StoreMany(new[] { new StoreRequest("k", "v", expiration: TimeSpan.FromSeconds(100)) });

            store.AdvanceTime(TimeSpan.FromSeconds(30));

            KeyDumpEntry? entry = null;
            store.DumpKeys(InMemoryStore.Address, e => { entry = e; return true; });
            Assert.Equal(Start.AddSeconds(100), entry!.Expires);
        }

        [Fact]
        public void The_clock_never_goes_back()
        {
            using var store = StoreAt(Start);

            Assert.Throws<ArgumentOutOfRangeException>(() => store.AdvanceTime(TimeSpan.FromSeconds(-1)));
        }
    }
}
