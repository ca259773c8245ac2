using System;
using System.Globalization;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>Numbers as the PHP clients write and read them as text: 64-bit integers, doubles in shortest round-trip form.</summary>
    internal static class PhpNumbers
    {
        /// <summary>
        /// A double from any text the PHP clients write: PHP's own (<c>0.1</c>, <c>1.0E+25</c>, <c>-0</c>, <c>INF</c>,
        /// <c>-INF</c>, <c>NAN</c>), php-memcached's g_fmt (<c>.1</c>, <c>1e+25</c>, <c>Infinity</c>, <c>NaN</c>) and C's
        /// <c>%g</c> (<c>inf</c>, <c>nan</c>). Anything else is refused.
        /// </summary>
        public static double ParseDouble(string text, string family, string what)
        {
            switch (text.ToUpperInvariant())
            {
                case "INF": case "+INF": case "INFINITY": case "+INFINITY": return double.PositiveInfinity;
                case "-INF": case "-INFINITY": return double.NegativeInfinity;
                case "NAN": case "-NAN": return double.NaN;
            }
            foreach (char c in text)
                if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
                    throw new MemcachedSerializationException($"{family}: '{Shorten(text)}' is not a floating-point number ({what}).");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || text.Length == 0)
                throw new MemcachedSerializationException($"{family}: '{Shorten(text)}' is not a floating-point number ({what}).");
            // .NET Framework parses "-0" as +0; the sign is part of the value.
            if (value == 0 && text.TrimStart().StartsWith("-", StringComparison.Ordinal)) return -0.0;
            return value;
        }

        /// <summary>The shortest text that reads back as exactly <paramref name="value"/> (finite only); -0 keeps its sign.</summary>
        public static string FormatFinite(double value)
        {
            if (value == 0) return BitConverter.DoubleToInt64Bits(value) < 0 ? "-0" : "0";
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
                text = value.ToString("G17", CultureInfo.InvariantCulture); // .NET Framework's "R" misses a few values
            return text;
        }

        /// <summary>PHP's form inside serialize(): NAN, INF, -INF or the shortest round-trip text.</summary>
        public static string FormatSerialized(double value) =>
            double.IsNaN(value) ? "NAN" : double.IsPositiveInfinity(value) ? "INF" : double.IsNegativeInfinity(value) ? "-INF" : FormatFinite(value);

        /// <summary>A PHP int as serialize() and the clients write it: an optional sign and decimal digits, within 64 bits.</summary>
        public static bool TryParseInteger(string text, out long value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 20) return false;
            int i = text[0] == '-' || text[0] == '+' ? 1 : 0;
            if (i == text.Length) return false;
            for (int j = i; j < text.Length; j++) if (text[j] < '0' || text[j] > '9') return false;
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>
        /// True when PHP keeps the string <paramref name="key"/> in an array as an integer key (ZEND_HANDLE_NUMERIC_STR):
        /// "0", or an optional '-' and digits without a leading zero, within 64 bits, "-0" excepted.
        /// </summary>
        public static bool IsIntegerKey(string key, out long value)
        {
            value = 0;
            if (key.Length == 0 || key.Length > 20) return false;
            int i = key[0] == '-' ? 1 : 0;
            if (i == key.Length) return false;
            if (key[i] == '0' && (key.Length > i + 1 || i == 1)) return false;
            for (int j = i; j < key.Length; j++) if (key[j] < '0' || key[j] > '9') return false;
            return long.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        /// <summary>The 64-bit integer a PHP client stored as decimal text (memcached's decr pads a shorter result with spaces).</summary>
        public static long ReadInteger(ArraySegment<byte> data, string family, uint flags)
        {
            string text = Ascii(data, family).TrimEnd(' ');
            if (!TryParseInteger(text, out long value))
                throw new MemcachedSerializationException($"{family}: a value with flags {flags} (int) holds '{Shorten(text)}', not a 64-bit integer.");
            return value;
        }

        /// <summary>The double a PHP client stored as text.</summary>
        public static double ReadDouble(ArraySegment<byte> data, string family, uint flags) =>
            ParseDouble(Ascii(data, family), family, $"a value with flags {flags} (float)");

        /// <summary>A number's text; no number is longer than 400 bytes, so a longer value is refused rather than cut.</summary>
        private static string Ascii(ArraySegment<byte> data, string family) => data.Count > 400
            ? throw new MemcachedSerializationException($"{family}: a number of {data.Count} bytes is not a number PHP wrote.")
            : System.Text.Encoding.ASCII.GetString(data.Array!, data.Offset, data.Count);

        private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 40) + "…";
    }
}
