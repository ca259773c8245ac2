using System;
using System.Threading;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Listing
{
    /// <summary>
    /// Whether a whole key dump listed as many keys as the server held. memcached's LRU crawler walks each LRU queue in
    /// turn, and an item that moves between queues while it walks (an item read during the dump is bumped from COLD to
    /// WARM) can be passed over: on 1,000,000 keys with a read pass running, metadump listed 954,721 and 979,598 keys
    /// while curr_items stayed 1,000,000 before and after, with memcached-tool keys short the same way. curr_items read
    /// before and after the dump bound what the server held; a listing below both is short, and is said to be.
    /// </summary>
    internal static class ListingGap
    {
        /// <summary>curr_items of <paramref name="server"/>, or null when it cannot be read (a proxy, a failed stats).</summary>
        public static long? CurrentItems(IMemcachedStore store, ServerAddress server, CancellationToken token)
        {
            try
            {
                var answer = store.Stats(null, new[] { server }, token)[0];
                if (answer.HasError) return null;
                long items = answer.Result.GetInt64("curr_items");
                return items >= 0 ? items : (long?)null;
            }
            catch (MemcachedException)
            {
                return null;
            }
        }

        /// <summary>
        /// The warning for a whole dump of <paramref name="server"/> that read <paramref name="listed"/> keys while the
        /// server held <paramref name="before"/> items when it began and <paramref name="after"/> when it ended; null when
        /// the listing is not short (or either count is unknown).
        /// </summary>
        public static string? Warning(string server, long listed, long? before, long? after)
        {
            if (!before.HasValue || !after.HasValue) return null;
            long held = Math.Min(before.Value, after.Value);
            if (listed >= held) return null;
            string heldText = before.Value == after.Value
                ? $"held {held:N0} items (curr_items before and after the dump)"
                : $"held {held:N0} items or more (curr_items {before.Value:N0} before the dump, {after.Value:N0} after)";
            return $"{server} listed {listed:N0} keys but {heldText}: {held - listed:N0} not listed. " +
                "memcached's LRU crawler passes over items that move between LRU queues while it walks them (items read or written " +
                "during the dump), and curr_items still counts expired items not yet reclaimed. List again when the cache is quieter, " +
                "or read the keys you know with Get-MemcachedItem.";
        }
    }
}
