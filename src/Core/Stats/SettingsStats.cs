using System.Collections.Generic;

namespace MemcachePS.Core.Stats
{
    /// <summary>A server's <c>stats settings</c>: how it was started.</summary>
    public sealed class SettingsStats : StatsRecord
    {
        public SettingsStats(string server, Dictionary<string, object> raw) : base(server, raw) { }

        public long MaxBytes => Int64("maxbytes");
        public long MaxConnections => Int64("maxconns");
        public long TcpPort => Int64("tcpport");
        public long UdpPort => Int64("udpport");
        public string? ListenInterface => Text("inter");
        public long ItemSizeMax => Int64("item_size_max");
        public long Threads => Int64("num_threads");
        public double GrowthFactor => Double("growth_factor");
        public long ChunkSize => Int64("chunk_size");
        public bool? EvictionsEnabled => Flag("evictions");
        public bool? CasEnabled => Flag("cas_enabled");
        public bool? LruCrawlerEnabled => Flag("lru_crawler");
    }
}
