using System;

namespace MemcachePS.Core
{
    /// <summary>
    /// An item lifetime as memcached reads it: 0 is "never", up to 30 days is seconds from now, anything later is a
    /// unix time. Built from a TimeSpan or a DateTimeOffset so that a 31-day TimeSpan never turns into a 1970 date.
    /// </summary>
    public readonly struct Expiration : IEquatable<Expiration>
    {
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

        public static Expiration In(TimeSpan lifetime)
        {
            if (lifetime < TimeSpan.Zero)
                throw new MemcachedClientException($"A time to live cannot be negative ({lifetime}).");
            if (lifetime == TimeSpan.Zero) return Never;
            // Round up: a 0.5 s lifetime must not become 0 ("never expires").
            long seconds = (long)Math.Ceiling(lifetime.TotalSeconds);
            return new Expiration(seconds, 0, false);
        }

        public static Expiration At(DateTimeOffset when)
        {
            long unix = when.ToUnixTimeSeconds();
            if (unix <= MemcachedConstants.MaxRelativeExpirationSeconds)
                throw new MemcachedClientException($"An expiry time of {when:u} is before 1970-01-31 and cannot be expressed to memcached.");
            return new Expiration(0, unix, true);
        }

        /// <summary>The number to put on the wire, relative to <paramref name="now"/>.</summary>
        public long ToWireValue(DateTimeOffset now)
        {
            if (_isAbsolute)
            {
                // An absolute time in the past means "already expired": memcached treats a negative value as immediate expiry.
                return _unixTime <= now.ToUnixTimeSeconds() ? -1 : _unixTime;
            }
            if (_relativeSeconds <= MemcachedConstants.MaxRelativeExpirationSeconds) return _relativeSeconds;
            return now.ToUnixTimeSeconds() + _relativeSeconds;
        }

        /// <summary>The number to put on the wire now. Reads the clock only when the value depends on it.</summary>
        public long ToWireValue() =>
            !_isAbsolute && _relativeSeconds <= MemcachedConstants.MaxRelativeExpirationSeconds ? _relativeSeconds : ToWireValue(DateTimeOffset.UtcNow);

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
