using System;
using System.Collections.Generic;
using System.Text;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Deterministic, varied keys: printable ASCII of 1 to 150 characters, some with non-ASCII characters.</summary>
    internal static class PlacementKeys
    {
        public const int PerConfiguration = 3000;

        private static readonly string[] NonAscii = { "é", "ü", "ß", "Ω", "ж", "日", "本", "語", "€", "😀", "🚀" };

        /// <summary>
        /// Keys whose 15-bit crc32 server hash, <c>(crc32(key) &gt;&gt; 16) &amp; 0x7fff</c>, is 0: where python-memcached
        /// and pecl memcache's standard strategy count it as 1 and Perl's Cache::Memcached does not. About one key in
        /// 32,768 is one, too few to turn up among a test's random keys, so tests add these.
        /// </summary>
        public static List<string> ZeroCrcHashKeys(int count)
        {
            var keys = new List<string>(count);
            for (int n = 0; keys.Count < count; n++)
            {
                string key = "zero-hash-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (((MemcachePS.Core.Cluster.Crc32.Compute(Encoding.ASCII.GetBytes(key)) >> 16) & 0x7fff) == 0) keys.Add(key);
            }
            return keys;
        }

        /// <param name="seed">Different per test, so no test sees another's keys.</param>
        /// <param name="unicode">Whether about one key in six carries non-ASCII characters.</param>
        /// <param name="avoid">ASCII characters to leave out.</param>
        public static List<string> Generate(int seed, bool unicode, string avoid = "", int count = PerConfiguration, int maxBytes = 240)
        {
            var random = new Random(seed);
            var keys = new List<string>(count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var key = new StringBuilder();
            while (keys.Count < count)
            {
                key.Clear();
                int length = random.Next(4) == 0 ? random.Next(1, 8) : random.Next(8, 151);
                for (int i = 0; i < length; i++)
                {
                    char c = (char)random.Next(0x21, 0x7F);
                    if (avoid.IndexOf(c) < 0) key.Append(c);
                }
                if (unicode && random.Next(6) == 0)
                    for (int n = random.Next(1, 4); n > 0; n--)
                    {
                        int at = random.Next(key.Length + 1);
                        if (at < key.Length && char.IsLowSurrogate(key[at])) at--; // never split an emoji's surrogate pair
                        key.Insert(at, NonAscii[random.Next(NonAscii.Length)]);
                    }
                string text = key.ToString();
                if (text.Length > 0 && Encoding.UTF8.GetByteCount(text) <= maxBytes && seen.Add(text)) keys.Add(text);
            }
            return keys;
        }
    }
}
