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
    }
}
