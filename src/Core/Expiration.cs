using System;
using System.Globalization;

namespace MemcachePS.Core
{
    /// <summary>
    /// An item lifetime as memcached reads it: 0 is "never", up to 30 days is seconds from now, anything later is a
    /// unix time. Built from a TimeSpan or a DateTimeOffset so that a 31-day TimeSpan never turns into a 1970 date.
    /// </summary>
    /// <remarks>
    /// memcached holds expiry times as 32-bit numbers: nothing can expire after 2038-01-19 03:14:07 UTC
    /// (<see cref="MemcachedConstants.MaxExpirationUnixTime"/>). A later time, or a time in the past, is answered with
    /// success while the item is gone at once, so both are refused with a <see cref="MemcachedClientException"/> before
    /// anything is sent: <see cref="At"/> and <see cref="In"/> refuse what can never be held, and
    /// <see cref="ToWireValue(DateTimeOffset)"/> refuses what cannot be held now (a lifetime over 30 days that ends after
    /// the limit; an expiry time that has passed).
    /// </remarks>
    public readonly struct Expiration : IEquatable<Expiration>
    {
        /// <summary>The latest expiry time memcached can hold, as text in every refusal (scripts may match on it).</summary>
        internal const string LatestText = "2038-01-19 03:14:07 UTC";

        private readonly long _relativeSeconds;
        private readonly long _unixTime;
        private readonly bool _isAbsolute;

        private Expiration(long relativeSeconds, long unixTime, bool isAbsolute)
        {
            _relativeSeconds = relativeSeconds;
            _unixTime = unixTime;
            _isAbsolute = isAbsolute;
        }

        public static Expiration Never => default;

        public bool IsNever => !_isAbsolute && _relativeSeconds == 0;

        /// <summary>
        /// A lifetime from now. Refuses a negative one, and one longer than memcached could ever hold (more than 2^31-1
        /// seconds); whether a lifetime of over 30 days still ends by 2038-01-19 03:14:07 UTC is checked when it is sent.
        /// </summary>
        public static Expiration In(TimeSpan lifetime)
        {
            if (lifetime < TimeSpan.Zero)
                throw new MemcachedClientException($"A time to live cannot be negative ({lifetime}).");
            if (lifetime == TimeSpan.Zero) return Never;
            // Round up: a 0.5 s lifetime must not become 0 ("never expires").
            double seconds = Math.Ceiling(lifetime.TotalSeconds);
            if (seconds > MemcachedConstants.MaxExpirationUnixTime)
                throw new MemcachedClientException(
                    $"A lifetime of {lifetime} ends after {LatestText}, the latest expiry time memcached can hold (a 32-bit unix time): " +
                    "memcached would answer success and drop the item at once. Give a shorter lifetime, or 0 for an item that does not expire.");
            return new Expiration((long)seconds, 0, false);
        }

        /// <summary>
        /// An expiry time. Refuses one before 1970-01-31 (memcached would read it as relative seconds) and one after
        /// 2038-01-19 03:14:07 UTC (the latest memcached can hold); one in the past is refused when it is sent.
        /// </summary>
        public static Expiration At(DateTimeOffset when)
        {
            long unix = when.ToUnixTimeSeconds();
            if (unix <= MemcachedConstants.MaxRelativeExpirationSeconds)
                throw new MemcachedClientException($"An expiry time of {when:u} is before 1970-01-31 and cannot be expressed to memcached.");
            if (unix > MemcachedConstants.MaxExpirationUnixTime)
                throw new MemcachedClientException(
                    $"An expiry time of {when.ToUniversalTime():u} is after {LatestText}, the latest memcached can hold (a 32-bit unix time): " +
                    "memcached would answer success and drop the item at once. Give an earlier time, or no expiry.");
            return new Expiration(0, unix, true);
        }

        /// <summary>
        /// The number to put on the wire, relative to <paramref name="now"/>. Throws <see cref="MemcachedClientException"/>
        /// for an expiry time that is not after <paramref name="now"/> (memcached would drop the item at once) and for a
        /// lifetime of over 30 days that would end after 2038-01-19 03:14:07 UTC.
        /// </summary>
        public long ToWireValue(DateTimeOffset now)
        {
            long nowUnix = now.ToUnixTimeSeconds();
            if (_isAbsolute)
            {
                if (_unixTime <= nowUnix)
                    throw new MemcachedClientException(
                        $"An expiry time of {DateTimeOffset.FromUnixTimeSeconds(_unixTime):u} is not in the future (it is {now.ToUniversalTime():u}): " +
                        "memcached would answer success and drop the item at once. To remove an item, delete it.");
                return _unixTime;
            }
            if (_relativeSeconds <= MemcachedConstants.MaxRelativeExpirationSeconds) return _relativeSeconds;
            long at = nowUnix + _relativeSeconds;
            if (at > MemcachedConstants.MaxExpirationUnixTime)
                throw new MemcachedClientException(
                    $"A lifetime of {TimeSpan.FromSeconds(_relativeSeconds)} ends at {DateTimeOffset.FromUnixTimeSeconds(at):u}, after {LatestText}, " +
                    "the latest expiry time memcached can hold (a 32-bit unix time): memcached would answer success and drop the item at once. " +
                    $"The longest lifetime now is {Longest(nowUnix)}; give 0 for an item that does not expire.");
            return at;
        }

        /// <summary>The number to put on the wire now. Reads the clock only when the value depends on it.</summary>
        public long ToWireValue() =>
            !_isAbsolute && _relativeSeconds <= MemcachedConstants.MaxRelativeExpirationSeconds ? _relativeSeconds : ToWireValue(DateTimeOffset.UtcNow);

        /// <summary>
        /// A <c>flush_all</c> delay as memcached reads it (like a lifetime: relative seconds up to 30 days, else a unix
        /// time, both through its 32-bit clock). Refuses a negative delay and one that ends after 2038-01-19 03:14:07 UTC,
        /// which memcached would wrap and answer OK to by flushing at once.
        /// </summary>
        internal static long FlushDelayWireValue(TimeSpan delay, DateTimeOffset now)
        {
            if (delay < TimeSpan.Zero) throw new MemcachedClientException("A flush delay cannot be negative.");
            double seconds = Math.Ceiling(delay.TotalSeconds);
            if (seconds <= MemcachedConstants.MaxRelativeExpirationSeconds) return (long)seconds;
            long nowUnix = now.ToUnixTimeSeconds();
            if (seconds > MemcachedConstants.MaxExpirationUnixTime - nowUnix)
                throw new MemcachedClientException(
                    $"A flush delay of {delay} ends after {LatestText}, the latest time memcached can hold (a 32-bit unix time): " +
                    $"memcached would answer OK and flush at once. The longest delay now is {Longest(nowUnix)}.");
            return nowUnix + (long)seconds;
        }

        private static string Longest(long nowUnix)
        {
            long seconds = Math.Max(0, MemcachedConstants.MaxExpirationUnixTime - nowUnix);
            return $"{TimeSpan.FromSeconds(seconds)} ({seconds.ToString(CultureInfo.InvariantCulture)} seconds)";
        }

        public static implicit operator Expiration(TimeSpan lifetime) => In(lifetime);
        public static implicit operator Expiration(DateTimeOffset when) => At(when);

        public bool Equals(Expiration other) =>
            _relativeSeconds == other._relativeSeconds && _unixTime == other._unixTime && _isAbsolute == other._isAbsolute;
        public override bool Equals(object? obj) => obj is Expiration e && Equals(e);
        public override int GetHashCode() => (_relativeSeconds * 397 ^ _unixTime).GetHashCode() ^ (_isAbsolute ? 1 : 0);
        public override string ToString() =>
            IsNever ? "never" : _isAbsolute ? DateTimeOffset.FromUnixTimeSeconds(_unixTime).ToString("u") : TimeSpan.FromSeconds(_relativeSeconds).ToString();
    }
}
