using System.Collections.Generic;

namespace MemcachePS.Bench
{
    /// <summary>What one starvation case measured, printed by the child process as one JSON line for the harness.</summary>
    public sealed class StarvationCaseResult
    {
        public string Group { get; set; } = "";
        public string Callers { get; set; } = "";
        public int Count { get; set; }
        public int Servers { get; set; }
        public double OperationTimeoutSeconds { get; set; }
        /// <summary>The measured window (a burst: from the first launch until every call completed or the limit).</summary>
        public double WindowSeconds { get; set; }
        /// <summary>Calls completed within the window.</summary>
        public long Calls { get; set; }
        public double CallsPerSecond { get; set; }
        public double P50Ms { get; set; }
        public double P99Ms { get; set; }
        /// <summary>The slowest call, counting a call still running at the end as at least as slow as it had been.</summary>
        public double SlowestMs { get; set; }
        /// <summary>Calls that had not returned when the case ended (after its grace period).</summary>
        public int StillRunning { get; set; }
        public Dictionary<string, long> Threw { get; set; } = new();
        public Dictionary<string, long> KeyErrors { get; set; } = new();
        /// <summary>Keys that came back as misses although every key was loaded: failures reported as misses.</summary>
        public long KeysMissed { get; set; }
        /// <summary>Callers that got to make a call before the window ended (pool callers wait for pool threads).</summary>
        public int CallersThatRan { get; set; }
        public int PoolThreadsAtStart { get; set; }
        public int PoolThreadsAtEnd { get; set; }
        public int PoolThreadsPeak { get; set; }
        public long PendingWorkItemsAtEnd { get; set; }
    }
}
