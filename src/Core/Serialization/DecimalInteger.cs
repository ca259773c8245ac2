using System;
using System.Globalization;
using System.Numerics;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// Integers written as ASCII decimal (flags 2 and 4, pickle INT/LONG, JSON numbers), read as Int64 when they fit and
    /// as BigInteger when they do not: Python ints have no size limit.
    /// </summary>
    internal static class DecimalInteger
    {
        /// <summary>Python 3.11 refuses to convert longer decimal strings (sys.int_info.default_max_str_digits): the
        /// conversion is quadratic, and a megabyte of digits would stall a reader for seconds.</summary>
        public const int MaxDigits = 4300;

        private static readonly BigInteger LongMin = long.MinValue;
        private static readonly BigInteger LongMax = long.MaxValue;

        /// <summary>Reads a stored integer value. Surrounding ASCII whitespace is allowed: memcached's <c>decr</c> pads a
        /// shorter result with spaces instead of resizing the item, and Python's <c>int()</c> accepts it too.</summary>
        public static object Parse(ArraySegment<byte> data, string what)
        {
            var chars = new char[data.Count];
            for (int i = 0; i < data.Count; i++)
            {
                byte b = data.Array![data.Offset + i];
                if (b >= 0x80) throw Invalid(what, "contains a non-ASCII byte");
                chars[i] = (char)b;
            }
            return Parse(new string(chars), what);
        }

        public static object Parse(string text, string what)
        {
            int start = 0, end = text.Length;
            while (start < end && IsAsciiSpace(text[start])) start++;
            while (end > start && IsAsciiSpace(text[end - 1])) end--;
            int digitsStart = start;
            bool negative = false;
            if (digitsStart < end && (text[digitsStart] == '-' || text[digitsStart] == '+'))
            {
                negative = text[digitsStart] == '-';
                digitsStart++;
            }
            int digitCount = end - digitsStart;
            if (digitCount == 0) throw Invalid(what, "has no digits");
            for (int i = digitsStart; i < end; i++)
                if (text[i] < '0' || text[i] > '9') throw Invalid(what, $"has '{text[i]}' where a digit belongs");
            if (digitCount > MaxDigits) throw Invalid(what, $"has {digitCount} digits, more than the {MaxDigits} read");

            if (digitCount <= 18)
            {
                long value = 0;
                for (int i = digitsStart; i < end; i++) value = value * 10 + (text[i] - '0');
                return negative ? -value : value;
            }
            var big = BigInteger.Parse(text.Substring(digitsStart, digitCount), NumberStyles.None, CultureInfo.InvariantCulture);
            return Narrow(negative ? -big : big);
        }

        /// <summary>Int64 when the value fits, else the BigInteger itself.</summary>
        public static object Narrow(BigInteger value) =>
            value >= LongMin && value <= LongMax ? (object)(long)value : value;

        public static string Format(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);

        private static bool IsAsciiSpace(char c) => c == ' ' || (c >= '\t' && c <= '\r');

        private static MemcachedSerializationException Invalid(string what, string problem) =>
            new MemcachedSerializationException($"{what} is not a decimal integer: it {problem}.");
    }
}
