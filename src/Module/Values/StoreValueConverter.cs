using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Xml;
using MemcachePS.Core;

namespace MemcachePS.Values
{
    /// <summary>
    /// Turns what a script hands over into what the transcoder stores with the default serializer, so that the stored
    /// form is readable from other languages AND reads back as an equal value (docs/FLAGS.md, "What a script gets back").
    /// Text, byte arrays, integers (BigInteger too), floating-point numbers and booleans stay themselves (the transcoder
    /// picks their flags); dictionaries with string keys become <c>Dictionary&lt;string, object?&gt;</c>, property bags
    /// (PSCustomObjects) the list of their properties' name-value pairs in order (a JSON object to the transcoder, without
    /// a dictionary built for every CSV row), and lists <c>List&lt;object?&gt;</c>, recursively (the transcoder's JSON
    /// path); dates, GUIDs, time spans, chars, enums and URIs become their exact invariant text. A PSObject counts as the
    /// object it wraps. Everything that would not come back equal is refused, with the path to it:
    /// decimals (JSON reads fractions as doubles), byte arrays inside structures, non-string dictionary keys, NaN and
    /// infinities, strings with unpaired surrogates (no UTF-8 form), XML, script blocks, cycles, nesting deeper than
    /// <see cref="MaxDepth"/>, and objects with no portable form.
    /// For another client family's transcoder (<see cref="ForFamily"/>) the walk is the same, but what that transcoder
    /// decides is left to it: byte arrays inside structures, NaN and infinities stay as they are, and dictionaries become
    /// <see cref="OrderedDictionary"/>s whose keys are strings or Int64 (every integer key type), in the source's order.
    /// The family's transcoder then refuses what its format cannot carry.
    /// </summary>
    internal sealed class StoreValueConverter
    {
        public const int DefaultMaxDepth = 64;

        public StoreValueConverter(int maxDepth = DefaultMaxDepth, bool forFamily = false)
        {
            if (maxDepth < 1) throw new ArgumentOutOfRangeException(nameof(maxDepth));
            MaxDepth = maxDepth;
            ForFamily = forFamily;
        }

        /// <summary>Shapes values for another client family's transcoder instead of the JSON of the default one.</summary>
        public bool ForFamily { get; }

        /// <summary>Containers nested deeper than this are refused (the JSON reader and writer stop at the same depth).</summary>
        public int MaxDepth { get; }

        /// <param name="value">What the script gave.</param>
        /// <param name="view">Reads property bags; one per command invocation lets objects of one shape be read fast.</param>
        public object? Convert(object? value, PropertyView? view = null) => new Walk(MaxDepth, ForFamily, view).Convert(value, ValuePath.Root, 0);

        private sealed class Walk
        {
            private readonly int _maxDepth;
            private readonly bool _family;
            private readonly PropertyView? _view;
            /// <summary>The containers being converted, outermost first: a value that is one of them is a cycle.</summary>
            private readonly List<object> _open = new List<object>();

            public Walk(int maxDepth, bool family, PropertyView? view)
            {
                _maxDepth = maxDepth;
                _family = family;
                _view = view;
            }

