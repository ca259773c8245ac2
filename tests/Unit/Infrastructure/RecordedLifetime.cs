using System;
using Xunit;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>
    /// The lifetime a store recorded for an item, read right after the write that gave it: a test asserts the lifetime
    /// instead of waiting for it to pass. <see cref="ClockBefore"/> and <see cref="ClockAfter"/> are the store's clock
    /// (unix seconds) before the write and after the read. memcached's clock ticks once a second and each tick between
    /// the write and the read takes a second off the time left, so the reading is exact when the two are equal, and
    /// otherwise exact to within those ticks.
    /// </summary>
    public readonly struct RecordedLifetime
    {
        public RecordedLifetime(long? remainingSeconds, long clockBefore, long clockAfter)
        {
            RemainingSeconds = remainingSeconds;
            ClockBefore = clockBefore;
            ClockAfter = clockAfter;
        }

        /// <summary>Seconds left when read: -1 when the item never expires, null when there is no such item.</summary>
        public long? RemainingSeconds { get; }

        public long ClockBefore { get; }

        public long ClockAfter { get; }

        /// <summary>Runs <paramref name="write"/> against memcached and reads what it recorded for <paramref name="key"/> (<c>mg key t</c>).</summary>
        public static RecordedLifetime Of(RawMemcached server, string key, Action write)
        {
            long before = server.ServerTime();
            write();
            long? remaining = server.RemainingSeconds(key);
            return new RecordedLifetime(remaining, before, server.ServerTime());
        }

        /// <summary>The item was given exactly <paramref name="seconds"/> to live.</summary>
        public void AssertSeconds(long seconds)
        {
            long left = Left();
            long ticks = ClockAfter - ClockBefore;
            if (left > seconds || left < seconds - ticks)
                Assert.Fail($"Expected a lifetime of {seconds} s; the store has {left} s left, {ticks} tick(s) of its clock after the write.");
        }

        /// <summary>The item never expires.</summary>
        public void AssertNever() => Assert.Equal(-1, Left());

        /// <summary>The item expires at exactly <paramref name="unixTime"/>.</summary>
        public void AssertExpiresAt(long unixTime) => AssertExpiresBetween(unixTime, unixTime);

        /// <summary>The item expires at a unix time from <paramref name="earliest"/> to <paramref name="latest"/>, inclusive.</summary>
        public void AssertExpiresBetween(long earliest, long latest)
        {
            long left = Left();
            if (left < 0) Assert.Fail($"Expected the item to expire at unix time {earliest}..{latest}; it never expires.");
            // Read at some store time from ClockBefore to ClockAfter, the expiry being that time plus the time left.
            long first = ClockBefore + left, last = ClockAfter + left;
            if (last < earliest || first > latest)
                Assert.Fail($"Expected the item to expire at unix time {earliest}..{latest}; the store recorded {first}..{last} ({left} s left).");
        }

        private long Left() => RemainingSeconds ?? throw new Xunit.Sdk.XunitException("The store holds no such item.");
    }
}
