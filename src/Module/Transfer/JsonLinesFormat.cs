using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace MemcachePS.Transfer
{
    /// <summary>
    /// The export format: JSON Lines, one item per line, <c>{"key":"…","flags":N,"value":"&lt;base64&gt;","expires":N|null}</c>,
    /// UTF-8 without BOM, each line ended by LF. <c>expires</c> is an absolute unix time in seconds (null: never), so a
    /// file imported later gives each item the lifetime it has left then.
    /// </summary>
    internal static class JsonLinesFormat
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, true);

        public static void Write(Stream output, string key, uint flags, byte[] value, long? expires)
        {
            var line = new StringBuilder(value.Length * 4 / 3 + key.Length + 64);
            line.Append("{\"key\":");
            AppendString(line, key);
            line.Append(",\"flags\":").Append(flags.ToString(CultureInfo.InvariantCulture));
            line.Append(",\"value\":\"").Append(Convert.ToBase64String(value)).Append('"');
            line.Append(",\"expires\":").Append(expires.HasValue ? expires.Value.ToString(CultureInfo.InvariantCulture) : "null");
            line.Append("}\n");
            byte[] bytes = Utf8.GetBytes(line.ToString());
            output.Write(bytes, 0, bytes.Length);
        }

        private static void AppendString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    default:
                        if (c < 0x20 || c == 0x7f) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }

        /// <summary>Reads one line (without its LF) as a record; <see cref="ItemFileException"/> says what is wrong.</summary>
        public static ItemRecord Parse(byte[] buffer, int offset, int count, long lineNumber)
        {
            string text;
            try
            {
                text = Utf8.GetString(buffer, offset, count);
            }
            catch (DecoderFallbackException)
            {
                throw new ItemFileException(lineNumber, "is not UTF-8 text.", true);
            }
            var p = new Parser(text, lineNumber);
            string? key = null;
            uint? flags = null;
            byte[]? value = null;
            long? expires = null;
            bool sawExpires = false;
            p.Skip();
            p.Expect('{');
            p.Skip();
            if (!p.TryTake('}'))
            {
                while (true)
                {
                    p.Skip();
                    string name = p.String();
                    p.Skip();
                    p.Expect(':');
                    p.Skip();
                    switch (name)
                    {
                        case "key": key = p.String(); break;
                        case "flags":
                            long f = p.Integer("flags");
                            if (f < 0 || f > uint.MaxValue) throw p.Bad($"flags {f} is not a 32-bit unsigned number");
                            flags = (uint)f;
                            break;
                        case "value":
                            string b64 = p.String();
                            try
                            {
                                value = Convert.FromBase64String(b64);
                            }
                            catch (FormatException)
                            {
                                throw p.Bad("\"value\" is not base64");
                            }
                            break;
                        case "expires":
                            sawExpires = true;
                            expires = p.TryNull() ? (long?)null : p.Integer("expires");
                            break;
                        default:
                            p.SkipValue();
                            break;
                    }
                    p.Skip();
                    if (p.TryTake(',')) continue;
                    p.Expect('}');
                    break;
                }
            }
            p.Skip();
            if (!p.AtEnd) throw p.Bad("text follows the object");
            if (key == null) throw p.Bad("there is no \"key\"");
            if (flags == null) throw p.Bad("there is no \"flags\"");
            if (value == null) throw p.Bad("there is no \"value\"");
            if (!sawExpires) throw p.Bad("there is no \"expires\" (null for an item that never expires)");
            return new ItemRecord(key, flags.Value, value, expires, lineNumber);
        }

        private sealed class Parser
        {
            private readonly string _s;
            private readonly long _line;
            private int _i;

            public Parser(string s, long line)
            {
                _s = s;
                _line = line;
            }

            public bool AtEnd => _i >= _s.Length;

            public ItemFileException Bad(string what) =>
                new ItemFileException(_line, $"is not an exported item ({what}, at character {_i + 1}).", true);

            public void Skip()
            {
                while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\r')) _i++;
            }

            public void Expect(char c)
            {
                if (!TryTake(c)) throw Bad(AtEnd ? $"it ends where '{c}' was expected" : $"'{c}' expected");
            }

            public bool TryTake(char c)
            {
                if (_i < _s.Length && _s[_i] == c)
                {
                    _i++;
                    return true;
                }
                return false;
            }

            public bool TryNull()
            {
                if (string.CompareOrdinal(_s, _i, "null", 0, 4) != 0) return false;
                _i += 4;
                return true;
            }

            public long Integer(string what)
            {
                int start = _i;
                if (_i < _s.Length && _s[_i] == '-') _i++;
                while (_i < _s.Length && _s[_i] >= '0' && _s[_i] <= '9') _i++;
                if (!long.TryParse(_s.Substring(start, _i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                    throw Bad($"\"{what}\" is not a whole number");
                return n;
            }

            public string String()
            {
                Expect('"');
                var sb = new StringBuilder();
                while (true)
                {
                    if (_i >= _s.Length) throw Bad("a string is not closed");
                    char c = _s[_i++];
                    if (c == '"') return sb.ToString();
                    if (c != '\\')
                    {
                        sb.Append(c);
                        continue;
                    }
                    if (_i >= _s.Length) throw Bad("a string is not closed");
                    char e = _s[_i++];
                    switch (e)
                    {
                        case '"': case '\\': case '/': sb.Append(e); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (_i + 4 > _s.Length || !int.TryParse(_s.Substring(_i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int u))
                                throw Bad("a \\u escape is not four hex digits");
                            sb.Append((char)u);
                            _i += 4;
                            break;
                        default: throw Bad($"'\\{e}' is not a JSON escape");
                    }
                }
            }

            /// <summary>Skips a value of a field this format does not know (a later version's, say): strings, numbers, literals.</summary>
            public void SkipValue()
            {
                if (_i < _s.Length && _s[_i] == '"')
                {
                    String();
                    return;
                }
                int start = _i;
                while (_i < _s.Length && _s[_i] != ',' && _s[_i] != '}' && _s[_i] != '{' && _s[_i] != '[') _i++;
                if (_i == start || (_i < _s.Length && (_s[_i] == '{' || _s[_i] == '['))) throw Bad("a field holds something other than text, a number or a literal");
            }
        }
    }
}
