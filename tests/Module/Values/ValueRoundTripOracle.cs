using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Numerics;
using MemcachePS;

namespace MemcachePS.Tests.Module.Values
{
    /// <summary>
    /// What each serializer must give back for a value, written from docs/FLAGS.md ("What a script gets back"), not from
    /// the code: <see cref="Refused"/> when the value must be refused, otherwise the exact value, type included. And a
    /// strict comparison: same .NET type at every level (a PSObject wrapper counts as what it wraps, as it does for a
    /// script), doubles bit for bit (so -0.0 is not 0.0), decimals with their scale (1.50 is not 1.5), dates with their
    /// Kind, dictionary keys with their type, order where the type keeps one.
    /// </summary>
    public static class ValueRoundTripOracle
    {
        /// <summary>Marks a value that must be refused (ValueNotStorable) before anything is sent.</summary>
        public static readonly object Refused = new object();

        public static object? Expected(object? value, MemcachedSerializer serializer) =>
            serializer == MemcachedSerializer.CliXml ? CliXml(value) : Portable(value, top: true);

        /// <summary>The default serializer: JSON and the shared flags can carry these, in these types.</summary>
        private static object? Portable(object? value, bool top)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null: return null;
                case string s: return HasLoneSurrogate(s) ? Refused : s;
                case char c: return char.IsSurrogate(c) ? Refused : c.ToString();
                case bool b: return top ? (object)(b ? 1L : 0L) : b; // flag 2 "1"/"0" at the top, as pylibmc; JSON true/false inside
                case Enum e: return e.ToString();
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _:
                    return Narrow(new BigInteger(Convert.ToDecimal(value, CultureInfo.InvariantCulture)));
                case BigInteger big: return Narrow(big);
                case double d: return double.IsNaN(d) || double.IsInfinity(d) ? Refused : d;
                case float f: return float.IsNaN(f) || float.IsInfinity(f) ? Refused : (double)f;
                case decimal _: return Refused; // JSON reads every fraction as a double
                case DateTime d: return d.ToString("o", CultureInfo.InvariantCulture);
                case byte[] bytes: return top ? bytes : Refused; // raw under flag 0 alone; JSON has no byte arrays
                case PSObject bag:
                {
                    var map = new List<KeyValuePair<string, object?>>();
                    foreach (var property in bag.Properties)
                    {
                        object? v = Portable(property.Value, false);
                        if (v == Refused) return Refused;
                        map.Add(new KeyValuePair<string, object?>(property.Name, v));
                    }
                    return Map(map);
                }
                case IDictionary dictionary:
                {
                    var map = new List<KeyValuePair<string, object?>>();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (!(Unwrap(entry.Key) is string key) || HasLoneSurrogate(key)) return Refused; // JSON names are strings
                        object? v = Portable(entry.Value, false);
                        if (v == Refused) return Refused;
                        map.Add(new KeyValuePair<string, object?>(key, v));
                    }
                    return Map(map);
                }
                case object[] array:
                {
                    var result = new object?[array.Length];
                    for (int i = 0; i < array.Length; i++)
                    {
                        result[i] = Portable(array[i], false);
                        if (result[i] == Refused) return Refused;
                    }
                    return result;
                }
                default:
                    throw new InvalidOperationException("The oracle does not know " + value.GetType());
            }
        }

        /// <summary>CliXml: PowerShell's own format keeps every type the generator makes, except BigInteger (PSSerializer
        /// writes only its properties, not its value).</summary>
        private static object? CliXml(object? value)
        {
            value = Unwrap(value);
            switch (value)
            {
                case BigInteger _: return Refused;
                case PSObject bag:
                {
                    var result = new PSObject();
                    foreach (var property in bag.Properties)
                    {
                        object? v = CliXml(property.Value);
                        if (v == Refused) return Refused;
                        result.Properties.Add(new PSNoteProperty(property.Name, v));
                    }
                    return result;
                }
                case IDictionary dictionary:
                {
                    IDictionary result = dictionary is OrderedDictionary ? new OrderedDictionary() : new Hashtable();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        object? v = CliXml(entry.Value);
                        if (v == Refused) return Refused;
                        result[Unwrap(entry.Key)!] = v;
                    }
                    return result;
                }
                case object[] array:
                {
                    var result = new object?[array.Length];
                    for (int i = 0; i < array.Length; i++)
                    {
                        result[i] = CliXml(array[i]);
                        if (result[i] == Refused) return Refused;
                    }
                    return result;
                }
                default:
                    return value;
            }
        }

        /// <summary>Null when equal, else where and how they differ.</summary>
        public static string? Difference(object? expected, object? actual, string path = "$")
        {
            expected = Unwrap(expected);
            actual = Unwrap(actual);
            if (expected == null || actual == null)
                return expected == null && actual == null ? null : $"{path}: expected {ValueSamples.Render(expected)}, got {ValueSamples.Render(actual)}";
            if (expected.GetType() != actual.GetType())
                return $"{path}: expected a {expected.GetType().FullName} {ValueSamples.Render(expected)}, got a {actual.GetType().FullName} {ValueSamples.Render(actual)}";
            switch (expected)
            {
                case double d:
                    return BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits((double)actual) ? null : Mismatch(path, expected, actual);
                case float f:
                    return BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits((float)actual) ? null : Mismatch(path, expected, actual);
                case decimal m:
                    return decimal.GetBits(m).SequenceEqual(decimal.GetBits((decimal)actual)) ? null : Mismatch(path, expected, actual);
                case DateTime d:
                    return d.Ticks == ((DateTime)actual).Ticks && d.Kind == ((DateTime)actual).Kind ? null : Mismatch(path, expected, actual);
                case string s:
                    return string.Equals(s, (string)actual, StringComparison.Ordinal) ? null : Mismatch(path, expected, actual);
                case byte[] b:
                    return b.SequenceEqual((byte[])actual) ? null : Mismatch(path, expected, actual);
                case PSObject bag:
                {
                    var a = (PSObject)actual;
                    var expectedNames = bag.Properties.Select(p => p.Name).ToList();
                    var actualNames = a.Properties.Select(p => p.Name).ToList();
                    if (!expectedNames.SequenceEqual(actualNames, StringComparer.Ordinal))
                        return $"{path}: expected properties {string.Join(",", expectedNames)}, got {string.Join(",", actualNames)}";
                    foreach (var property in bag.Properties)
                    {
                        string? d = Difference(property.Value, a.Properties[property.Name].Value, path + "." + property.Name);
                        if (d != null) return d;
                    }
                    return null;
                }
                case OrderedDictionary ordered:
                {
                    var a = (OrderedDictionary)actual;
                    var expectedKeys = ordered.Keys.Cast<object>().ToList();
                    var actualKeys = a.Keys.Cast<object>().ToList();
                    if (expectedKeys.Count != actualKeys.Count) return $"{path}: expected {expectedKeys.Count} keys, got {actualKeys.Count}: {ValueSamples.Render(actual)}";
                    for (int i = 0; i < expectedKeys.Count; i++)
                    {
                        string? d = Difference(expectedKeys[i], actualKeys[i], path + ".keys[" + i + "]")
                            ?? Difference(ordered[i], a[i], path + "[" + ValueSamples.Render(expectedKeys[i]) + "]");
                        if (d != null) return d;
                    }
                    return null;
                }
                case IDictionary dictionary:
                {
                    var a = (IDictionary)actual;
                    if (dictionary.Count != a.Count) return $"{path}: expected {dictionary.Count} keys, got {a.Count}: {ValueSamples.Render(actual)}";
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        object? match = a.Keys.Cast<object>().FirstOrDefault(k => Difference(entry.Key, k) == null);
                        if (match == null) return $"{path}: key {ValueSamples.Render(entry.Key)} is missing from {ValueSamples.Render(actual)}";
                        string? d = Difference(entry.Value, a[match], path + "[" + ValueSamples.Render(entry.Key) + "]");
                        if (d != null) return d;
                    }
                    return null;
                }
                case Array array:
                {
                    var a = (Array)actual;
                    if (array.Length != a.Length) return $"{path}: expected {array.Length} elements, got {a.Length}";
                    for (int i = 0; i < array.Length; i++)
                    {
                        string? d = Difference(array.GetValue(i), a.GetValue(i), path + "[" + i + "]");
                        if (d != null) return d;
                    }
                    return null;
                }
                default:
                    return expected.Equals(actual) ? null : Mismatch(path, expected, actual);
            }
        }

        /// <summary>
        /// A JSON object as FLAGS.md says it is read: a PSCustomObject with the keys as properties in order; a dictionary
        /// when a PSCustomObject cannot hold the keys (an empty name, two names equal but for case, which then stay apart).
        /// </summary>
        private static object Map(List<KeyValuePair<string, object?>> map)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool fits = map.All(p => p.Key.Length > 0 && names.Add(p.Key));
            if (fits)
            {
                var bag = new PSObject();
                foreach (var pair in map) bag.Properties.Add(new PSNoteProperty(pair.Key, pair.Value));
                return bag;
            }
            bool collision = map.Select(p => p.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() < map.Count;
            var result = collision ? new OrderedDictionary() : new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in map) result[pair.Key] = pair.Value;
            return result;
        }

        private static string Mismatch(string path, object expected, object actual) =>
            $"{path}: expected {ValueSamples.Render(expected)}, got {ValueSamples.Render(actual)}";

        private static object? Unwrap(object? value) =>
            value is PSObject p && !(p.BaseObject is PSCustomObject) ? p.BaseObject : value;

        private static object Narrow(BigInteger value) =>
            value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;

        private static bool HasLoneSurrogate(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                if (char.IsSurrogate(s[i])) return true;
            }
            return false;
        }
    }
}
