using System.Collections.Generic;

namespace MemcachePS.Core.Stats
{
    /// <summary>
    /// One slab class of a server's <c>stats slabs</c> (the <c>&lt;class&gt;:*</c> lines). The server-wide totals of
    /// the report (active_slabs, total_malloced) are kept in every record's Raw as well.
    /// </summary>
    public sealed class SlabStats : StatsRecord
    {
        public SlabStats(string server, int slabClass, Dictionary<string, object> raw) : base(server, raw)
        {
            SlabClass = slabClass;
        }

        public int SlabClass { get; }
        public long ChunkSize => Int64("chunk_size");
        public long ChunksPerPage => Int64("chunks_per_page");
        public long TotalPages => Int64("total_pages");
        public long TotalChunks => Int64("total_chunks");
        public long UsedChunks => Int64("used_chunks");
        public long FreeChunks => Int64("free_chunks");
        public long FreeChunksEnd => Int64("free_chunks_end");
        public long GetHits => Int64("get_hits");
        public long CmdSet => Int64("cmd_set");
        public long DeleteHits => Int64("delete_hits");
        public long IncrHits => Int64("incr_hits");
        public long DecrHits => Int64("decr_hits");
        public long CasHits => Int64("cas_hits");
        public long CasBadval => Int64("cas_badval");
        public long TouchHits => Int64("touch_hits");
    }
}
