using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MemcachePS.Bench
{
    /// <summary>Command line of the engine mode (see <see cref="EngineHarness"/>).</summary>
    public sealed class EngineOptions
    {
        public const string Usage =
            "usage: MemcachePS.Bench engine [deadline|starvation|all] [--seconds N] [--abandon N] [--timeouts 1,5] [--flood-mb N] [--classic] [--only NAME,...] [--label TEXT]";

        public bool RunsDeadline { get; private set; } = true;
        public bool RunsStarvation { get; private set; } = true;
        /// <summary>How long each starvation case calls (10 s, as issue 10 says).</summary>
        public double Seconds { get; private set; } = 10;
        /// <summary>A deadline measurement gives up waiting for its call after this long and reports it still running.</summary>
        public double AbandonSeconds { get; private set; } = 30;
        /// <summary>The OperationTimeout settings the deadline cases are measured with.</summary>
        public IReadOnlyList<double> TimeoutSeconds { get; private set; } = new[] { 1.0, 5.0 };
        /// <summary>
        /// The value length the "fast huge reply" server declares: 1023 MiB, about the largest value a memcached started
        /// with -I 1024m holds (the item's own header counts against the 1 GiB). --flood-mb 1024 declares the protocol's limit.
        /// </summary>
        public long FloodBytes { get; private set; } = 1023L << 20;
        /// <summary>The hostile servers speak only the classic text protocol (they answer mn with ERROR).</summary>
        public bool Classic { get; private set; }
        /// <summary>Says what code was measured when it is not a git checkout's HEAD (printed with the run's date and machine).</summary>
        public string? Label { get; private set; }
        private HashSet<string>? _only;

        /// <summary>Whether the case or call named <paramref name="name"/> runs (all of them unless --only names some).</summary>
        public bool Runs(string name) => _only == null || _only.Contains(name);

        public static EngineOptions Parse(string[] args)
        {
            var o = new EngineOptions();
            int i = 0;
            if (i < args.Length && !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                switch (args[i++])
                {
                    case "deadline": o.RunsStarvation = false; break;
                    case "starvation": o.RunsDeadline = false; break;
                    case "all": break;
                    default: throw new ArgumentException($"Unknown part '{args[i - 1]}': deadline, starvation or all.");
                }
            }
            for (; i < args.Length; i++)
            {
                string name = args[i];
                if (name == "--classic")
                {
                    o.Classic = true;
                    continue;
                }
                if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
                string value = args[++i];
                switch (name)
                {
                    case "--seconds": o.Seconds = Positive(name, value); break;
                    case "--abandon": o.AbandonSeconds = Positive(name, value); break;
                    case "--timeouts": o.TimeoutSeconds = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => Positive(name, v)).ToArray(); break;
                    case "--flood-mb": o.FloodBytes = Math.Min(1L << 30, (long)(Positive(name, value) * 1024 * 1024)); break;
                    case "--label": o.Label = value; break;
                    case "--only": o._only = new HashSet<string>(value.Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
                    default: throw new ArgumentException($"Unknown option {name}.");
                }
            }
            return o;
        }

        private static double Positive(string name, string value) =>
            double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double s) && s > 0
                ? s
                : throw new ArgumentException($"{name} takes a positive number, not '{value}'.");
    }
}
