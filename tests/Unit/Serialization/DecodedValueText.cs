using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>
    /// Renders a decoded value with its .NET types visible, so a test can state the whole expected value as one string:
    /// 1L Int64, 2N BigInteger, 1.5D Double, "s" String, b'00ff' byte[], [..] List, (..) object[] (a Python tuple),
    /// {k: v} ordered dictionary, :name a Ruby symbol, set{..} HashSet (sorted), None for null.
    /// </summary>
    internal static class DecodedValueText
    {
        public static string Render(object? value)
        {
            var sb = new StringBuilder();
            Render(value, sb, new HashSet<object>(ReferenceEqualityComparer.Instance));
            return sb.ToString();
        }

        private static void Render(object? value, StringBuilder sb, HashSet<object> open)
        {
            switch (value)
            {
                case null: sb.Append("None"); return;
                case bool b: sb.Append(b ? "true" : "false"); return;
                case long l: sb.Append(l.ToString(CultureInfo.InvariantCulture)).Append('L'); return;
                case BigInteger n: sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append('N'); return;
                case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)).Append('D'); return;
                case string s: Quote(s, sb); return;
                case byte[] bytes: sb.Append("b'").Append(Convert.ToHexString(bytes).ToLowerInvariant()).Append('\''); return;
                case MemcachePS.Core.Serialization.Families.RubySymbol symbol: sb.Append(':').Append(symbol.Name); return;
                case DateTimeOffset date: sb.Append(date.ToString("o", CultureInfo.InvariantCulture)).Append("<DateTimeOffset>"); return;
                case CliXmlText xml: sb.Append("clixml("); Quote(xml.Xml, sb); sb.Append(')'); return;
            }
            if (value.GetType().IsPrimitive || value is decimal)
            {
                sb.Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('<').Append(value.GetType().Name).Append('>');
                return;
            }
            if (!open.Add(value)) { sb.Append("<cycle>"); return; }
            try
            {
                switch (value)
                {
                    case IDictionary dict:
                        sb.Append('{');
                        bool first = true;
                        foreach (DictionaryEntry e in dict)
                        {
                            if (!first) sb.Append(", ");
                            first = false;
                            Render(e.Key, sb, open);
                            sb.Append(": ");
                            Render(e.Value, sb, open);
                        }
                        sb.Append('}');
                        return;
                    case HashSet<object?> set:
                        var items = set.Select(i => Render(i)).OrderBy(s => s, StringComparer.Ordinal);
                        sb.Append("set{").Append(string.Join(", ", items)).Append('}');
                        return;
                    case object?[] tuple:
                        sb.Append('(');
                        for (int i = 0; i < tuple.Length; i++)
                        {
                            if (i > 0) sb.Append(", ");
                            Render(tuple[i], sb, open);
                        }
                        sb.Append(')');
                        return;
                    case IList list:
                        sb.Append('[');
                        for (int i = 0; i < list.Count; i++)
                        {
                            if (i > 0) sb.Append(", ");
                            Render(list[i], sb, open);
                        }
                        sb.Append(']');
                        return;
                    default:
                        sb.Append('<').Append(value.GetType().FullName).Append('>');
                        return;
                }
            }
            finally
            {
                open.Remove(value);
            }
        }

        private static void Quote(string s, StringBuilder sb)
        {
            sb.Append('"');
            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                bool pairedSurrogate = char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
                    || char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(s[i - 1]);
                if (c == '"' || c == '\\') sb.Append('\\').Append(c);
                else if (c < 0x20 || (char.IsSurrogate(c) && !pairedSurrogate)) sb.Append("\\u").Append(((int)c).ToString("x4"));
                else sb.Append(c);
            }
            sb.Append('"');
        }
    }
}
