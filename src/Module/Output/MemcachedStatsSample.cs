using System;

namespace MemcachePS
{
    /// <summary>
    /// One interval of Watch-MemcachedStats for one server, or for all of them (Server "(total)"): rates over the
    /// interval, gauges at its end. Flat, so Export-Csv and ConvertTo-Json write every column. The rates are null when
    /// the server's counters went back (a restart or stats reset during the interval) rather than negative or invented.
    /// </summary>
    public sealed class MemcachedStatsSample
    {
        /// <summary>The row that sums every server of one interval.</summary>
        public const string TotalServer = "(total)";

        internal MemcachedStatsSample(DateTime timestamp, string server, int servers, double seconds, double? getsPerSecond, double? setsPerSecond,
            double? hitRatio, double? evictionsPerSecond, double? bytesReadPerSecond, double? bytesWrittenPerSecond, long items, long connections)
        {
            Timestamp = timestamp;
            Server = server;
            Servers = servers;
            Seconds = seconds;
            GetsPerSecond = getsPerSecond;
            SetsPerSecond = setsPerSecond;
            HitRatio = hitRatio;
            EvictionsPerSecond = evictionsPerSecond;
            BytesReadPerSecond = bytesReadPerSecond;
            BytesWrittenPerSecond = bytesWrittenPerSecond;
            Items = items;
            Connections = connections;
        }

        /// <summary>When the interval ended (local time).</summary>
        public DateTime Timestamp { get; }

        /// <summary>The server, or "(total)" for the sum over the servers that answered.</summary>
        public string Server { get; }

        /// <summary>How many servers the row covers: 1, or for the total those that answered this interval.</summary>
        public int Servers { get; }

        /// <summary>The length of the interval, measured between the two replies.</summary>
        public double Seconds { get; }

        /// <summary>Keys read per second (cmd_get: a multi-key get counts each key).</summary>
        public double? GetsPerSecond { get; }

        /// <summary>Stores per second (cmd_set: set, add, replace, append, prepend, cas).</summary>
        public double? SetsPerSecond { get; }

        /// <summary>Hits over hits and misses in this interval (not since start); null when there were no reads.</summary>
        public double? HitRatio { get; }

        public double? EvictionsPerSecond { get; }
        public double? BytesReadPerSecond { get; }
        public double? BytesWrittenPerSecond { get; }

        /// <summary>Items stored at the end of the interval (curr_items).</summary>
        public long Items { get; }

        /// <summary>Open connections at the end of the interval (curr_connections).</summary>
        public long Connections { get; }

        /// <summary>Hits and lookups (hits + misses) per second, to weigh servers in the total's hit ratio.</summary>
        internal double HitsPerSecond { get; set; }
        internal double LookupsPerSecond { get; set; }

        public override string ToString() => $"{Server} {Timestamp:HH:mm:ss}";
    }
}
