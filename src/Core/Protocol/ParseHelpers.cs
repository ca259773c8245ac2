using System.Text;

namespace MemcachePS.Core.Protocol
{
    /// <summary>Byte-level helpers shared by the meta and classic parsers.</summary>
    internal static class ParseHelpers
    {
        /// <summary>Longest first line accepted; anything longer is not a memcached reply.</summary>
        public const int MaxLineLength = 8192;

        /// <summary>
        /// Largest value a reply may announce: memcached refuses an item_size_max over 1 GiB. A larger size is garbage, and
        /// waiting for its bytes would grow the read buffer without bound (and overflow the arithmetic near 2 GiB).
        /// </summary>
        public const int MaxValueLength = 1024 * 1024 * 1024;

        /// <summary>
        /// Refuses a value size over <paramref name="maxValueLength"/> (the server's item_size_max) at its header, before any
        /// of its bytes are waited for or buffered: no item the server can hold is that large, so the reply is not trusted.
        /// </summary>
        public static void CheckValueSize(ulong size, int maxValueLength)
        {
            if (size > MaxValueLength)
                throw new MemcachedProtocolException($"Value size {size} is beyond any item memcached can hold (1 GiB).");
            if (size > (ulong)maxValueLength)
                throw new MemcachedProtocolException(
                    $"The reply announces a value of {size} bytes, more than the server's item_size_max of {maxValueLength} bytes: no item it holds can be that large, so the reply is refused and the connection closed.");
        }

        /// <summary>Index of the LF ending the line that starts at offset, or -1 when the line is incomplete.</summary>
        public static int FindLineEnd(byte[] buf, int offset, int count)
        {
            int end = offset + count;
            int limit = System.Math.Min(end, offset + MaxLineLength + 2);
            for (int i = offset; i < limit; i++)
            {
                if (buf[i] == (byte)'\n')
                {
                    if (i == offset || buf[i - 1] != (byte)'\r')
                        throw new MemcachedProtocolException("Reply line ends with LF without CR: " + Describe(buf, offset, i - offset));
                    return i;
                }
            }
            if (count > MaxLineLength + 2)
                throw new MemcachedProtocolException($"Reply line longer than {MaxLineLength} bytes: " + Describe(buf, offset, 60));
            return -1;
        }

        public static bool StartsWith(byte[] buf, int offset, int length, string token)
        {
            if (length < token.Length) return false;
            for (int i = 0; i < token.Length; i++) if (buf[offset + i] != (byte)token[i]) return false;
            return true;
        }

        public static bool Equals(byte[] buf, int offset, int length, string token) =>
            length == token.Length && StartsWith(buf, offset, length, token);

        /// <summary>
        /// Whether the bytes are exactly the UTF-8 encoding of <paramref name="prefix"/> followed by <paramref name="key"/>,
        /// byte for byte, without allocating. (Keys reaching here were validated, so they hold no unpaired surrogate.)
        /// </summary>
        public static bool EqualsUtf8(byte[] buf, int offset, int length, string prefix, string key)
        {
            int p = offset, end = offset + length;
            return MatchUtf8(buf, ref p, end, prefix) && MatchUtf8(buf, ref p, end, key) && p == end;
        }

        private static bool MatchUtf8(byte[] buf, ref int p, int end, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (char.IsHighSurrogate((char)c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    c = char.ConvertToUtf32((char)c, text[++i]);
                if (c < 0x80)
                {
                    if (p >= end || buf[p++] != c) return false;
                }
                else if (c < 0x800)
                {
                    if (end - p < 2 || buf[p++] != (0xC0 | (c >> 6)) || buf[p++] != (0x80 | (c & 0x3F))) return false;
                }
                else if (c < 0x10000)
                {
                    if (end - p < 3 || buf[p++] != (0xE0 | (c >> 12)) || buf[p++] != (0x80 | ((c >> 6) & 0x3F)) || buf[p++] != (0x80 | (c & 0x3F))) return false;
                }
                else if (end - p < 4 || buf[p++] != (0xF0 | (c >> 18)) || buf[p++] != (0x80 | ((c >> 12) & 0x3F)) ||
                         buf[p++] != (0x80 | ((c >> 6) & 0x3F)) || buf[p++] != (0x80 | (c & 0x3F)))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Parses an unsigned decimal; throws a protocol error naming what it was for.</summary>
        public static ulong ParseUInt64(byte[] buf, int offset, int length, string what)
        {
            if (length == 0 || length > 20) throw Bad(what, buf, offset, length);
            ulong v = 0;
            for (int i = offset; i < offset + length; i++)
            {
                int d = buf[i] - '0';
                if (d < 0 || d > 9) throw Bad(what, buf, offset, length);
                ulong next = v * 10 + (ulong)d;
                if (next / 10 != v) throw Bad(what, buf, offset, length);
                v = next;
            }
            return v;
        }

        public static long ParseInt64(byte[] buf, int offset, int length, string what)
        {
            if (length > 0 && buf[offset] == (byte)'-')
            {
                ulong magnitude = ParseUInt64(buf, offset + 1, length - 1, what);
                if (magnitude > (ulong)long.MaxValue + 1) throw Bad(what, buf, offset, length);
                return magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            }
            ulong v = ParseUInt64(buf, offset, length, what);
            if (v > long.MaxValue) throw Bad(what, buf, offset, length);
            return (long)v;
        }

        public static MemcachedProtocolException Bad(string what, byte[] buf, int offset, int length) =>
            new MemcachedProtocolException($"Invalid {what} in reply: '{Describe(buf, offset, length)}'.");

        /// <summary>A short printable rendering of reply bytes for error messages.</summary>
        public static string Describe(byte[] buf, int offset, int length)
        {
            length = System.Math.Max(0, System.Math.Min(length, System.Math.Min(80, buf.Length - offset)));
            var sb = new StringBuilder(length);
            for (int i = offset; i < offset + length; i++)
            {
                byte b = buf[i];
                if (b >= 0x20 && b < 0x7F) sb.Append((char)b);
                else sb.Append("\\x").Append(b.ToString("X2"));
            }
            return sb.ToString();
        }

        /// <summary>Recognises ERROR / CLIENT_ERROR / SERVER_ERROR lines; both protocols answer with them.</summary>
        public static bool TryParseError(byte[] buf, int offset, int length, ref ParsedResponse r)
        {
            if (Equals(buf, offset, length, "ERROR") || StartsWith(buf, offset, length, "ERROR "))
            {
                r.Status = ResponseStatus.Error;
                r.Message = length > 6 ? Encoding.UTF8.GetString(buf, offset + 6, length - 6) : "ERROR";
                return true;
            }
            if (StartsWith(buf, offset, length, "CLIENT_ERROR"))
            {
                r.Status = ResponseStatus.ClientError;
                r.Message = Encoding.UTF8.GetString(buf, offset + 12, length - 12).Trim();
                return true;
            }
            if (StartsWith(buf, offset, length, "SERVER_ERROR"))
            {
                r.Status = ResponseStatus.ServerError;
                r.Message = Encoding.UTF8.GetString(buf, offset + 12, length - 12).Trim();
                return true;
            }
            return false;
        }
    }
}
