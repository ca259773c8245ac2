using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace MemcachePS.Core
{
    /// <summary>
    /// The reply to <c>stats [args]</c> under memcached's own names, in the server's order. Values that are numbers
    /// are numbers (long, or double for fractions such as rusage_user); everything else stays a string.
    /// </summary>
    public sealed class StatsResult : IReadOnlyDictionary<string, object>
    {
        private readonly Dictionary<string, object> _values = new Dictionary<string, object>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();

        /// <summary>Builds the result from "STAT name value" lines (other lines are ignored).</summary>
        internal static StatsResult Parse(IEnumerable<string> lines)
        {
            var result = new StatsResult();
            foreach (var line in lines)
            {
                if (!line.StartsWith("STAT ", StringComparison.Ordinal)) continue;
                int space = line.IndexOf(' ', 5);
                string name = space < 0 ? line.Substring(5) : line.Substring(5, space - 5);
                string raw = space < 0 ? string.Empty : line.Substring(space + 1);
                result.Add(name, ParseValue(raw));
            }
            return result;
        }

        internal static object ParseValue(string raw)
        {
            if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            if (ulong.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out ulong u)) return u;
            if (raw.IndexOf('.') > 0 && double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double d)) return d;
            return raw;
        }

        private void Add(string name, object value)
        {
            if (!_values.ContainsKey(name)) _order.Add(name);
            _values[name] = value;
        }

        public long GetInt64(string name, long fallback = 0) => _values.TryGetValue(name, out var v) ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : fallback;
        public string? GetString(string name) => _values.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

        public object this[string key] => _values[key];
        public IEnumerable<string> Keys => _order;
        public IEnumerable<object> Values { get { foreach (var k in _order) yield return _values[k]; } }
        public int Count => _order.Count;
        public bool ContainsKey(string key) => _values.ContainsKey(key);
        public bool TryGetValue(string key, out object value) => _values.TryGetValue(key, out value!);

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            foreach (var k in _order) yield return new KeyValuePair<string, object>(k, _values[k]);
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
