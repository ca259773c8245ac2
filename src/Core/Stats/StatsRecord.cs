using System;
using System.Collections.Generic;
using System.Globalization;

namespace MemcachePS.Core.Stats
{
    /// <summary>
    /// What every typed stats record shares: the server it came from and every raw stat of the record under memcached's
    /// own names (a Dictionary, so PowerShell reads <c>$s.Raw.curr_items</c>).
    /// </summary>
    public abstract class StatsRecord
    {
        protected StatsRecord(string server, Dictionary<string, object> raw)
        {
            Server = server;
            Raw = raw;
        }

        public string Server { get; }

        public Dictionary<string, object> Raw { get; }

        protected long Int64(string name) => Raw.TryGetValue(name, out var v) ? ToInt64(v) : 0;

        protected double Double(string name) =>
            Raw.TryGetValue(name, out var v) && double.TryParse(Convert.ToString(v, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : 0;

        protected string? Text(string name) => Raw.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;

        /// <summary>memcached's yes/no and on/off settings.</summary>
        protected bool? Flag(string name)
        {
            switch (Text(name))
            {
                case "yes": case "on": case "true": case "1": return true;
                case "no": case "off": case "false": case "0": return false;
                default: return null;
            }
        }

        protected TimeSpan Seconds(string name) => TimeSpan.FromSeconds(Int64(name));

        private static long ToInt64(object value)
        {
            switch (value)
            {
                case long l: return l;
                case ulong u: return u > long.MaxValue ? long.MaxValue : (long)u;
                case double d: return (long)d;
                default: return long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) ? n : 0;
            }
        }
    }
}
