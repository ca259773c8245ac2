using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using MemcachePS.Core;

namespace MemcachePS.Values
{
    /// <summary>
    /// Turns what a script hands over into what the transcoder stores, so that the stored form is readable from other
    /// languages: text, byte arrays, numbers and booleans stay themselves (the transcoder picks their flags);
    /// dictionaries and property bags become <c>Dictionary&lt;string, object?&gt;</c> and other collections
    /// <c>List&lt;object?&gt;</c>, recursively (the transcoder's structured, JSON path); dates, GUIDs, time spans,
    /// enums and URIs become their invariant text. A PSObject counts as the object it wraps, and a PSCustomObject as the
    /// dictionary of its properties. Anything else is refused with a message that points to CliXml.
    /// </summary>
    internal sealed class StoreValueConverter
    {
        public const int DefaultMaxDepth = 64;

        public StoreValueConverter(int maxDepth = DefaultMaxDepth)
        {
            if (maxDepth < 1) throw new ArgumentOutOfRangeException(nameof(maxDepth));
            MaxDepth = maxDepth;
        }

        public int MaxDepth { get; }

        public object? Convert(object? value) => Convert(value, 0);

        private object? Convert(object? value, int depth)
        {
            if (depth > MaxDepth)
                throw new MemcachedClientException($"The value is nested more than {MaxDepth} levels deep (does it refer to itself?).");
            value = Unwrap(value);
            switch (value)
            {
                case null: return null;
                case string _:
                case byte[] _:
                case ArraySegment<byte> _:
                case bool _:
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _:
                case float _: case double _: case decimal _:
                    return value;
                case char c: return c.ToString();
                case DateTime d: return d.ToString("o", CultureInfo.InvariantCulture);
                case DateTimeOffset d: return d.ToString("o", CultureInfo.InvariantCulture);
                case TimeSpan t: return t.ToString("c", CultureInfo.InvariantCulture);
                case Guid g: return g.ToString("D");
                case Enum e: return e.ToString();
                case Uri u: return u.OriginalString;
                case Version v: return v.ToString();
                case IDictionary dictionary:
                {
                    var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dictionary)
                        result[KeyText(entry.Key)] = Convert(entry.Value, depth + 1);
                    return result;
                }
            }
            if (value is PSObject bag)
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in bag.Properties) result[property.Name] = Convert(PropertyValue(property), depth + 1);
                return result;
            }
            if (value is IEnumerable sequence)
            {
                var list = new List<object?>();
                foreach (var element in sequence) list.Add(Convert(element, depth + 1));
                return list;
            }
            throw new MemcachedClientException(
                $"A value of type {value.GetType().FullName} has no portable form. Store a hashtable or PSCustomObject of its " +
                "properties (Select-Object), or use -Serializer CliXml to keep the PowerShell object.");
        }

        /// <summary>The object a PSObject wraps; a PSCustomObject's PSObject is kept, since only it carries the properties.</summary>
        private static object? Unwrap(object? value) =>
            value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;

        private static object? PropertyValue(PSPropertyInfo property)
        {
            try
            {
                return property.Value;
            }
            catch (GetValueException)
            {
                return null; // a script property that throws stores as null rather than failing the item
            }
        }

        private static string KeyText(object? key)
        {
            key = Unwrap(key);
            return key switch
            {
                null => string.Empty,
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => key.ToString() ?? string.Empty,
            };
        }
    }
}
