using System.Collections.Generic;

namespace MemcachePS.Core.Stats
{
    /// <summary>One line of <c>stats sizes</c>: how many items fall in a size bucket (32-byte steps).</summary>
    public sealed class SizeStats : StatsRecord
    {
        public SizeStats(string server, long size, long count, Dictionary<string, object> raw) : base(server, raw)
        {
            Size = size;
            Count = count;
        }

        /// <summary>The bucket's item size in bytes.</summary>
        public long Size { get; }
        public long Count { get; }
    }
}
