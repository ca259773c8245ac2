using System;
using MemcachePS.Core;

namespace MemcachePS.Transfer
{
    /// <summary>Where a lifetime stands when an item is to be written elsewhere.</summary>
    internal enum LifetimeState
    {
        /// <summary>The item lives on (or never expires): write it with the lifetime it has left.</summary>
        Live,
        /// <summary>The lifetime ran out: skip the item, never write it as "never expires".</summary>
        Expired,
        /// <summary>The read could not learn the lifetime (classic protocol): refuse, never write it as "never expires".</summary>
        Unknown,
    }

    /// <summary>
    /// The lifetime an item copied, exported or imported keeps: what it has left, always sent as relative seconds (an
    /// absolute time would be read on the destination's clock), so it ends when it would have ended on the source.
    /// </summary>
    internal static class TransferLifetime
    {
        /// <summary>From a read: -1 is never, 0 (or less) has run out, null is unknown.</summary>
        public static LifetimeState FromRead(CacheItem item, out Expiration expiration)
        {
            expiration = Expiration.Never;
            long? ttl = item.TimeToLiveSeconds;
            if (!ttl.HasValue) return LifetimeState.Unknown;
            if (ttl.Value < 0) return LifetimeState.Live;
            if (ttl.Value == 0) return LifetimeState.Expired;
            expiration = Expiration.In(TimeSpan.FromSeconds(ttl.Value));
            return LifetimeState.Live;
        }

        /// <summary>From an absolute expiry (unix seconds; null or 0 for never), at <paramref name="now"/>.</summary>
        public static LifetimeState FromUnixTime(long? expires, DateTimeOffset now, out Expiration expiration)
        {
            expiration = Expiration.Never;
            if (!expires.HasValue || expires.Value == 0) return LifetimeState.Live;
            long left = expires.Value - now.ToUnixTimeSeconds();
            if (left <= 0) return LifetimeState.Expired;
            expiration = Expiration.In(TimeSpan.FromSeconds(left));
            return LifetimeState.Live;
        }

        /// <summary>The absolute expiry of a read item, unix seconds at <paramref name="readAt"/>; null for never.</summary>
        public static long? UnixExpiry(CacheItem item, DateTimeOffset readAt) =>
            item.TimeToLiveSeconds is long ttl && ttl >= 0 ? readAt.ToUnixTimeSeconds() + ttl : (long?)null;
    }
}
