using System;
using MemcachePS.Core;
using Xunit;

namespace MemcachePS.Tests.Unit.Core
{
    public sealed class ExpirationTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Never_is_zero() => Assert.Equal(0, Expiration.Never.ToWireValue(Now));

        [Fact]
        public void Up_to_thirty_days_is_sent_as_relative_seconds()
        {
            Assert.Equal(60, Expiration.In(TimeSpan.FromMinutes(1)).ToWireValue(Now));
            Assert.Equal(2592000, Expiration.In(TimeSpan.FromDays(30)).ToWireValue(Now));
        }

        [Fact]
        public void More_than_thirty_days_is_sent_as_a_unix_time()
        {
            long expected = Now.AddDays(31).ToUnixTimeSeconds();
            Assert.Equal(expected, Expiration.In(TimeSpan.FromDays(31)).ToWireValue(Now));
        }

        [Fact]
        public void A_fraction_of_a_second_rounds_up_rather_than_becoming_never()
        {
            Assert.Equal(1, Expiration.In(TimeSpan.FromMilliseconds(300)).ToWireValue(Now));
        }

        [Fact]
        public void An_absolute_time_is_sent_as_a_unix_time()
        {
            var at = Now.AddHours(1);
            Assert.Equal(at.ToUnixTimeSeconds(), Expiration.At(at).ToWireValue(Now));
        }

        /// <summary>memcached answers success to a past expiry time and the item is gone at once: a delete in disguise.</summary>
        [Fact]
        public void An_absolute_time_in_the_past_or_now_is_refused()
        {
            var e = Assert.Throws<MemcachedClientException>(() => Expiration.At(Now.AddHours(-1)).ToWireValue(Now));
            Assert.Contains("not in the future", e.Message);
            Assert.Throws<MemcachedClientException>(() => Expiration.At(Now).ToWireValue(Now));
            Assert.Equal(Now.ToUnixTimeSeconds() + 1, Expiration.At(Now.AddSeconds(1)).ToWireValue(Now));
        }

        // memcached 1.6.18 reads expiry times as 32-bit signed: 2^31-1 (2038-01-19 03:14:07 UTC) is the latest it keeps.
        private static readonly DateTimeOffset Latest = new DateTimeOffset(2038, 1, 19, 3, 14, 7, TimeSpan.Zero);

        [Fact]
        public void The_latest_expiry_time_is_2038_01_19_03_14_07_UTC_and_one_second_later_is_refused()
        {
            Assert.Equal(int.MaxValue, Latest.ToUnixTimeSeconds());
            Assert.Equal(int.MaxValue, Expiration.At(Latest).ToWireValue(Now));
            var e = Assert.Throws<MemcachedClientException>(() => Expiration.At(Latest.AddSeconds(1)));
            Assert.Contains("2038-01-19 03:14:07 UTC", e.Message);
            Assert.Throws<MemcachedClientException>(() => Expiration.At(new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.Throws<MemcachedClientException>(() => Expiration.At(DateTimeOffset.MaxValue));
        }

        [Fact]
        public void A_relative_lifetime_may_end_at_the_limit_but_not_a_second_after_it()
        {
            long longest = int.MaxValue - Now.ToUnixTimeSeconds();
            Assert.Equal(int.MaxValue, Expiration.In(TimeSpan.FromSeconds(longest)).ToWireValue(Now));
            var e = Assert.Throws<MemcachedClientException>(() => Expiration.In(TimeSpan.FromSeconds(longest + 1)).ToWireValue(Now));
            Assert.Contains("2038-01-19 03:14:07 UTC", e.Message);
            Assert.Contains(longest.ToString(), e.Message); // names the longest lifetime allowed now
        }

        [Fact]
        public void Twelve_years_and_TimeSpan_MaxValue_are_refused()
        {
            Assert.Throws<MemcachedClientException>(() => Expiration.In(TimeSpan.FromDays(12 * 365.25)).ToWireValue(Now));
            var e = Assert.Throws<MemcachedClientException>(() => Expiration.In(TimeSpan.MaxValue));
            Assert.Contains("2038-01-19 03:14:07 UTC", e.Message);
        }

        [Fact]
        public void A_lifetime_of_up_to_30_days_never_depends_on_the_clock()
        {
            // memcached keeps relative seconds relative to its own clock: no 2038 question.
            var late = new DateTimeOffset(2038, 1, 19, 0, 0, 0, TimeSpan.Zero);
            Assert.Equal(2592000, Expiration.In(TimeSpan.FromDays(30)).ToWireValue(late));
        }

        [Fact]
        public void A_negative_lifetime_is_refused()
        {
            Assert.Throws<MemcachedClientException>(() => Expiration.In(TimeSpan.FromSeconds(-1)));
        }
    }
}
