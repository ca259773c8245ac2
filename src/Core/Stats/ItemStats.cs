using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Stats
{
    /// <summary>One slab class of a server's <c>stats items</c> (the <c>items:&lt;class&gt;:*</c> lines).</summary>
    public sealed class ItemStats : StatsRecord
    {
        public ItemStats(string server, int slabClass, Dictionary<string, object> raw) : base(server, raw)
        {
            SlabClass = slabClass;
        }

        public int SlabClass { get; }
        public long Number => Int64("number");
        /// <summary>Age of the oldest item in the class's LRU.</summary>
        public TimeSpan Age => Seconds("age");
        public long Evicted => Int64("evicted");
        public long EvictedNonzero => Int64("evicted_nonzero");
        public TimeSpan EvictedTime => Seconds("evicted_time");
        public long OutOfMemory => Int64("outofmemory");
        public long Reclaimed => Int64("reclaimed");
        public long ExpiredUnfetched => Int64("expired_unfetched");
        public long EvictedUnfetched => Int64("evicted_unfetched");
        public long MemRequested => Int64("mem_requested");
    }
}
