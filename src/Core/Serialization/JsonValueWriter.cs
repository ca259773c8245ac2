using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// Writes .NET values as JSON (RFC 8259): strings, numbers, booleans, null, dictionaries, sequences, and objects by
    /// their public readable properties, recursively. Dates are ISO 8601 strings, byte arrays base64 strings. Cycles and
    /// nesting deeper than <see cref="MaxDepth"/> are refused with the path where they happened. Thread-safe.
    /// </summary>
    internal sealed class JsonValueWriter
    {
        public const int DefaultMaxDepth = 64;

        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesByType = new ConcurrentDictionary<Type, PropertyInfo[]>();

        /// <summary>Containers nested deeper than this are refused (a deep graph is almost always a cycle through copies).</summary>
        public int MaxDepth { get; set; } = DefaultMaxDepth;

        /// <summary>
        /// Called with every non-null value before it is written; what it returns is written instead. The PowerShell
        /// module uses it to turn a PSObject into its base object or an ordered dictionary of its properties.
        /// </summary>
        public Func<object, object?>? ValueAdapter { get; set; }

        public string Write(object? value) => Write(value, rootAdapted: false);

        /// <summary>Writes a value whose root has already been through <see cref="ValueAdapter"/> (the transcoder adapts
        /// it first to choose the flags); nested values are still adapted.</summary>
        internal string Write(object? value, bool rootAdapted)
        {
            var state = new WriteState(new StringBuilder(), MaxDepth, ValueAdapter);
            state.WriteValue(value, 0, adapt: !rootAdapted);
            return state.Output.ToString();
        }

        /// <summary>One writer's buffers per thread, kept between values: 50,000 CSV rows made 1.3 KB of garbage each in
        /// a fresh StringBuilder, its chunks, the path lists and the text before its UTF-8 copy.</summary>
        [ThreadStatic] private static WriteState? t_spare;

        /// <summary>The JSON of <paramref name="value"/> as UTF-8 (what <see cref="Write(object?, bool)"/> gives, encoded), with
        /// no allocation but the returned array once this thread has written a value of that size.</summary>
        internal byte[] WriteUtf8(object? value, bool rootAdapted)
        {
            var state = t_spare;
            t_spare = null; // a value adapter that writes JSON itself gets a state of its own
            if (state == null) state = new WriteState(new StringBuilder(256), MaxDepth, ValueAdapter);
            else state.Reset(MaxDepth, ValueAdapter);
            try
            {
                state.WriteValue(value, 0, adapt: !rootAdapted);
                return state.ToUtf8();
            }
            finally
            {
                if (state.Output.Capacity <= MaxSpareChars) t_spare = state;
            }
        }

        /// <summary>Buffers grown beyond this many characters by a large value are not kept for the next one.</summary>
        private const int MaxSpareChars = 64 * 1024;

        /// <summary>
        /// Values that have no better JSON form than a string, and how they are written: char, DateTime and
        /// DateTimeOffset (ISO 8601, round-trip "o"), Guid, TimeSpan ("c"), Uri, Version.
        /// </summary>
        internal static bool TryFormatAsString(object value, out string text)
        {
            switch (value)
            {
                case char c: text = c.ToString(); return true;
                case DateTime d: text = d.ToString("o", CultureInfo.InvariantCulture); return true;
                case DateTimeOffset d: text = d.ToString("o", CultureInfo.InvariantCulture); return true;
                case Guid g: text = g.ToString("D"); return true;
                case TimeSpan t: text = t.ToString("c", CultureInfo.InvariantCulture); return true;
                case Uri u: text = u.OriginalString; return true;
                case Version v: text = v.ToString(); return true;
                default: text = string.Empty; return false;
            }
        }

        /// <summary>Whole numbers written in decimal; true for every integer type, BigInteger and enums (their underlying value).</summary>
        internal static bool TryFormatInteger(object value, out string text)
        {
            switch (value)
            {
                case int i: text = i.ToString(CultureInfo.InvariantCulture); return true;
                case long l: text = l.ToString(CultureInfo.InvariantCulture); return true;
                case short s: text = s.ToString(CultureInfo.InvariantCulture); return true;
                case byte b: text = b.ToString(CultureInfo.InvariantCulture); return true;
                case sbyte sb: text = sb.ToString(CultureInfo.InvariantCulture); return true;
                case ushort us: text = us.ToString(CultureInfo.InvariantCulture); return true;
                case uint ui: text = ui.ToString(CultureInfo.InvariantCulture); return true;
                case ulong ul: text = ul.ToString(CultureInfo.InvariantCulture); return true;
                case BigInteger big: text = DecimalInteger.Format(big); return true;
                case Enum e:
                    object underlying = Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture);
                    return TryFormatInteger(underlying, out text);
                default: text = string.Empty; return false;
            }
        }

        /// <summary>Shortest text that reads back as the same double, always with a '.' or exponent so a reader keeps it a
        /// floating-point number (3.0 stays 3.0, not the integer 3).</summary>
        internal static string FormatDouble(double value, string path)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
                throw new MemcachedSerializationException($"JSON has no form for {value.ToString(CultureInfo.InvariantCulture)} (at {path}).");
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) != value)
                text = value.ToString("G17", CultureInfo.InvariantCulture); // .NET Framework's "R" misses a few values
            return EnsureFloatingPointForm(text);
        }

        private static string FormatSingle(float value, string path)
        {
            if (float.IsNaN(value) || float.IsInfinity(value))
                throw new MemcachedSerializationException($"JSON has no form for {value.ToString(CultureInfo.InvariantCulture)} (at {path}).");
            return EnsureFloatingPointForm(value.ToString("R", CultureInfo.InvariantCulture));
        }

        private static string EnsureFloatingPointForm(string text) =>
            text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 || text.IndexOf('e') >= 0 ? text : text + ".0";

        private static PropertyInfo[] ReadableProperties(Type type) =>
            PropertiesByType.GetOrAdd(type, t =>
            {
                var list = new List<PropertyInfo>();
                foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    if (p.CanRead && p.GetMethod != null && p.GetMethod.IsPublic && p.GetIndexParameters().Length == 0)
                        list.Add(p);
                return list.ToArray();
            });

        private sealed class WriteState
        {
            private int _maxDepth;
            private Func<object, object?>? _adapter;
            private char[] _chars = Array.Empty<char>();
            /// <summary>The containers being written, outermost first: a value that is one of them is a cycle.</summary>
            private readonly List<object> _open = new List<object>();
            /// <summary>Where the writer is: member names (string) and array indexes (int), made into text only for an error.</summary>
            private readonly List<object> _path = new List<object>();

            public WriteState(StringBuilder output, int maxDepth, Func<object, object?>? adapter)
            {
                Output = output;
                _maxDepth = maxDepth;
                _adapter = adapter;
            }

            public StringBuilder Output { get; }

            public void Reset(int maxDepth, Func<object, object?>? adapter)
            {
                _maxDepth = maxDepth;
                _adapter = adapter;
                Output.Clear();
                _open.Clear();
                _path.Clear();
            }

            /// <summary>The text written, as UTF-8 (strict: the writer escapes every lone surrogate, so none reaches it).</summary>
            public byte[] ToUtf8()
            {
                int length = Output.Length;
                if (_chars.Length < length) _chars = new char[Math.Max(length, Math.Min(_chars.Length * 2, MaxSpareChars))];
                Output.CopyTo(0, _chars, 0, length);
                var bytes = StrictText.StrictUtf8.GetBytes(_chars, 0, length);
                if (_chars.Length > MaxSpareChars) _chars = Array.Empty<char>();
                return bytes;
            }

            private string Path
            {
                get
                {
                    var text = new StringBuilder("$");
                    foreach (var step in _path)
                    {
                        if (step is int index) text.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                        else text.Append('.').Append((string)step);
                    }
                    return text.ToString();
                }
            }

            public void WriteValue(object? value, int depth, bool adapt = true)
            {
                if (adapt && value != null && _adapter != null) value = _adapter(value);
                switch (value)
                {
                    case null:
                    case DBNull _:
                        Output.Append("null");
                        return;
                    case string s:
                        WriteString(s);
                        return;
                    case bool b:
                        Output.Append(b ? "true" : "false");
                        return;
                    case double d:
                        Output.Append(FormatDouble(d, Path));
                        return;
                    case float f:
                        Output.Append(FormatSingle(f, Path));
                        return;
                    case decimal m:
                        Output.Append(m.ToString(CultureInfo.InvariantCulture));
                        return;
                    case byte[] bytes when bytes.GetType() == typeof(byte[]): // the CLR lets sbyte[] and byte-enum arrays match byte[]
                        WriteString(Convert.ToBase64String(bytes));
                        return;
                    case ArraySegment<byte> segment:
                        WriteString(Convert.ToBase64String(segment.Array ?? Array.Empty<byte>(), segment.Offset, segment.Count));
                        return;
                    case CliXmlText xml:
                        WriteString(xml.Xml);
                        return;
                }
                if (TryFormatInteger(value, out string integer)) { Output.Append(integer); return; }
                if (TryFormatAsString(value, out string text)) { WriteString(text); return; }

                if (depth >= _maxDepth)
                    throw new MemcachedSerializationException(
                        $"JSON nesting is deeper than {_maxDepth} levels at {Path} (MaxDepth); is there a cycle through copies of an object?");
                bool reference = !value.GetType().IsValueType;
                if (reference)
                {
                    foreach (var open in _open)
                        if (ReferenceEquals(open, value))
                            throw new MemcachedSerializationException(
                                $"The value refers back to itself at {Path} ({value.GetType().FullName}); JSON cannot represent a cycle.");
                    _open.Add(value);
                }
                try
                {
                    switch (value)
                    {
                        case IDictionary dictionary:
                            WriteDictionary(dictionary, depth);
                            break;
                        case IEnumerable<KeyValuePair<string, object?>> pairs:
                            WriteObject(pairs, depth);
                            break;
                        case IEnumerable sequence:
                            WriteArray(sequence, depth);
                            break;
                        default:
                            WriteProperties(value, depth);
                            break;
                    }
                }
                finally
                {
                    if (reference) _open.RemoveAt(_open.Count - 1);
                }
            }

            private void WriteDictionary(IDictionary dictionary, int depth)
            {
                Output.Append('{');
                bool first = true;
                foreach (DictionaryEntry entry in dictionary)
                {
                    WriteMember(KeyText(entry.Key), entry.Value, depth, ref first);
                }
                Output.Append('}');
            }

            private void WriteObject(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
            {
                Output.Append('{');
                bool first = true;
                foreach (var pair in pairs) WriteMember(pair.Key, pair.Value, depth, ref first);
                Output.Append('}');
            }

            private void WriteProperties(object value, int depth)
            {
                var properties = ReadableProperties(value.GetType());
                if (properties.Length == 0)
                    throw new MemcachedSerializationException(
                        $"{value.GetType().FullName} at {Path} has no public properties to write as JSON.");
                Output.Append('{');
                bool first = true;
                foreach (var property in properties)
                {
                    object? propertyValue;
                    try
                    {
                        propertyValue = property.GetValue(value);
                    }
                    catch (TargetInvocationException e)
                    {
                        throw new MemcachedSerializationException(
                            $"Reading {value.GetType().FullName}.{property.Name} at {Path} failed: {e.InnerException?.Message}", e.InnerException);
                    }
                    WriteMember(property.Name, propertyValue, depth, ref first);
                }
                Output.Append('}');
            }

            private void WriteMember(string name, object? value, int depth, ref bool first)
            {
                if (!first) Output.Append(',');
                first = false;
                WriteString(name);
                Output.Append(':');
                _path.Add(name);
                WriteValue(value, depth + 1);
                _path.RemoveAt(_path.Count - 1);
            }

            private void WriteArray(IEnumerable sequence, int depth)
            {
                Output.Append('[');
                int index = 0;
                foreach (object? item in sequence)
                {
                    if (index > 0) Output.Append(',');
                    _path.Add(index);
                    WriteValue(item, depth + 1);
                    _path.RemoveAt(_path.Count - 1);
                    index++;
                }
                Output.Append(']');
            }

            private string KeyText(object key)
            {
                if (key is string s) return s;
                if (TryFormatInteger(key, out string integer)) return integer;
                if (TryFormatAsString(key, out string text)) return text;
                if (key is bool b) return b ? "true" : "false";
                if (key is double || key is float || key is decimal)
                    return Convert.ToString(key, CultureInfo.InvariantCulture)!;
                throw new MemcachedSerializationException(
                    $"A dictionary key of type {key.GetType().FullName} at {Path} has no JSON name; keys must be strings, numbers, booleans, dates or GUIDs.");
            }

            private void WriteString(string s)
            {
                var output = Output;
                output.Append('"');
                int runStart = 0;
                for (int i = 0; i < s.Length; i++)
                {
                    char c = s[i];
                    string? escape = null;
                    if (c == '"') escape = "\\\"";
                    else if (c == '\\') escape = "\\\\";
                    else if (c < 0x20)
                    {
                        switch (c)
                        {
                            case '\n': escape = "\\n"; break;
                            case '\r': escape = "\\r"; break;
                            case '\t': escape = "\\t"; break;
                            case '\b': escape = "\\b"; break;
                            case '\f': escape = "\\f"; break;
                            default: escape = UnicodeEscape(c); break;
                        }
                    }
                    else if (char.IsHighSurrogate(c))
                    {
                        if (i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                        escape = UnicodeEscape(c); // a lone surrogate has no UTF-8 form; the escape keeps it
                    }
                    else if (char.IsLowSurrogate(c)) escape = UnicodeEscape(c);

                    if (escape == null) continue;
                    output.Append(s, runStart, i - runStart).Append(escape);
                    runStart = i + 1;
                }
                output.Append(s, runStart, s.Length - runStart);
                output.Append('"');
            }

            private static string UnicodeEscape(char c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
        }
    }
}
