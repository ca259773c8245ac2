using System;
using System.Diagnostics;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// The moment a call (or one window of a batch) must be over, fixed when it starts: every wait inside it (pool slot,
    /// connect, handshake, send, each read) gets only what is left, so a server trickling bytes cannot stretch it.
    /// A struct of two numbers: the synchronous path carries it without allocating.
    /// </summary>
    internal readonly struct Deadline
    {
        private readonly long _expiresAt;

        private Deadline(TimeSpan timeout, long expiresAt)
        {
            Timeout = timeout;
            _expiresAt = expiresAt;
        }

        /// <summary>The whole budget the deadline was started with (for messages).</summary>
        public TimeSpan Timeout { get; }

        public static Deadline Start(TimeSpan timeout)
        {
            long ticks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            return new Deadline(timeout, Stopwatch.GetTimestamp() + Math.Max(1, ticks));
        }

        public bool HasPassed => Stopwatch.GetTimestamp() >= _expiresAt;

        public TimeSpan Remaining
        {
            get
            {
                long left = _expiresAt - Stopwatch.GetTimestamp();
                return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)left / Stopwatch.Frequency);
            }
        }

        /// <summary>Whole milliseconds left, rounded up (0 once passed): what socket timeouts take.</summary>
        public int RemainingMilliseconds
        {
            get
            {
                long left = _expiresAt - Stopwatch.GetTimestamp();
                if (left <= 0) return 0;
                long ms = (left * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
                return ms >= int.MaxValue ? int.MaxValue : (int)ms;
            }
        }

        /// <summary>The earlier of two deadlines (a connect is bounded by its own timeout and by the call's).</summary>
        public Deadline EarlierOf(Deadline other) => other._expiresAt < _expiresAt ? other : this;
    }
}
