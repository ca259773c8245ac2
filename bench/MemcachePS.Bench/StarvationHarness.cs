using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using MemcachePS.TestServers;

namespace MemcachePS.Bench
{
    /// <summary>
    /// Issue 10's second number: 64 thread-pool callers of synchronous GetMany(30 keys) over 3 servers must reach at
    /// least a third of the same load's throughput on 1 server, in the same run, with no call slower than the
    /// OperationTimeout; also 16 callers, 1,000 concurrent async calls, and (for comparison) 64 dedicated threads.
    /// Starts 3 + 1 real memcached, loads the keys once, and runs each case in a child process of its own.
    /// </summary>
    public static class StarvationHarness
    {
        private const int BurstCalls = 1000;

        public static void Run(EngineOptions options, TextWriter w)
        {
            var three = new List<MemcachedProcess>();
            MemcachedProcess? one = null;
            try
            {
                for (int i = 0; i < 3; i++) three.Add(MemcachedProcess.Start());
                one = MemcachedProcess.Start();
                string[] threeServers = three.Select(s => s.Address).ToArray();
                string[] oneServer = { one.Address };
                StarvationKeys.Load(threeServers);
                StarvationKeys.Load(oneServer);

                var specs = new List<StarvationCaseSpec>();
                foreach (var (callers, count) in new[] { (StarvationCaseSpec.PoolCallers, 64), (StarvationCaseSpec.PoolCallers, 16), (StarvationCaseSpec.ThreadCallers, 64) })
                    foreach (var servers in new[] { oneServer, threeServers })
                        specs.Add(new StarvationCaseSpec { Group = $"{callers}-{count}", Callers = callers, Count = count, Servers = servers, Seconds = options.Seconds });
                foreach (var servers in new[] { threeServers, oneServer })
                    specs.Add(new StarvationCaseSpec { Group = "async-1000", Callers = StarvationCaseSpec.AsyncBurst, Count = BurstCalls, Servers = servers, Seconds = options.Seconds });

                var results = new List<(StarvationCaseSpec Spec, StarvationCaseResult? Result, string Failure)>();
                foreach (var spec in specs.Where(s => options.Runs(s.Group)))
                {
                    Console.Error.WriteLine($"starvation: {spec.Group}, {spec.Servers.Length} server(s) ...");
                    var (result, failure) = RunChild(spec);
                    results.Add((spec, result, failure));
                }
                Print(w, results, options);
            }
            finally
            {
                foreach (var s in three) s.Dispose();
                one?.Dispose();
            }
        }

        // ------------------------------------------------------------------ child processes

        /// <summary>Runs one case in a fresh process of this program; a child that overstays its limit is stopped by its process id.</summary>
        private static (StarvationCaseResult? Result, string Failure) RunChild(StarvationCaseSpec spec)
        {
            string host = Environment.ProcessPath ?? throw new InvalidOperationException("The program's path is unknown.");
            var psi = new ProcessStartInfo(host)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(typeof(StarvationHarness).Assembly.Location);
            psi.ArgumentList.Add("engine");
            psi.ArgumentList.Add(StarvationCase.Verb);
            psi.ArgumentList.Add(JsonSerializer.Serialize(spec));

            var stdout = new List<string>();
            var stderr = new List<string>();
            using var child = Process.Start(psi) ?? throw new InvalidOperationException("The case's process did not start.");
            child.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.Add(e.Data); };
            child.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.Add(e.Data); };
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();

