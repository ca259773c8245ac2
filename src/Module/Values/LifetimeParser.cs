using System;
using System.Globalization;
using MemcachePS.Core;

namespace MemcachePS.Values
{
    /// <summary>
    /// Reads a lifetime or delay as a script writes it: a TimeSpan, a number of seconds (<c>-TimeToLive 300</c>; a
    /// plain number would otherwise become ticks), or text — seconds (<c>"300"</c>, <c>"1.5"</c>) or a TimeSpan
    /// (<c>"00:05:00"</c>, <c>"1.00:00:00"</c>).
    /// </summary>
    internal static class LifetimeParser
    {
        public static TimeSpan Parse(object? value)
        {
            switch (value)
            {
                case null: throw new MemcachedClientException("A time span is required.");
                case TimeSpan t: return t;
                case string s: return ParseText(s);
                case double d: return FromSeconds(d);
                case float f: return FromSeconds(f);
                case decimal m: return FromSeconds((double)m);
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _:
                    return FromSeconds(System.Convert.ToDouble(value, CultureInfo.InvariantCulture));
                default:
                    throw new MemcachedClientException($"Cannot read a time span from a {value.GetType().Name} ('{value}'): give seconds or a TimeSpan.");
            }
        }

        private static TimeSpan ParseText(string text)
        {
            string s = text.Trim();
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)) return FromSeconds(seconds);
            if (TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var span)) return span;
            throw new MemcachedClientException($"'{text}' is neither a number of seconds nor a time span such as 00:05:00.");
        }

        private static TimeSpan FromSeconds(double seconds)
        {
            if (double.IsNaN(seconds) || double.IsInfinity(seconds) || Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds)
                throw new MemcachedClientException($"{seconds} seconds is not a time span.");
            return TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        }
    }
}
