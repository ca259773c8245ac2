using System;
using System.Globalization;
using System.Text;

namespace MemcachePS.Core.KeyDump
{
    /// <summary>
    /// Reads one line of <c>lru_crawler metadump</c>:
    /// <c>key=&lt;url-encoded key&gt; exp=&lt;unix time or -1&gt; la=&lt;unix time&gt; cas=&lt;n&gt; fetch=yes|no cls=&lt;n&gt; size=&lt;n&gt;</c>.
    /// Fields it does not know are ignored, so lines of newer servers still parse. A bare <c>b</c> field says the key
    /// is base64 (binary keys).
    /// </summary>
    internal static class MetadumpLineParser
    {
        /// <summary>The entry for the line, or null when the line is not a key line (END, BUSY, an error, a blank line).</summary>
        public static KeyDumpEntry? Parse(string line)
        {
            if (line == null) return null;
            byte[] bytes = Encoding.UTF8.GetBytes(line);
            return Parse(bytes, 0, bytes.Length);
        }

        /// <summary>
        /// The entry for the line in <paramref name="buffer"/> from <paramref name="offset"/> (<paramref name="length"/>
        /// bytes, without its line end), or null when it is not a key line. Reads the bytes where they arrived: the only
        /// string it makes is the key, so a dump of millions of keys allocates little more than the keys themselves.
        /// </summary>
        public static KeyDumpEntry? Parse(byte[] buffer, int offset, int length)
        {
            int end = offset + length;
            if (length < 4 || buffer[offset] != (byte)'k' || buffer[offset + 1] != (byte)'e' || buffer[offset + 2] != (byte)'y' || buffer[offset + 3] != (byte)'=')
                return null;
            int keyStart = -1, keyLength = 0;
            bool base64 = false;
            long expires = 0, lastAccess = 0;
            ulong cas = 0;
            bool? fetched = null;
            int slabClass = 0, size = 0;

            int i = offset;
            while (i < end)
            {
                int fieldEnd = Array.IndexOf(buffer, (byte)' ', i, end - i);
                if (fieldEnd < 0) fieldEnd = end;
                int fieldLength = fieldEnd - i;
                if (fieldLength > 0)
                {
                    int eq = Array.IndexOf(buffer, (byte)'=', i, fieldLength);
                    if (eq < 0)
                    {
                        if (fieldLength == 1 && buffer[i] == (byte)'b') base64 = true;
                    }
                    else
                    {
                        int v = eq + 1, vLength = fieldEnd - v;
                        switch (eq - i)
                        {
                            case 2 when buffer[i] == (byte)'l' && buffer[i + 1] == (byte)'a':
                                lastAccess = ParseUnsigned(buffer, v, vLength, long.MaxValue, out ulong la) ? (long)la : 0;
                                break;
                            case 3 when buffer[i] == (byte)'k' && buffer[i + 1] == (byte)'e' && buffer[i + 2] == (byte)'y':
                                keyStart = v;
                                keyLength = vLength;
                                break;
                            case 3 when buffer[i] == (byte)'e' && buffer[i + 1] == (byte)'x' && buffer[i + 2] == (byte)'p':
                                expires = ParseSigned(buffer, v, vLength);
                                break;
                            case 3 when buffer[i] == (byte)'c' && buffer[i + 1] == (byte)'a' && buffer[i + 2] == (byte)'s':
                                cas = ParseUnsigned(buffer, v, vLength, ulong.MaxValue, out ulong c) ? c : 0;
                                break;
                            case 3 when buffer[i] == (byte)'c' && buffer[i + 1] == (byte)'l' && buffer[i + 2] == (byte)'s':
                                slabClass = ParseUnsigned(buffer, v, vLength, int.MaxValue, out ulong cls) ? (int)cls : 0;
                                break;
                            case 4 when buffer[i] == (byte)'s' && buffer[i + 1] == (byte)'i' && buffer[i + 2] == (byte)'z' && buffer[i + 3] == (byte)'e':
                                size = ParseUnsigned(buffer, v, vLength, int.MaxValue, out ulong sz) ? (int)sz : 0;
                                break;
                            case 5 when buffer[i] == (byte)'f' && buffer[i + 1] == (byte)'e' && buffer[i + 2] == (byte)'t' && buffer[i + 3] == (byte)'c' && buffer[i + 4] == (byte)'h':
                                fetched = Is(buffer, v, vLength, "yes") ? true : Is(buffer, v, vLength, "no") ? false : (bool?)null;
                                break;
                        }
                    }
                }
                i = fieldEnd + 1;
            }
            if (keyStart < 0 || keyLength == 0) return null;
            string key = DecodeKey(buffer, keyStart, keyLength);
            if (base64) key = DecodeBase64Key(key);
            return new KeyDumpEntry(key,
                expires > 0 ? DateTimeOffset.FromUnixTimeSeconds(expires) : (DateTimeOffset?)null,
                lastAccess > 0 ? DateTimeOffset.FromUnixTimeSeconds(lastAccess) : (DateTimeOffset?)null,
                cas, fetched, slabClass, size);
        }

