using System;
using System.Diagnostics;
using System.Threading;
using Xunit;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>Waits for something that becomes true at a moment a test cannot choose, asking often and giving up at a bound.</summary>
    public static class Poll
    {
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

        /// <summary>Returns as soon as <paramref name="condition"/> holds (how long that took); fails once <paramref name="bound"/> has passed.</summary>
        public static TimeSpan Until(Func<bool> condition, TimeSpan bound, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > bound) Assert.Fail($"Not true within {bound.TotalSeconds:0.###} s: {what}.");
                Thread.Sleep(Interval);
            }
            return clock.Elapsed;
        }
    }
}
