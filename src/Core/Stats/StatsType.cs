namespace MemcachePS.Core.Stats
{
    /// <summary>The reports of memcached's <c>stats</c> command, each read into its own typed record.</summary>
    public enum StatsType
    {
        /// <summary><c>stats</c>: one <see cref="GeneralStats"/> per server.</summary>
        General,
        /// <summary><c>stats settings</c>: one <see cref="SettingsStats"/> per server.</summary>
        Settings,
        /// <summary><c>stats items</c>: one <see cref="ItemStats"/> per server and slab class.</summary>
        Items,
        /// <summary><c>stats slabs</c>: one <see cref="SlabStats"/> per server and slab class.</summary>
        Slabs,
        /// <summary><c>stats sizes</c>: one <see cref="SizeStats"/> per server and item size (needs <c>-o track_sizes</c>).</summary>
        Sizes,
        /// <summary><c>stats conns</c>: one <see cref="ConnectionStats"/> per server and open connection.</summary>
        Conns,
        /// <summary><c>stats items</c> and <c>stats slabs</c> together: one <see cref="SlabClassUsage"/> per server and slab
        /// class that has pages, as <c>memcached-tool HOST display</c> shows them.</summary>
        SlabUsage,
    }
}