            public object? Convert(object? value, ValuePath path, int depth)
            {
                value = Unwrap(value);
                bool top = depth == 0;
                switch (value)
                {
                    case null: return null;
                    case string s: return Text(s, path);
                    case byte[] bytes when bytes.GetType() == typeof(byte[]):
                        return top || _family ? bytes : throw NestedBytes(path);
                    case ArraySegment<byte> segment:
                        return top || _family ? (object)segment : throw NestedBytes(path);
                    case bool _:
                    case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _:
                    case BigInteger _:
                        return value;
                    case double d:
                        return !_family && (double.IsNaN(d) || double.IsInfinity(d)) ? throw NotFinite(d.ToString(CultureInfo.InvariantCulture), path) : (object)d;
                    case float f:
                        // Widened exactly: the float's shortest text ("0.1") would read back as a different double.
                        return !_family && (float.IsNaN(f) || float.IsInfinity(f)) ? throw NotFinite(f.ToString(CultureInfo.InvariantCulture), path) : (object)(double)f;
                    case MemcachePS.Core.Serialization.Families.RubySymbol _ when _family:
                        return value; // a Ruby Symbol read from dalli goes back as a Symbol
                    case decimal _ when _family:
                        throw Refuse(path, "is a [decimal], which the other clients' formats carry as a floating-point number at best, so it " +
                            "would not come back exact. Store it as [string] or [double], whichever you want back");
                    case decimal _:
                        throw Refuse(path, "is a [decimal], which JSON cannot keep exact (every reader, ours included, reads a fraction back as a " +
                            "[double]). Store it with -Serializer CliXml, or as [string] or [double] if that is what you want back");
                    case char c:
                        return char.IsSurrogate(c) ? throw LoneSurrogate(path) : (object)c.ToString();
                    case DateTime d: return d.ToString("o", CultureInfo.InvariantCulture);
                    case DateTimeOffset d: return d.ToString("o", CultureInfo.InvariantCulture);
                    case TimeSpan t: return t.ToString("c", CultureInfo.InvariantCulture);
                    case Guid g: return g.ToString("D");
                    case Enum e: return e.ToString();
                    case Uri u: return Text(u.OriginalString, path);
                    case Version v: return v.ToString();
                    case XmlNode _:
                        throw Refuse(path, "is XML ([xml]/XmlNode), which has no JSON form. Store its .OuterXml as text, or use -Serializer CliXml");
                    case ScriptBlock _:
                        throw Refuse(path, "is a script block: code, not data. Store its text ($block.ToString()) if that is what you mean");
                }

                if (depth >= _maxDepth)
                    throw Refuse(path, $"is nested more than {_maxDepth} levels deep, more than JSON is written and read with");
                foreach (var open in _open)
                    if (ReferenceEquals(open, value))
                        throw Refuse(path, $"refers back to a {value.GetType().FullName} that contains it; JSON cannot represent a cycle");
                _open.Add(value);
                try
                {
                    switch (value)
                    {
                        case IDictionary dictionary when _family:
                        {
                            var result = new OrderedDictionary();
                            foreach (DictionaryEntry entry in dictionary)
                            {
                                object key = FamilyKey(entry.Key, path);
                                if (result.Contains(key)) throw Refuse(path, $"has the key {key} twice");
                                result.Add(key, Convert(entry.Value, path.Member(key.ToString()!), depth + 1));
                            }
                            return result;
                        }
                        case PSObject bag when _family:
                        {
                            var result = new OrderedDictionary();
                            foreach (var property in Properties(bag, depth))
                            {
                                var member = path.Member(property.Name);
                                Text(property.Name, member);
                                result[property.Name] = Convert(PropertyValue(property, member), member, depth + 1);
                            }
                            return result;
                        }
                        case IDictionary dictionary:
                        {
                            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                            foreach (DictionaryEntry entry in dictionary)
                            {
                                string key = Key(entry.Key, path);
                                result.Add(key, Convert(entry.Value, path.Member(key), depth + 1));
                            }
                            return result;
                        }
                        case PSObject bag:
                        {
                            var properties = Properties(bag, depth);
                            var result = new List<KeyValuePair<string, object?>>(properties is List<PSPropertyInfo> list ? list.Count : 4);
                            foreach (var property in properties)
                            {
                                var member = path.Member(property.Name);
                                Text(property.Name, member);
                                result.Add(new KeyValuePair<string, object?>(property.Name, Convert(PropertyValue(property, member), member, depth + 1)));
                            }
                            return result;
                        }
                        case IList list:
                        {
                            var result = new List<object?>(list.Count);
                            for (int i = 0; i < list.Count; i++)
                                result.Add(Convert(list[i], path.Item(i), depth + 1));
                            return result;
                        }
                        case ICollection collection:
                        {
                            var result = new List<object?>(collection.Count);
                            int i = 0;
                            foreach (var element in collection)
                                result.Add(Convert(element, path.Item(i++), depth + 1));
                            return result;
                        }
                    }
                }
                finally
                {
                    _open.RemoveAt(_open.Count - 1);
                }
                throw Refuse(path,
                    $"is a {value.GetType().FullName}, which has no portable form. Store a hashtable or PSCustomObject of its " +
                    "properties (Select-Object), or use -Serializer CliXml to keep the PowerShell object");
            }

