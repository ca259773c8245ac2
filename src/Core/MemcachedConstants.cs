using System;

namespace MemcachePS.Core
{
    /// <summary>Numbers every memcached client shares.</summary>
    public static class MemcachedConstants
    {
        public const int DefaultPort = 11211;
        public const int MaxKeyLength = 250;
        /// <summary>memcached's default <c>item_size_max</c> (1 MiB), used until the server tells its own.</summary>
        public const int DefaultItemSizeMax = 1024 * 1024;
        /// <summary>Expiration values up to this many seconds are relative; larger ones are read as unix times.</summary>
        public const int MaxRelativeExpirationSeconds = 60 * 60 * 24 * 30;
        /// <summary>
        /// The latest expiry time memcached can hold, as a unix time: 2^31-1, 2038-01-19 03:14:07 UTC. memcached reads
        /// expiry times (and flush delays) as 32-bit signed numbers: a later one wraps, and the server answers success
        /// while the item is stored as already expired (or the flush happens at once). <see cref="Expiration"/> refuses
        /// anything later before it is sent.
        /// </summary>
        public const long MaxExpirationUnixTime = int.MaxValue;
    }
}
