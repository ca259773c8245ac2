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

        [Fact]
        public void An_absolute_time_in_the_past_expires_at_once()
        {
            Assert.Equal(-1, Expiration.At(Now.AddHours(-1)).ToWireValue(Now));
        }

        [Fact]
        public void A_negative_lifetime_is_refused()
        {
            Assert.Throws<MemcachedClientException>(() => Expiration.In(TimeSpan.FromSeconds(-1)));
        }
    }
}
