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
            if (line == null || !line.StartsWith("key=", StringComparison.Ordinal)) return null;
            string? rawKey = null;
            bool base64 = false;
            DateTimeOffset? expires = null, lastAccess = null;
            ulong cas = 0;
            bool? fetched = null;
            int slabClass = 0, size = 0;

            foreach (string field in line.Split(' '))
            {
                if (field.Length == 0) continue;
                int eq = field.IndexOf('=');
                if (eq < 0)
                {
                    if (field == "b") base64 = true;
                    continue;
                }
                string name = field.Substring(0, eq);
                string value = field.Substring(eq + 1);
                switch (name)
                {
                    case "key": rawKey = value; break;
                    case "exp": expires = ParseExpiry(value); break;
                    case "la": lastAccess = ParseUnixTime(value); break;
                    case "cas": ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out cas); break;
                    case "fetch": fetched = value == "yes" ? true : value == "no" ? false : (bool?)null; break;
                    case "cls": int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out slabClass); break;
                    case "size": int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out size); break;
                }
            }
            if (string.IsNullOrEmpty(rawKey)) return null;
            string key = base64 ? DecodeBase64Key(UrlDecode(rawKey!)) : UrlDecode(rawKey!);
            return new KeyDumpEntry(key, expires, lastAccess, cas, fetched, slabClass, size);
        }

        /// <summary>exp=-1 (and 0) mean the item never expires.</summary>
        private static DateTimeOffset? ParseExpiry(string value)
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long unix) || unix <= 0) return null;
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        private static DateTimeOffset? ParseUnixTime(string value)
        {
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long unix) || unix <= 0) return null;
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        /// <summary>
        /// Percent-decoding as memcached's uriencode writes it: every byte outside [A-Za-z0-9-._~] is %XX, and the
        /// decoded bytes are the key's UTF-8. A malformed escape is kept literally rather than guessed.
        /// </summary>
        public static string UrlDecode(string text)
        {
            if (text.IndexOf('%') < 0) return text;
            var bytes = new byte[text.Length];
            int n = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
                {
                    bytes[n++] = (byte)(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
                    i += 2;
                }
                else if (c < 0x80)
                {
                    bytes[n++] = (byte)c;
                }
                else
                {
                    // Not something memcached writes; keep it as its UTF-8 bytes.
                    byte[] encoded = Encoding.UTF8.GetBytes(c.ToString());
                    if (n + encoded.Length > bytes.Length) Array.Resize(ref bytes, bytes.Length + encoded.Length * 2);
                    Buffer.BlockCopy(encoded, 0, bytes, n, encoded.Length);
                    n += encoded.Length;
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

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