        /// <summary>Digits only (no sign, no spaces), at most <paramref name="max"/>; false otherwise, as TryParse with NumberStyles.None.</summary>
        private static bool ParseUnsigned(byte[] buffer, int start, int length, ulong max, out ulong value)
        {
            value = 0;
            if (length == 0) return false;
            for (int i = start; i < start + length; i++)
            {
                uint digit = (uint)(buffer[i] - '0');
                if (digit > 9) { value = 0; return false; }
                if (value > (max - digit) / 10) { value = 0; return false; }
                value = value * 10 + digit;
            }
            return true;
        }

        /// <summary>An optional sign and digits, as TryParse with AllowLeadingSign; 0 (never expires) when it is not a number.</summary>
        private static long ParseSigned(byte[] buffer, int start, int length)
        {
            bool negative = length > 0 && buffer[start] == (byte)'-';
            if (length > 0 && (buffer[start] == (byte)'-' || buffer[start] == (byte)'+')) { start++; length--; }
            if (!ParseUnsigned(buffer, start, length, negative ? (ulong)long.MaxValue + 1 : long.MaxValue, out ulong magnitude)) return 0;
            return negative ? (long)(0 - magnitude) : (long)magnitude;
        }

        private static bool Is(byte[] buffer, int start, int length, string text)
        {
            if (length != text.Length) return false;
            for (int i = 0; i < length; i++)
                if (buffer[start + i] != text[i]) return false;
            return true;
        }

        /// <summary>The key's text: its bytes as UTF-8 when nothing is escaped (the common case), else with <see cref="Unescape"/>.</summary>
        private static string DecodeKey(byte[] buffer, int start, int length)
        {
            if (Array.IndexOf(buffer, (byte)'%', start, length) < 0) return Encoding.UTF8.GetString(buffer, start, length);
            return Unescape(buffer, start, length);
        }

        /// <summary>
        /// Percent-decoding as memcached's uriencode writes it: every byte outside [A-Za-z0-9-._~] is %XX, and the
        /// decoded bytes are the key's UTF-8. A malformed escape is kept literally rather than guessed; a character
        /// memcached would have escaped is kept as its UTF-8 bytes.
        /// </summary>
        public static string UrlDecode(string text)
        {
            if (text.IndexOf('%') < 0) return text;
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            return Unescape(bytes, 0, bytes.Length);
        }

        [ThreadStatic] private static byte[]? t_unescaped;

        /// <summary>The UTF-8 text of the bytes with every well-formed %XX replaced by its byte, decoded where they lie
        /// into a buffer kept per thread: one string per key, however many keys a dump lists.</summary>
        private static string Unescape(byte[] buffer, int start, int length)
        {
            byte[] bytes = t_unescaped ??= new byte[256];
            if (bytes.Length < length) t_unescaped = bytes = new byte[Math.Max(length, bytes.Length * 2)];
            int n = 0, end = start + length;
            for (int i = start; i < end; i++)
            {
                byte b = buffer[i];
                if (b == (byte)'%' && i + 2 < end && IsHex(buffer[i + 1]) && IsHex(buffer[i + 2]))
                {
                    bytes[n++] = (byte)(HexValue(buffer[i + 1]) * 16 + HexValue(buffer[i + 2]));
                    i += 2;
                }
                else
                {
                    bytes[n++] = b;
                }
            }
            return Encoding.UTF8.GetString(bytes, 0, n);
        }

        private static string DecodeBase64Key(string text)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                return text;
            }
        }

        private static bool IsHex(byte c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
