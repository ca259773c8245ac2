using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Stats
{
    /// <summary>
    /// One slab class in use on a server, as <c>memcached-tool HOST display</c> shows it: the class's chunk size and
    /// pages from <c>stats slabs</c> beside its item count, oldest item age, evictions and out-of-memory errors from
    /// <c>stats items</c>. Raw holds both reports' fields for the class (items' under their own names, e.g.
    /// <c>number</c>, <c>evicted</c>; slabs' e.g. <c>chunk_size</c>, <c>total_pages</c>).
    /// </summary>
    public sealed class SlabClassUsage : StatsRecord
    {
        public SlabClassUsage(string server, int slabClass, Dictionary<string, object> raw) : base(server, raw)
        {
            SlabClass = slabClass;
        }

        public int SlabClass { get; }

        /// <summary>The size of each chunk of the class, in bytes: items up to this size (with their overhead) live here.</summary>
        public long ChunkSize => Int64("chunk_size");

        /// <summary>The age of the oldest item in the class (memcached-tool's Max_age).</summary>
        public TimeSpan MaxAge => Seconds("age");

        /// <summary>The 1 MiB pages given to the class.</summary>
        public long Pages => Int64("total_pages");

        /// <summary>The items stored in the class.</summary>
        public long Count => Int64("number");

        /// <summary>Every chunk of the class's pages is in use (memcached-tool's Full?: used_chunks = total_chunks).</summary>
        public bool Full => Int64("total_chunks") > 0 && Int64("used_chunks") == Int64("total_chunks");

        /// <summary>Items evicted from the class to make room before their lifetime ended.</summary>
        public long Evicted => Int64("evicted");

        /// <summary>How long the last evicted item had been unused when it was evicted (memcached-tool's Evict_Time).</summary>
        public TimeSpan EvictedTime => Seconds("evicted_time");

        /// <summary>Stores that failed because the class could get no memory (memcached-tool's OOM).</summary>
        public long OutOfMemory => Int64("outofmemory");
    }
}