            // Generous: the case's window, then up to a minute for calls under way (or a burst), and a minute for start-up.
            TimeSpan limit = TimeSpan.FromSeconds(spec.Seconds + StarvationCase.BurstLimit.TotalSeconds + 60);
            if (!child.WaitForExit((int)limit.TotalMilliseconds))
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit(5000);
                return (null, $"the case's process (pid {child.Id}) had not ended after {Formatting.Seconds(limit)} and was stopped");
            }
            child.WaitForExit(); // drains the redirected output
            string? line;
            lock (stdout) line = stdout.LastOrDefault(l => l.StartsWith(StarvationCase.ResultPrefix, StringComparison.Ordinal));
            if (line != null) return (JsonSerializer.Deserialize<StarvationCaseResult>(line.Substring(StarvationCase.ResultPrefix.Length)), "");
            string tail;
            lock (stderr) tail = string.Join(" / ", stderr.TakeLast(3));
            return (null, $"the case's process exited with code {child.ExitCode} without a result: {tail}");
        }

        // ------------------------------------------------------------------ tables

        private static void Print(TextWriter w, List<(StarvationCaseSpec Spec, StarvationCaseResult? Result, string Failure)> results, EngineOptions options)
        {
            w.WriteLine("## Thread-pool starvation: synchronous GetMany (30 keys) from many callers");
            w.WriteLine();
            w.WriteLine($"Real memcached (3 servers, and 1 server), 200 x 30 keys of 32 B loaded first; the client's default options. Each case runs in a " +
                        $"fresh process (a fresh thread pool, its minimum left as it is). Callers call for {Formatting.Seconds(options.Seconds)}; calls under way " +
                        "then finish (they count for p50, p99 and the slowest call, not for calls/s). \"Pool threads\" is ThreadPool.ThreadCount at the start, at the end " +
                        "of the window, and the most seen (sampled every 100 ms).");
            w.WriteLine();

            var loops = new MarkdownTable("callers", "servers", "calls/s", "calls", "p50", "p99", "slowest", "calls that threw", "keys failed / missed",
                "callers that ran", "pool threads start / end / peak");
            foreach (var (spec, r, failure) in results.Where(x => x.Spec.Callers != StarvationCaseSpec.AsyncBurst))
            {
                string who = $"{spec.Count} {(spec.Callers == StarvationCaseSpec.PoolCallers ? "thread-pool callers (Task.Run)" : "dedicated threads")}";
                if (r == null)
                {
                    loops.Add(who, spec.Servers.Length.ToString(), "-", "-", "-", "-", "-", failure, "-", "-", "-");
                    continue;
                }
                loops.Add(who, r.Servers.ToString(), Formatting.Count(r.CallsPerSecond), Formatting.Count(r.Calls), Formatting.Milliseconds(r.P50Ms),
                    Formatting.Milliseconds(r.P99Ms), Slowest(r), Formatting.Tally(r.Threw), KeyFailures(r), $"{r.CallersThatRan} of {r.Count}", Pool(r));
            }
            loops.Print(w);

            w.WriteLine("### 3 servers against 1 server, same run");
            w.WriteLine();
            var ratio = new MarkdownTable("callers", "calls/s, 3 servers", "calls/s, 1 server", "3 / 1", "target", "slowest call (1 / 3 servers)", "met");
            foreach (var group in results.Where(x => x.Spec.Callers != StarvationCaseSpec.AsyncBurst).GroupBy(x => x.Spec.Group))
            {
                var on1 = group.FirstOrDefault(x => x.Spec.Servers.Length == 1).Result;
                var on3 = group.FirstOrDefault(x => x.Spec.Servers.Length == 3).Result;
                var spec = group.First().Spec;
                bool pool = spec.Callers == StarvationCaseSpec.PoolCallers;
                string who = $"{spec.Count} {(pool ? "thread-pool callers" : "dedicated threads")}";
                if (on1 == null || on3 == null)
                {
                    ratio.Add(who, on3 == null ? "-" : Formatting.Count(on3.CallsPerSecond), on1 == null ? "-" : Formatting.Count(on1.CallsPerSecond), "-", "-", "-", "not measured");
                    continue;
                }
                double r = on3.CallsPerSecond / Math.Max(on1.CallsPerSecond, 1e-9);
                double timeoutMs = on3.OperationTimeoutSeconds * 1000;
                bool fastEnough = on1.SlowestMs <= timeoutMs && on3.SlowestMs <= timeoutMs;
                string target = pool ? $">= 0.33, no call over {Formatting.Seconds(on3.OperationTimeoutSeconds)}" : "(comparison)";
                string met = !pool ? "-" : r >= 1.0 / 3 && fastEnough ? "met"
                    : "missed: " + string.Join(", ", new[] { r < 1.0 / 3 ? "ratio" : null, fastEnough ? null : "slow calls" }.Where(x => x != null));
                ratio.Add(who, Formatting.Count(on3.CallsPerSecond), Formatting.Count(on1.CallsPerSecond), Formatting.Ratio(r), target,
                    $"{Slowest(on1)} / {Slowest(on3)}", met);
            }
            ratio.Print(w);

            w.WriteLine($"### {Formatting.Count(BurstCalls)} concurrent GetManyAsync (30 keys), launched at once and awaited together");
            w.WriteLine();
            var burst = new MarkdownTable("servers", "all done after", "calls done", "p50", "p99", "slowest", "calls that threw", "keys failed / missed",
                "pool threads start / end / peak", "met (no call over OperationTimeout)");
            foreach (var (spec, r, failure) in results.Where(x => x.Spec.Callers == StarvationCaseSpec.AsyncBurst))
            {
                if (r == null)
                {
                    burst.Add(spec.Servers.Length.ToString(), "-", "-", "-", "-", "-", failure, "-", "-", "-");
                    continue;
                }
                bool met = r.StillRunning == 0 && r.SlowestMs <= r.OperationTimeoutSeconds * 1000 && r.Threw.Count == 0 && r.KeyErrors.Count == 0 && r.KeysMissed == 0;
                burst.Add(r.Servers.ToString(), Formatting.Seconds(r.WindowSeconds) + (r.StillRunning > 0 ? " (limit)" : ""),
                    $"{Formatting.Count(r.Calls)} of {Formatting.Count(r.Count)}", Formatting.Milliseconds(r.P50Ms), Formatting.Milliseconds(r.P99Ms), Slowest(r),
                    Formatting.Tally(r.Threw), KeyFailures(r), Pool(r), met ? "met" : "missed");
            }
            burst.Print(w);
        }

        private static string Slowest(StarvationCaseResult r) =>
            Formatting.Milliseconds(r.SlowestMs) + (r.StillRunning > 0 ? $" ({r.StillRunning} still running)" : "");

        private static string KeyFailures(StarvationCaseResult r) =>
            (r.KeyErrors.Count == 0 ? "none" : Formatting.Tally(r.KeyErrors)) + (r.KeysMissed > 0 ? $"; {Formatting.Count(r.KeysMissed)} missed" : "");

        private static string Pool(StarvationCaseResult r) => $"{r.PoolThreadsAtStart} / {r.PoolThreadsAtEnd} / {r.PoolThreadsPeak}";
    }
}