            /// <summary>JSON object names are strings; a key of another type would come back as a string (and 1 and '1'
            /// would become one key), so only string keys are stored.</summary>
            private static string Key(object? key, ValuePath path)
            {
                key = Unwrap(key);
                if (key is string s) return Text(s, path.Member(s));
                string shown = key is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : key?.ToString() ?? "";
                throw Refuse(path, $"has the key {shown} of type [{key?.GetType().FullName}]; JSON names are strings, so it would come back " +
                    $"as the string '{shown}' (and keys like 1 and '1' would collapse into one). Use string keys, or -Serializer CliXml");
            }

            /// <summary>A key for another family: a string, or an integer of any type as Int64 (the family decides which it keeps).</summary>
            private static object FamilyKey(object? key, ValuePath path)
            {
                key = Unwrap(key);
                switch (key)
                {
                    case string s: return Text(s, path.Member(s));
                    case MemcachePS.Core.Serialization.Families.RubySymbol symbol: return symbol;
                    case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _:
                        return System.Convert.ToInt64(key, CultureInfo.InvariantCulture);
                    case ulong u when u <= long.MaxValue: return (long)u;
                }
                string shown = key is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : key?.ToString() ?? "";
                throw Refuse(path, $"has the key {shown} of type [{key?.GetType().FullName}]; keys are stored as strings or as 64-bit " +
                    "integers only, so it would not come back as it is. Use string or integer keys");
            }

            private static string Text(string s, ValuePath path)
            {
                for (int i = 0; i < s.Length; i++)
                {
                    char c = s[i];
                    if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                    if (char.IsSurrogate(c)) throw LoneSurrogate(path, i);
                }
                return s;
            }

            /// <summary>A property bag's properties: through the command's <see cref="PropertyView"/> when it has one.</summary>
            private IEnumerable<PSPropertyInfo> Properties(PSObject bag, int depth) =>
                _view != null ? _view.Read(bag, depth) : (IEnumerable<PSPropertyInfo>)bag.Properties;

            private static object? PropertyValue(PSPropertyInfo property, ValuePath path)
            {
                try
                {
                    return property.Value;
                }
                catch (GetValueException e)
                {
                    throw new MemcachedClientException($"The value at {path} could not be read: {e.Message}", e);
                }
            }
        }

        /// <summary>The object a PSObject wraps; a PSCustomObject's PSObject is kept, since only it carries the properties.</summary>
        private static object? Unwrap(object? value) =>
            value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        /// <summary>
        /// Where a value sits in what the script gave ("$", "$.items[2].name"), for error messages. Only made into text
        /// when an error needs it or a container is entered below it: a row's leaf values cost no string each.
        /// </summary>
        private readonly struct ValuePath
        {
            private readonly string _parent;
            private readonly string? _name;
            private readonly int _index;

            private ValuePath(string parent, string? name, int index)
            {
                _parent = parent;
                _name = name;
                _index = index;
            }

            public static ValuePath Root => new ValuePath("$", null, -1);

            public ValuePath Member(string name) => new ValuePath(ToString(), name, -1);

            public ValuePath Item(int index) => new ValuePath(ToString(), null, index);

            public bool IsRoot => _name == null && _index < 0 && _parent == "$";

            public override string ToString()
            {
                if (_index >= 0) return _parent + "[" + _index.ToString(CultureInfo.InvariantCulture) + "]";
                if (_name == null) return _parent;
                foreach (char c in _name)
                    if (!(char.IsLetterOrDigit(c) || c == '_')) return _parent + "['" + _name.Replace("'", "''") + "']";
                return _name.Length == 0 ? _parent + "['']" : _parent + "." + _name;
            }
        }

        private static MemcachedClientException Refuse(ValuePath path, string problem) =>
            new MemcachedClientException($"The value {(path.IsRoot ? "" : "at " + path + " ")}{problem}.");

        private static MemcachedClientException NestedBytes(ValuePath path) =>
            Refuse(path, "is a byte array inside a structured value; JSON has no bytes (base64 would come back as a string). " +
                "Store the bytes under a key of their own (raw, flag 0), encode them yourself ([Convert]::ToBase64String), or use -Serializer CliXml");

        private static MemcachedClientException NotFinite(string number, ValuePath path) =>
            Refuse(path, $"is {number}, which JSON has no form for. Use -Serializer CliXml to keep it");

        private static MemcachedClientException LoneSurrogate(ValuePath path, int index = 0) =>
            Refuse(path, $"holds an unpaired UTF-16 surrogate (at index {index}), which UTF-8 cannot carry; it would not come back as it was. " +
                "Use -Serializer CliXml to keep such text");
    }
}
