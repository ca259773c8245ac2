using System;
using System.Collections.Generic;
using System.Globalization;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Stats;

namespace MemcachePS.Stats
{
    /// <summary>
    /// What Get-MemcachedStats writes for a report type: the <c>stats</c> argument to send, and the records one server's
    /// reply becomes (one for General and Settings; one per slab class, item size or connection otherwise, with the
    /// report's totals copied into each slab record). The records themselves are Core's typed views of memcached's stats.
    /// </summary>
    internal static class StatsReport
    {
        /// <summary>The argument of the <c>stats</c> command for a report type (null for the general report).</summary>
        public static string? Argument(StatsType type)
        {
            switch (type)
            {
                case StatsType.General: return null;
                case StatsType.Settings: return "settings";
                case StatsType.Items: return "items";
                case StatsType.Slabs: return "slabs";
                case StatsType.Sizes: return "sizes";
                case StatsType.Conns: return "conns";
                case StatsType.SlabUsage: throw new ArgumentOutOfRangeException(nameof(type), type, "SlabUsage combines two reports: use ItemsAndSlabs.");
                default: throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown stats type.");
            }
        }

        /// <summary>
        /// memcached-tool's display: the classes of <c>stats slabs</c> that have pages, each joined with the same class of
        /// <c>stats items</c> (a class with pages but no items yet has zero items, evictions and age), in class order.
        /// </summary>
        public static IReadOnlyList<StatsRecord> SlabUsage(string server, StatsResult items, StatsResult slabs)
        {
            var usage = new List<StatsRecord>();
            var itemClasses = new Dictionary<int, Dictionary<string, object>>();
            foreach (var record in PerClass(items, "items:", (id, raw) => new ItemStats(server, id, raw), includeTotals: false))
                itemClasses[((ItemStats)record).SlabClass] = record.Raw;
            foreach (var record in PerClass(slabs, "", (id, raw) => new SlabStats(server, id, raw), includeTotals: false))
            {
                var slab = (SlabStats)record;
                if (slab.TotalPages == 0) continue;
                var raw = new Dictionary<string, object>(slab.Raw, StringComparer.Ordinal);
                if (itemClasses.TryGetValue(slab.SlabClass, out var itemRaw))
                    foreach (var pair in itemRaw) if (!raw.ContainsKey(pair.Key)) raw[pair.Key] = pair.Value;
                usage.Add(new SlabClassUsage(server, slab.SlabClass, raw));
            }
            return usage;
        }

        /// <summary>The records of one server's reply: one for General and Settings, one per class, size or connection otherwise.</summary>
        public static IReadOnlyList<StatsRecord> Build(StatsType type, ServerAddress server, StatsResult stats) =>
            Build(type, server.Name, stats);

        public static IReadOnlyList<StatsRecord> Build(StatsType type, string server, StatsResult stats)
        {
            switch (type)
            {
                case StatsType.General: return new StatsRecord[] { new GeneralStats(server, Copy(stats)) };
                case StatsType.Settings: return new StatsRecord[] { new SettingsStats(server, Copy(stats)) };
                case StatsType.Items: return PerClass(stats, "items:", (id, raw) => new ItemStats(server, id, raw), includeTotals: false);
                case StatsType.Slabs: return PerClass(stats, "", (id, raw) => new SlabStats(server, id, raw), includeTotals: true);
                case StatsType.Conns: return PerClass(stats, "", (id, raw) => new ConnectionStats(server, id, raw), includeTotals: false);
                case StatsType.Sizes: return Sizes(server, stats);
                default: throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown stats type.");
            }
        }

        /// <summary>True when the server answered <c>stats sizes</c> with <c>sizes_status disabled</c> (start it with <c>-o track_sizes</c>).</summary>
        public static bool SizesDisabled(StatsResult stats) => stats.GetString("sizes_status") == "disabled";

        private static Dictionary<string, object> Copy(StatsResult stats)
        {
            var raw = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var pair in stats) raw[pair.Key] = pair.Value;
            return raw;
        }

        /// <summary>
        /// Groups <c>[prefix]&lt;n&gt;:&lt;field&gt;</c> lines by n, in ascending order, with the field names as Raw keys.
        /// Lines without a number (report totals) go into every record's Raw when <paramref name="includeTotals"/>.
        /// </summary>
        private static IReadOnlyList<StatsRecord> PerClass(StatsResult stats, string prefix, Func<int, Dictionary<string, object>, StatsRecord> create, bool includeTotals)
        {
            var groups = new SortedDictionary<int, Dictionary<string, object>>();
            var totals = new List<KeyValuePair<string, object>>();
            foreach (var pair in stats)
            {
                string name = pair.Key;
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    int colon = name.IndexOf(':', prefix.Length);
                    if (colon > prefix.Length &&
                        int.TryParse(name.Substring(prefix.Length, colon - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
                    {
                        if (!groups.TryGetValue(id, out var raw)) groups[id] = raw = new Dictionary<string, object>(StringComparer.Ordinal);
                        raw[name.Substring(colon + 1)] = pair.Value;
                        continue;
                    }
                }
                totals.Add(pair);
            }
            var records = new List<StatsRecord>(groups.Count);
            foreach (var group in groups)
            {
                if (includeTotals) foreach (var t in totals) if (!group.Value.ContainsKey(t.Key)) group.Value[t.Key] = t.Value;
                records.Add(create(group.Key, group.Value));
            }
            return records;
        }

        private static IReadOnlyList<StatsRecord> Sizes(string server, StatsResult stats)
        {
            var records = new List<StatsRecord>();
            var buckets = new SortedDictionary<long, long>();
            foreach (var pair in stats)
            {
                if (!long.TryParse(pair.Key, NumberStyles.None, CultureInfo.InvariantCulture, out long size)) continue;
                buckets[size] = stats.GetInt64(pair.Key);
            }
            foreach (var bucket in buckets)
            {
                var raw = new Dictionary<string, object>(StringComparer.Ordinal) { [bucket.Key.ToString(CultureInfo.InvariantCulture)] = bucket.Value };
                records.Add(new SizeStats(server, bucket.Key, bucket.Value, raw));
            }
            return records;
        }
    }
}
