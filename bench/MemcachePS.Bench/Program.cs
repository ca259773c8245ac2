using System;
using BenchmarkDotNet.Running;

namespace MemcachePS.Bench
{
    public static class Program
    {
        /// <summary>
        /// <c>compare --port N ...</c> runs the fixed workloads that bench/compare.sh sets against other clients;
        /// <c>engine ...</c> measures deadlines and thread-pool starvation (issue 10);
        /// <c>keys fill|dump HOST:PORT</c> fills a server and times Core's key dump (bench/listing-bench.ps1);
        /// anything else goes to BenchmarkDotNet (e.g. <c>--filter *</c>).
        /// </summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "compare")
                return CompareWorkloads.Run(args.AsSpan(1).ToArray());
            if (args.Length > 0 && args[0] == "keys")
                return KeyListingHarness.Run(args.AsSpan(1).ToArray());
            if (args.Length > 0 && args[0] == "engine")
                return EngineHarness.Run(args.AsSpan(1).ToArray());
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
