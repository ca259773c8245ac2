using System;
using System.Collections.Generic;
using MemcachePS.Core;

namespace MemcachePS.Stats
{
    /// <summary>
    /// Rates between two <c>stats</c> replies of one server, for Watch-MemcachedStats, and the total of one interval
    /// over several servers. The counters are memcached's own (cmd_get, cmd_set, get_hits, get_misses, evictions,
    /// bytes_read, bytes_written); the interval is what the caller measured between the two replies.
    /// </summary>
    internal static class StatsRates
    {
        private static readonly string[] Counters = { "cmd_get", "cmd_set", "get_hits", "get_misses", "evictions", "bytes_read", "bytes_written" };

        /// <summary>The counters of one reply that the rates need, and the gauges (items, connections).</summary>
        internal sealed class Reading
        {
            public Reading(StatsResult stats)
            {
                foreach (var name in Counters) Counts[name] = stats.GetInt64(name);
                Uptime = stats.GetInt64("uptime");
                Items = stats.GetInt64("curr_items");
                Connections = stats.GetInt64("curr_connections");
            }

            public Dictionary<string, long> Counts { get; } = new Dictionary<string, long>(StringComparer.Ordinal);
            public long Uptime { get; }
            public long Items { get; }
            public long Connections { get; }
        }

        /// <summary>
        /// The interval from <paramref name="before"/> to <paramref name="after"/>, <paramref name="seconds"/> long. When a
        /// counter went back or the uptime did (the server restarted, or stats reset ran) the rates are null and
        /// <paramref name="counterReset"/> is true: a negative or made-up rate would be a silent lie.
        /// </summary>
        public static MemcachedStatsSample Interval(string server, DateTime timestamp, Reading before, Reading after, double seconds, out bool counterReset)
        {
            if (seconds <= 0) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "An interval must have a length.");
            counterReset = after.Uptime < before.Uptime;
            var delta = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var name in Counters)
            {
                long d = after.Counts[name] - before.Counts[name];
                if (d < 0) counterReset = true;
                delta[name] = d;
            }
            if (counterReset)
                return new MemcachedStatsSample(timestamp, server, 1, seconds, null, null, null, null, null, null, after.Items, after.Connections);
            return new MemcachedStatsSample(timestamp, server, 1, seconds,
                delta["cmd_get"] / seconds, delta["cmd_set"] / seconds, Ratio(delta["get_hits"], delta["get_misses"]),
                delta["evictions"] / seconds, delta["bytes_read"] / seconds, delta["bytes_written"] / seconds, after.Items, after.Connections)
            {
                HitsPerSecond = delta["get_hits"] / seconds,
                LookupsPerSecond = (delta["get_hits"] + delta["get_misses"]) / seconds,
            };
        }

        /// <summary>The sum of one interval's rows (rates add up; the hit ratio is over all servers' reads); null when no row has rates.</summary>
        public static MemcachedStatsSample? Total(DateTime timestamp, IReadOnlyList<MemcachedStatsSample> rows)
        {
            if (rows.Count == 0) return null;
            double gets = 0, sets = 0, evictions = 0, read = 0, written = 0, hits = 0, reads = 0, seconds = 0;
            long items = 0, connections = 0;
            bool anyRates = false, allRates = true;
            foreach (var row in rows)
            {
                items += row.Items;
                connections += row.Connections;
                seconds = Math.Max(seconds, row.Seconds);
                if (!row.GetsPerSecond.HasValue) { allRates = false; continue; }
                anyRates = true;
                gets += row.GetsPerSecond.Value;
                sets += row.SetsPerSecond!.Value;
                evictions += row.EvictionsPerSecond!.Value;
                read += row.BytesReadPerSecond!.Value;
                written += row.BytesWrittenPerSecond!.Value;
                // Servers weigh by their traffic in the hit ratio of the total.
                hits += row.HitsPerSecond;
                reads += row.LookupsPerSecond;
            }
            // A total that leaves out a server whose counters went back would understate the cluster: no rates then.
            bool rates = anyRates && allRates;
            return new MemcachedStatsSample(timestamp, MemcachedStatsSample.TotalServer, rows.Count, seconds,
                rates ? gets : (double?)null, rates ? sets : (double?)null, rates && reads > 0 ? hits / reads : (double?)null,
                rates ? evictions : (double?)null, rates ? read : (double?)null, rates ? written : (double?)null, items, connections);
        }

        private static double? Ratio(long hits, long misses) => hits + misses == 0 ? (double?)null : (double)hits / (hits + misses);
    }
}
