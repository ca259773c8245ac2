using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MemcachePS.TestServers;

namespace MemcachePS.Bench
{
    /// <summary>
    /// Issue 10's first number: against a server that trickles one byte every 0.4 s (and one that never answers, and one
    /// that streams a huge value fast), every sync and async call, single and batch, must return a timeout error within
    /// its OperationTimeout plus 250 ms. Prints one markdown table per server behaviour.
    /// </summary>
    public static class DeadlineHarness
    {
        public static void Run(EngineOptions options, TextWriter w)
        {
            TimeSpan abandon = TimeSpan.FromSeconds(options.AbandonSeconds);
            w.WriteLine($"## Deadline: every call returns a timeout error within OperationTimeout + {DeadlineResult.Slack.TotalMilliseconds:0} ms");
            w.WriteLine();
            w.WriteLine($"Each call has its own hostile servers (127.0.0.1, {(options.Classic ? "classic text protocol only" : "meta protocol")}) and its own client, " +
                        $"and runs on a thread of its own; a call still running after {Formatting.Seconds(abandon)} is abandoned, its servers closed, " +
                        "and what it did then is shown. GetMany reads 30 keys, StoreMany/SetMany write 100 keys of 32 B, spread evenly over the servers.");
            w.WriteLine();
            WarmUp(options.Classic);
            int met = 0, total = 0;
            foreach (var hostile in DeadlineCase.For(options))
            {
                if (!options.Runs(hostile.Name)) continue;
                var results = new List<DeadlineResult>();
                foreach (double seconds in options.TimeoutSeconds)
                    results.AddRange(Measure(hostile, TimeSpan.FromSeconds(seconds), abandon, options.Classic));
                Print(w, hostile, results);
                met += results.Count(r => r.Verdict(hostile.HugeValue) == "met");
                total += results.Count;
            }
            w.WriteLine($"Deadline: {met} of {total} calls met their bound.");
            w.WriteLine();
        }

        /// <summary>
        /// Makes every call once against prompt servers (32-byte values), so no measured call includes the JIT compiling
        /// the client's paths.
        /// </summary>
        private static void WarmUp(bool classic)
        {
            var prompt = new DeadlineCase("warm-up", "prompt servers", ReplyPace.Flood, answersHandshake: true, declaredValueBytes: 32,
                DeadlineCall.All, oneCallAtATime: true, hugeValue: true);
            foreach (var call in DeadlineCall.All)
                RunSideBySide(new[] { call }, prompt, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), classic);
        }

        private static List<DeadlineResult> Measure(DeadlineCase hostile, TimeSpan timeout, TimeSpan abandon, bool classic)
        {
            var results = new List<DeadlineResult>();
            if (hostile.OneCallAtATime)
            {
                foreach (var call in hostile.Calls)
                {
                    results.AddRange(RunSideBySide(new[] { call }, hostile, timeout, abandon, classic));
                    GC.Collect(); // the huge values of this call are garbage before the next one reads its own
                }
                return results;
            }
            return RunSideBySide(hostile.Calls, hostile, timeout, abandon, classic);
        }

        private static List<DeadlineResult> RunSideBySide(IReadOnlyList<DeadlineCall> calls, DeadlineCase hostile, TimeSpan timeout, TimeSpan abandon, bool classic)
        {
            var probes = calls.Select(c => new DeadlineProbe(c, hostile, timeout, speaksMeta: !classic)).ToList();
            try
            {
                long limit = Stopwatch.GetTimestamp() + (long)(abandon.TotalSeconds * Stopwatch.Frequency);
                foreach (var p in probes) p.Start();
                foreach (var p in probes) p.WaitUntil(limit);
                return probes.Select(p => p.Finish(abandon)).ToList();
            }
            finally
            {
                foreach (var p in probes) p.Dispose();
            }
        }

        private static void Print(TextWriter w, DeadlineCase hostile, List<DeadlineResult> results)
        {
            w.WriteLine($"### {hostile.Title}");
            w.WriteLine();
            var table = new MarkdownTable("call", "servers", "OperationTimeout", "returned after", "bound", "what it returned or threw", "verdict");
            foreach (var r in results.OrderBy(r => IndexOf(hostile, r.Call)).ThenBy(r => r.Timeout))
            {
                table.Add(r.Call.Name, r.Call.Servers.ToString(), Formatting.Seconds(r.Timeout),
                    r.Elapsed.HasValue ? Formatting.Seconds(r.Elapsed.Value) : "> " + Formatting.Seconds(r.AbandonedAfter),
                    Formatting.Seconds(r.Bound), Describe(r, hostile), r.Verdict(hostile.HugeValue));
            }
            table.Print(w);
        }

        private static int IndexOf(DeadlineCase hostile, DeadlineCall call)
        {
            for (int i = 0; i < hostile.Calls.Count; i++) if (ReferenceEquals(hostile.Calls[i], call)) return i;
            return -1;
        }

        private static string Describe(DeadlineResult r, DeadlineCase hostile)
        {
            string text;
            if (r.Outcome != null) text = r.Outcome.Text;
            else if (r.OutcomeAfterClose != null)
                text = $"still running; its servers closed, it ended {Formatting.Seconds(r.EndedAfterClose!.Value)} later: {r.OutcomeAfterClose.Summary}";
            else text = "still running, even 5 s after its servers closed";
            if (r.TaskReturnedAfter.HasValue && r.TaskReturnedAfter.Value > TimeSpan.FromMilliseconds(50))
                text += $" (the method took {Formatting.Seconds(r.TaskReturnedAfter.Value)} to hand back its task)";
            if (hostile.HugeValue) text += $"; server had sent {Formatting.Bytes(r.BytesSent)}";
            return text;
        }
    }
}
