using System;
using MemcachePS.Core;
using MemcachePS.Values;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    public class LifetimeParserTests
    {
        [Fact]
        public void A_number_is_seconds_not_ticks()
        {
            Assert.Equal(TimeSpan.FromSeconds(300), LifetimeParser.Parse(300));
            Assert.Equal(TimeSpan.FromSeconds(300), LifetimeParser.Parse(300L));
            Assert.Equal(TimeSpan.FromSeconds(1.5), LifetimeParser.Parse(1.5));
        }

        [Fact]
        public void A_TimeSpan_is_itself()
        {
            Assert.Equal(TimeSpan.FromMinutes(5), LifetimeParser.Parse(TimeSpan.FromMinutes(5)));
        }

        [Theory]
        [InlineData("300", 300)]
        [InlineData("0.5", 0.5)]
        [InlineData("00:05:00", 300)]
        [InlineData("1.00:00:00", 86400)]
        public void Text_is_seconds_or_a_time_span(string text, double seconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), LifetimeParser.Parse(text));
        }

        [Theory]
        [InlineData("soon")]
        [InlineData("5 minutes")]
        public void Other_text_is_refused(string text)
        {
            Assert.Throws<MemcachedClientException>(() => LifetimeParser.Parse(text));
        }

        [Fact]
        public void Null_is_refused()
        {
            Assert.Throws<MemcachedClientException>(() => LifetimeParser.Parse(null));
        }
    }
}
