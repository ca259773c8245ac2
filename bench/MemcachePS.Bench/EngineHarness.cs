using System;

namespace MemcachePS.Bench
{
    /// <summary>
    /// <c>engine [deadline|starvation|all] [--seconds N] ...</c>: the numbers issue 10 asks of the engine, measured through
    /// MemcachedClient's public API only, so the same harness gives the numbers before and after an engine change.
    /// Prints markdown tables (bench/README.md, "Engine: deadlines and thread-pool starvation").
    /// </summary>
    public static class EngineHarness
    {
        public static int Run(string[] args)
        {
            if (args.Length > 0 && args[0] == StarvationCase.Verb)
                return StarvationCase.Run(args.AsSpan(1).ToArray());

            EngineOptions options;
            try
            {
                options = EngineOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(EngineOptions.Usage);
                return 2;
            }

            var w = Console.Out;
            w.WriteLine("# MemcachePS engine: deadlines and thread-pool starvation");
            w.WriteLine();
            RunInfo.Print(w, options.Label);
            if (options.RunsDeadline) DeadlineHarness.Run(options, w);
            if (options.RunsStarvation) StarvationHarness.Run(options, w);
            return 0;
        }
    }
}
