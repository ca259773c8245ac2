using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>
    /// Runs one starvation case in a process of its own (<c>engine starvation-case {json}</c>), so every case starts
    /// with a fresh thread pool: a pool that grew while one case starved would flatter the next. Synchronous callers
    /// call GetMany(30 keys) in a loop, on thread-pool threads (Task.Run, as a web service's requests do; the pool's
    /// minimum is left as it is) or on dedicated threads; or 1,000 GetManyAsync calls are launched at once. Prints
    /// one line, <see cref="ResultPrefix"/> + JSON.
    /// </summary>
    public static class StarvationCase
    {
        public const string Verb = "starvation-case";
        public const string ResultPrefix = "STARVATION-RESULT ";
        /// <summary>How long a burst of async calls may take before the case reports the rest as still running.</summary>
        public static readonly TimeSpan BurstLimit = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(500);

        public static int Run(string[] args)
        {
            var spec = JsonSerializer.Deserialize<StarvationCaseSpec>(args[0]) ?? throw new ArgumentException("No case given.");
            var options = new MemcachedClientOptions();
            foreach (var s in spec.Servers) options.AddServer(s);
            var client = new MemcachedClient(options);
            string[][] keySets = StarvationKeys.AllSets();
            bool burst = spec.Callers == StarvationCaseSpec.AsyncBurst;
            WarmUpOnThisThread(client, keySets, burst);

            var result = burst ? RunBurst(client, spec, keySets) : RunLoops(client, spec, keySets);
            result.Group = spec.Group;
            result.Callers = spec.Callers;
            result.Count = spec.Count;
            result.Servers = spec.Servers.Length;
            result.OperationTimeoutSeconds = options.OperationTimeout.TotalSeconds;
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
            if (result.StillRunning == 0) client.Dispose();
            return 0;
        }

        /// <summary>Compiles the paths the case runs, one call at a time on the main thread (never the pool).</summary>
        private static void WarmUpOnThisThread(MemcachedClient client, string[][] keySets, bool async)
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; watch.Elapsed < WarmUp; i++)
            {
                try
                {
                    if (async) client.GetManyAsync(keySets[i % keySets.Length]).GetAwaiter().GetResult();
                    else client.GetMany(keySets[i % keySets.Length]);
                }
                catch (MemcachedException) { }
            }
        }

        // ------------------------------------------------------------------ callers in a loop

        private static StarvationCaseResult RunLoops(MemcachedClient client, StarvationCaseSpec spec, string[][] keySets)
        {
            var callers = Enumerable.Range(0, spec.Count).Select(_ => new CallerRecord()).ToArray();
            int stop = 0, finished = 0;
            void Loop(int id)
            {
                var me = callers[id];
                if (Volatile.Read(ref stop) == 0) me.Ran = true;
                for (int n = id * 7; Volatile.Read(ref stop) == 0; n++)
                {
                    string[] keys = keySets[n % keySets.Length];
                    long started = Stopwatch.GetTimestamp();
                    Volatile.Write(ref me.CurrentStart, started);
                    IReadOnlyList<KeyOutcome<CacheItem?>>? outcomes = null;
                    Exception? error = null;
                    try { outcomes = client.GetMany(keys); }
                    catch (Exception e) { error = e; }
                    long ended = Stopwatch.GetTimestamp();
                    bool inWindow = Volatile.Read(ref stop) == 0;
                    lock (me)
                    {
                        me.CurrentStart = 0;
                        me.Ticks.Add(ended - started);
                        if (inWindow) me.InWindow++;
                        me.Tally.Add(outcomes, error);
                    }
                }
                Interlocked.Increment(ref finished);
            }

            var pool = new PoolWatch();
            long windowStart = Stopwatch.GetTimestamp();
            for (int i = 0; i < spec.Count; i++)
            {
                int id = i;
                if (spec.Callers == StarvationCaseSpec.PoolCallers) Task.Run(() => Loop(id));
                else new Thread(() => Loop(id)) { IsBackground = true, Name = "caller " + id }.Start();
            }
            pool.SampleUntil(windowStart + (long)(spec.Seconds * Stopwatch.Frequency));
            Volatile.Write(ref stop, 1);
            long windowEnd = Stopwatch.GetTimestamp();
            int threadsAtEnd = ThreadPool.ThreadCount;
            long pendingAtEnd = ThreadPool.PendingWorkItemCount;

            // Calls under way finish (their time is the slowest call's); callers still queued for a pool thread just exit.
            TimeSpan grace = TimeSpan.FromSeconds(Math.Max(15, 3 * client.Options.OperationTimeout.TotalSeconds));
            var graceWatch = Stopwatch.StartNew();
            while (Volatile.Read(ref finished) < spec.Count && graceWatch.Elapsed < grace) Thread.Sleep(20);

            var result = new StarvationCaseResult
            {
                WindowSeconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds,
                PoolThreadsAtStart = pool.AtStart,
                PoolThreadsAtEnd = threadsAtEnd,
                PoolThreadsPeak = pool.Peak,
                PendingWorkItemsAtEnd = pendingAtEnd,
            };
            var ticks = new List<long>();
            var tally = new OutcomeTally();
            long now = Stopwatch.GetTimestamp();
            long stillRunningTicks = 0;
            foreach (var c in callers)
            {
                lock (c)
                {
                    ticks.AddRange(c.Ticks);
                    result.Calls += c.InWindow;
                    tally.Merge(c.Tally);
                    if (c.Ran) result.CallersThatRan++;
                    if (c.CurrentStart != 0)
                    {
                        result.StillRunning++;
                        stillRunningTicks = Math.Max(stillRunningTicks, now - c.CurrentStart);
                    }
                }
            }
            result.CallsPerSecond = result.Calls / result.WindowSeconds;
            Latencies(result, ticks, stillRunningTicks);
            tally.CopyTo(result);
            return result;
        }

        private sealed class CallerRecord
        {
            public readonly List<long> Ticks = new();
            public readonly OutcomeTally Tally = new();
            public long CurrentStart;
            public long InWindow;
            public bool Ran;
        }

        // ------------------------------------------------------------------ a burst of async calls

        private static StarvationCaseResult RunBurst(MemcachedClient client, StarvationCaseSpec spec, string[][] keySets)
        {
            var ticks = new long[spec.Count];
            var done = new bool[spec.Count];
            var tally = new OutcomeTally();
            async Task One(int i)
            {
                long started = Stopwatch.GetTimestamp();
                IReadOnlyList<KeyOutcome<CacheItem?>>? outcomes = null;
                Exception? error = null;
                try { outcomes = await client.GetManyAsync(keySets[i % keySets.Length]).ConfigureAwait(false); }
                catch (Exception e) { error = e; }
                lock (tally)
                {
                    ticks[i] = Stopwatch.GetTimestamp() - started;
                    done[i] = true;
                    tally.Add(outcomes, error);
                }
            }

            var pool = new PoolWatch();
            long start = Stopwatch.GetTimestamp();
            var tasks = new Task[spec.Count];
            for (int i = 0; i < spec.Count; i++) tasks[i] = One(i);
            var all = Task.WhenAll(tasks);
            long limit = start + (long)(BurstLimit.TotalSeconds * Stopwatch.Frequency);
            while (!all.IsCompleted && Stopwatch.GetTimestamp() < limit) pool.SampleFor(TimeSpan.FromMilliseconds(100), all);
            long end = Stopwatch.GetTimestamp();

            var result = new StarvationCaseResult
            {
                WindowSeconds = Stopwatch.GetElapsedTime(start, end).TotalSeconds,
                PoolThreadsAtStart = pool.AtStart,
                PoolThreadsAtEnd = ThreadPool.ThreadCount,
                PoolThreadsPeak = Math.Max(pool.Peak, ThreadPool.ThreadCount),
                PendingWorkItemsAtEnd = ThreadPool.PendingWorkItemCount,
            };
            lock (tally)
            {
                var finished = new List<long>();
                for (int i = 0; i < spec.Count; i++) if (done[i]) finished.Add(ticks[i]);
                result.Calls = finished.Count;
                result.StillRunning = spec.Count - finished.Count;
                Latencies(result, finished, result.StillRunning > 0 ? end - start : 0);
                tally.CopyTo(result);
            }
            result.CallsPerSecond = result.Calls / result.WindowSeconds;
            return result;
        }

        // ------------------------------------------------------------------ shared

        private static void Latencies(StarvationCaseResult result, List<long> ticks, long stillRunningTicks)
        {
            ticks.Sort();
            double ToMs(long t) => t * 1000.0 / Stopwatch.Frequency;
            if (ticks.Count > 0)
            {
                result.P50Ms = ToMs(ticks[(int)((ticks.Count - 1) * 0.50)]);
                result.P99Ms = ToMs(ticks[(int)((ticks.Count - 1) * 0.99)]);
            }
            result.SlowestMs = ToMs(Math.Max(ticks.Count > 0 ? ticks[^1] : 0, stillRunningTicks));
        }

        /// <summary>The thread pool's thread count: at the start, and the most seen while the case ran (sampled every 100 ms).</summary>
        private sealed class PoolWatch
        {
            public PoolWatch()
            {
                AtStart = Peak = ThreadPool.ThreadCount;
            }

            public int AtStart { get; }
            public int Peak { get; private set; }

            public void SampleUntil(long timestamp)
            {
                while (true)
                {
                    TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
                    if (left <= TimeSpan.Zero) break;
                    Thread.Sleep(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
                    Peak = Math.Max(Peak, ThreadPool.ThreadCount);
                }
            }

            public void SampleFor(TimeSpan interval, Task task)
            {
                ((IAsyncResult)task).AsyncWaitHandle.WaitOne(interval);
                Peak = Math.Max(Peak, ThreadPool.ThreadCount);
            }
        }

        /// <summary>What the calls returned: exceptions thrown by type, per-key errors by type, keys missed (all were loaded).</summary>
        private sealed class OutcomeTally
        {
            public readonly Dictionary<string, long> Threw = new();
            public readonly Dictionary<string, long> KeyErrors = new();
            public long Missed;

            public void Add(IReadOnlyList<KeyOutcome<CacheItem?>>? outcomes, Exception? error)
            {
                if (error != null) Bump(Threw, error.GetType().Name);
                if (outcomes == null) return;
                for (int i = 0; i < outcomes.Count; i++)
                {
                    if (outcomes[i].HasError) Bump(KeyErrors, outcomes[i].Error!.GetType().Name);
                    else if (outcomes[i].Result == null) Missed++;
                }
            }

            public void Merge(OutcomeTally other)
            {
                foreach (var kv in other.Threw) Bump(Threw, kv.Key, kv.Value);
                foreach (var kv in other.KeyErrors) Bump(KeyErrors, kv.Key, kv.Value);
                Missed += other.Missed;
            }

            public void CopyTo(StarvationCaseResult result)
            {
                result.Threw = new Dictionary<string, long>(Threw);
                result.KeyErrors = new Dictionary<string, long>(KeyErrors);
                result.KeysMissed = Missed;
            }

            private static void Bump(Dictionary<string, long> counts, string key, long by = 1) =>
                counts[key] = counts.TryGetValue(key, out long n) ? n + by : by;
        }
    }
}
