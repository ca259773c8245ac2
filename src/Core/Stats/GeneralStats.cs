using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Stats
{
    /// <summary>A server's <c>stats</c> report with its main counters as typed properties.</summary>
    public sealed class GeneralStats : StatsRecord
    {
        public GeneralStats(string server, Dictionary<string, object> raw) : base(server, raw) { }

        public string? Version => Text("version");
        public long ProcessId => Int64("pid");
        public TimeSpan Uptime => Seconds("uptime");
        /// <summary>The server's clock when it answered.</summary>
        public DateTimeOffset? ServerTime => Raw.ContainsKey("time") ? DateTimeOffset.FromUnixTimeSeconds(Int64("time")) : (DateTimeOffset?)null;
        public long CurrItems => Int64("curr_items");
        public long TotalItems => Int64("total_items");
        public long Bytes => Int64("bytes");
        public long LimitMaxBytes => Int64("limit_maxbytes");
        /// <summary>Bytes as a share of limit_maxbytes, 0 to 1.</summary>
        public double MemoryUsed => LimitMaxBytes > 0 ? (double)Bytes / LimitMaxBytes : 0;
        public long CurrConnections => Int64("curr_connections");
        public long TotalConnections => Int64("total_connections");
        public long Threads => Int64("threads");
        public long CmdGet => Int64("cmd_get");
        public long CmdSet => Int64("cmd_set");
        public long CmdFlush => Int64("cmd_flush");
        public long CmdTouch => Int64("cmd_touch");
        public long GetHits => Int64("get_hits");
        public long GetMisses => Int64("get_misses");
        public long GetExpired => Int64("get_expired");
        /// <summary>get_hits / (get_hits + get_misses); 0 before the first read.</summary>
        public double HitRatio => GetHits + GetMisses == 0 ? 0 : (double)GetHits / (GetHits + GetMisses);
        public long Evictions => Int64("evictions");
        public long Reclaimed => Int64("reclaimed");
        public long ExpiredUnfetched => Int64("expired_unfetched");
        public long BytesRead => Int64("bytes_read");
        public long BytesWritten => Int64("bytes_written");
    }
}
