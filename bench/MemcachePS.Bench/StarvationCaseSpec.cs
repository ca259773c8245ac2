using System;

namespace MemcachePS.Bench
{
    /// <summary>One starvation case, handed as JSON to the child process that runs it (see <see cref="StarvationCase"/>).</summary>
    public sealed class StarvationCaseSpec
    {
        public const string PoolCallers = "pool";
        public const string ThreadCallers = "threads";
        public const string AsyncBurst = "async-burst";

        /// <summary>What --only selects it by, e.g. "pool-64" (both server counts).</summary>
        public string Group { get; set; } = "";
        /// <summary><see cref="PoolCallers"/>, <see cref="ThreadCallers"/> or <see cref="AsyncBurst"/>.</summary>
        public string Callers { get; set; } = "";
        /// <summary>Callers calling in a loop, or async calls launched at once.</summary>
        public int Count { get; set; }
        public string[] Servers { get; set; } = Array.Empty<string>();
        /// <summary>How long callers call (a burst is bounded by <see cref="StarvationCase.BurstLimit"/> instead).</summary>
        public double Seconds { get; set; }
    }
}
