using System;
using System.Threading;
using MemcachePS.Batching;
using Xunit;

namespace MemcachePS.Tests.Module.Batching
{
    /// <summary>
    /// Set-MemcachedItem's overlapping send: one batch at a time on a thread of its own, never the thread pool (a starved
    /// pool would hold the pipeline's wait beyond the call's deadline), with the result or the failure handed back.
    /// </summary>
    public sealed class SenderThreadTests
    {
        [Fact]
        public void Work_runs_off_the_thread_pool_one_piece_at_a_time_and_gives_its_result()
        {
            using var sender = new SenderThread<(bool Pool, int Thread)>("test sender");

            sender.Start(() => (Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId));
            var first = sender.Wait();
            sender.Start(() => (Thread.CurrentThread.IsThreadPoolThread, Environment.CurrentManagedThreadId));
            var second = sender.Wait();

            Assert.False(first.Pool);
            Assert.NotEqual(Environment.CurrentManagedThreadId, first.Thread);
            Assert.Equal(first.Thread, second.Thread);
            Assert.True(sender.IsCompleted);
        }

        [Fact]
        public void A_failure_is_thrown_from_Wait_as_it_was_thrown_and_the_next_work_runs()
        {
            using var sender = new SenderThread<int>("test sender");

            sender.Start(() => throw new Core.MemcachedTimeoutException("late"));
            var e = Assert.Throws<Core.MemcachedTimeoutException>(() => sender.Wait());
            sender.Start(() => 7);

            Assert.Equal("late", e.Message);
            Assert.Equal(7, sender.Wait());
        }

        [Fact]
        public void Work_not_waited_for_is_refused_and_Dispose_waits_for_it()
        {
            var sender = new SenderThread<int>("test sender");
            using var release = new ManualResetEventSlim();
            int finished = 0;

            sender.Start(() => { release.Wait(TimeSpan.FromSeconds(10)); return Interlocked.Exchange(ref finished, 1); });
            Assert.False(sender.IsCompleted);
            Assert.Throws<InvalidOperationException>(() => sender.Start(() => 2));
            release.Set();
            sender.Dispose();

            Assert.Equal(1, Volatile.Read(ref finished));
        }
    }
}
