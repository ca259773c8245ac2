using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace MemcachePS.Bench
{
    /// <summary>How the engine harness writes times, rates and counts in its tables.</summary>
    public static class Formatting
    {
        public static string Seconds(TimeSpan t) => Seconds(t.TotalSeconds);

        public static string Seconds(double s) => s.ToString(s < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " s";

        public static string Milliseconds(double ms) =>
            ms >= 1000 ? Seconds(ms / 1000) : ms.ToString(ms < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms";

        public static string Count(double n) => n.ToString("#,0", CultureInfo.InvariantCulture);

        public static string Ratio(double r) => r.ToString("0.00", CultureInfo.InvariantCulture);

        public static string Bytes(long n) =>
            n >= 1 << 20 ? (n / (double)(1 << 20)).ToString("#,0", CultureInfo.InvariantCulture) + " MiB" : Count(n) + " B";

        /// <summary>"3 × MemcachedTimeoutException, 1 × IOException", or "none".</summary>
        public static string Tally(IReadOnlyDictionary<string, long>? counts)
        {
            if (counts == null || counts.Count == 0) return "none";
            return string.Join(", ", counts.OrderByDescending(kv => kv.Value).Select(kv => $"{Count(kv.Value)} × {kv.Key}"));
        }
    }
}
