using System;

namespace MemcachePS.Bench
{
    /// <summary>One call against hostile servers: when it returned (null: still running when abandoned) and with what.</summary>
    public sealed class DeadlineResult
    {
        public DeadlineResult(DeadlineCall call, TimeSpan timeout, TimeSpan? elapsed, CallOutcome? outcome, TimeSpan abandonedAfter,
            TimeSpan? endedAfterClose, CallOutcome? outcomeAfterClose, TimeSpan? taskReturnedAfter, long bytesSent)
        {
            Call = call;
            Timeout = timeout;
            Elapsed = elapsed;
            Outcome = outcome;
            AbandonedAfter = abandonedAfter;
            EndedAfterClose = endedAfterClose;
            OutcomeAfterClose = outcomeAfterClose;
            TaskReturnedAfter = taskReturnedAfter;
            BytesSent = bytesSent;
        }

        /// <summary>Issue 10's bound: OperationTimeout plus 250 ms.</summary>
        public static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(250);

        public DeadlineCall Call { get; }
        public TimeSpan Timeout { get; }
        public TimeSpan Bound => Timeout + Slack;
        /// <summary>From the call to its return (an async call: to its task's completion); null when abandoned.</summary>
        public TimeSpan? Elapsed { get; }
        public CallOutcome? Outcome { get; }
        public TimeSpan AbandonedAfter { get; }
        /// <summary>An abandoned call: how long after its servers were closed it ended (null: not within 5 s of that either).</summary>
        public TimeSpan? EndedAfterClose { get; }
        public CallOutcome? OutcomeAfterClose { get; }
        /// <summary>An async method: how long it took to hand back its task (it should not block its caller).</summary>
        public TimeSpan? TaskReturnedAfter { get; }
        /// <summary>What the servers had written when the call ended (or was abandoned).</summary>
        public long BytesSent { get; }

        public bool WithinBound => Elapsed.HasValue && Elapsed.Value <= Bound;

        /// <summary>
        /// "met" when the call returned within the bound with a timeout error or with replies that came in before it;
        /// otherwise what was wrong. <paramref name="hugeValue"/>: reading a huge value in time, or refusing it with a
        /// protocol error, is fine too, and later keys' misses are what the server sent.
        /// </summary>
        public string Verdict(bool hugeValue)
        {
            if (!Elapsed.HasValue) return "missed: still running";
            var reasons = new System.Collections.Generic.List<string>();
            if (!WithinBound) reasons.Add("too slow");
            if (Outcome!.ForeignError != null) reasons.Add(Outcome.ForeignError + " is not a MemcachedException");
            else if (hugeValue)
            {
                if (Outcome.HasConnectionError) reasons.Add("a connection error, not a timeout");
            }
            else if (Outcome.Kind == OutcomeKind.OtherError) reasons.Add("not a timeout error");
            else if (Outcome.Kind == OutcomeKind.ReportedMiss) reasons.Add("reported as a miss");
            return reasons.Count == 0 ? "met" : "missed: " + string.Join(", ", reasons);
        }
    }
}
