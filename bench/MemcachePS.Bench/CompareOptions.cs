using System;
using System.Collections.Generic;
using System.Globalization;

namespace MemcachePS.Bench
{
    /// <summary>Command line of the compare mode (see <see cref="CompareWorkloads"/>).</summary>
    public sealed class CompareOptions
    {
        public int Port { get; private set; }
        public string DatasetPath { get; private set; } = "";
        /// <summary>Sequential gets, and sequential sets, measured (after <see cref="WarmupOps"/> untimed ones).</summary>
        public int Ops { get; private set; } = 100_000;
        public int WarmupOps { get; private set; } = 10_000;
        /// <summary>
        /// Every workload also warms up for at least this long, so what is timed is steady state: .NET compiles a method
        /// first without optimization and recompiles it once it has run a while (tiered compilation), which takes
        /// about a second of work here; a count-only warm-up of a few slow batches ends before that.
        /// </summary>
        public double WarmupSeconds { get; private set; } = 1.0;
        public int GetManyCalls { get; private set; } = 5_000;
        public int BulkBatches { get; private set; } = 50;
        private HashSet<string>? _only;

        public bool Runs(string workload) => _only == null || _only.Contains(workload);

        public static CompareOptions Parse(string[] args)
        {
            var o = new CompareOptions();
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
                string value = args[++i];
                switch (name)
                {
                    case "--port": o.Port = Number(name, value); break;
                    case "--dataset": o.DatasetPath = value; break;
                    case "--ops": o.Ops = Number(name, value); break;
                    case "--warmup-ops": o.WarmupOps = Number(name, value); break;
                    case "--warmup-seconds": o.WarmupSeconds = Seconds(name, value); break;
                    case "--getmany-calls": o.GetManyCalls = Number(name, value); break;
                    case "--bulk-batches": o.BulkBatches = Number(name, value); break;
                    case "--only": o._only = new HashSet<string>(value.Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                    default: throw new ArgumentException($"Unknown option {name}.");
                }
            }
            if (o.Port <= 0) throw new ArgumentException("--port is required.");
            if (o.DatasetPath.Length == 0) throw new ArgumentException("--dataset is required.");
            return o;
        }

        private static double Seconds(string name, string value) =>
            double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s) && s >= 0
                ? s
                : throw new ArgumentException($"{name} takes a non-negative number of seconds, not '{value}'.");

        private static int Number(string name, string value) =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 0
                ? n
                : throw new ArgumentException($"{name} takes a non-negative whole number, not '{value}'.");
    }
}
