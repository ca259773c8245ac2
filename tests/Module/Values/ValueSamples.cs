using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Numerics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace MemcachePS.Tests.Module.Values
{
    /// <summary>A value a script could hand to Set-MemcachedItem, printed readably when FsCheck reports it.</summary>
    public sealed class ValueSample
    {
        public ValueSample(object? value) => Value = value;

        public object? Value { get; }

        public override string ToString() => ValueSamples.Render(Value);
    }

    /// <summary>
    /// Nested PowerShell/.NET values: hashtables and ordered dictionaries with string and non-string keys (including
    /// keys that differ only in type), arrays, PSCustomObjects, PSObject-wrapped values, strings (ASCII, non-BMP, lone
    /// surrogates), every .NET numeric type at its extremes, decimal, BigInteger, bool, null, char, enums, DateTime of each
    /// Kind, and byte arrays at any level.
    /// </summary>
    public static class ValueSamples
    {
        public static Arbitrary<ValueSample> Arbitrary() =>
            Arb.From(Gen.Sized(size => Value(Math.Min(size / 10, 3))).Select(v => new ValueSample(v)), Shrink);

        private static Gen<object?> Value(int depth) =>
            depth <= 0
                ? Leaf()
                : Gen.Frequency(
                    (3, Leaf()),
                    (2, Hashtable(depth - 1)),
                    (1, Ordered(depth - 1)),
                    (2, Array(depth - 1)),
                    (1, CustomObject(depth - 1)),
                    (1, Value(depth - 1).Select(v => v == null ? null : (object)PSObject.AsPSObject(v))));

        private static Gen<object?> Leaf() => Gen.OneOf(
            Gen.Constant<object?>(null),
            Text(),
            Gen.Elements<object?>(true, false),
            Numbers(),
            Gen.Elements<object?>('x', 'é', '\uD800'),
            Gen.Elements<object?>(DayOfWeek.Friday, DayOfWeek.Sunday),
            Gen.Choose(0, 3).SelectMany(kind => Gen.Choose(0, int.MaxValue).Select(t =>
                (object?)new DateTime(630000000000000000L + t * 1000000L + t % 10000, (DateTimeKind)Math.Min(kind, 2)))),
            Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => (object?)b));

        private static Gen<object?> Text() => Gen.OneOf(
            Gen.Elements<object?>("", "a", "Zürich", "日本", "😀", "line\nbreak", "quote\"back\\slash", "1", "A", "a",
                "lone \uD800 high", "lone \uDC00 low", "\uDC00\uD800"),
            Gen.ArrayOf(Gen.Choose(0x20, 0x7e).Select(c => (char)c), 6).Select(cs => (object?)new string(cs)));

        private static Gen<object?> Numbers() => Gen.OneOf(
            Gen.Elements<object?>(
                (sbyte)-128, (byte)255, (short)-32768, (ushort)65535, 0, 1, -1, int.MinValue, int.MaxValue, (uint)4000000000,
                0L, long.MinValue, long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue,
                BigInteger.Parse("123456789012345678901234567890", CultureInfo.InvariantCulture), new BigInteger(5), BigInteger.MinusOne * long.MaxValue * 4,
                0.0, -0.0, 1.0, 0.1, 1e300, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
                1.5f, float.NaN, 0.1f,
                12345678901234567.89m, 1.50m, 0m, decimal.MaxValue),
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => (object?)i),
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => (object?)(i * 3.25)));

        private static Gen<object?> Key() => Gen.OneOf(
            Gen.Elements<object>("k", "name", "Name2", "1", "2", "ключ", "a b"),
            Gen.Elements<object>(1, 2, 1L, true, 1.5));

        private static Gen<object?> Hashtable(int depth) =>
            Gen.ListOf(Gen.Zip(Key(), Value(depth)), 4).Select(pairs =>
            {
                var table = new Hashtable(StringComparer.OrdinalIgnoreCase); // as @{} builds it
                foreach (var (k, v) in pairs) if (!table.ContainsKey(k!)) table[k!] = v;
                return (object?)table;
            });

        private static Gen<object?> Ordered(int depth) =>
            Gen.ListOf(Gen.Zip(Key(), Value(depth)), 4).Select(pairs =>
            {
                // As [ordered]@{} builds it: case-insensitive string keys.
                var table = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                foreach (var (k, v) in pairs) if (!table.Contains(k!)) table[k!] = v;
                return (object?)table;
            });

        private static Gen<object?> Array(int depth) =>
            Gen.ListOf(Value(depth), 4).Select(list => (object?)list.ToArray());

        private static Gen<object?> CustomObject(int depth) =>
            Gen.ListOf(Gen.Zip(Gen.Elements("Name", "Port", "Tags", "x"), Value(depth)), 4).Select(pairs =>
            {
                var bag = new PSObject();
                foreach (var (name, v) in pairs)
                    if (bag.Properties[name] == null) bag.Properties.Add(new PSNoteProperty(name, v));
                return (object?)bag;
            });

        /// <summary>Shrinks to the parts of a container (its values, or the container without one entry).</summary>
        private static IEnumerable<ValueSample> Shrink(ValueSample sample) => ShrinkValue(sample.Value).Select(v => new ValueSample(v));

        private static IEnumerable<object?> ShrinkValue(object? value)
        {
            switch (value)
            {
                case PSObject p when p.BaseObject is PSCustomObject:
                    foreach (var property in p.Properties) yield return property.Value;
                    foreach (var property in p.Properties)
                    {
                        var smaller = new PSObject();
                        foreach (var other in p.Properties)
                            if (other.Name != property.Name) smaller.Properties.Add(new PSNoteProperty(other.Name, other.Value));
                        yield return smaller;
                    }
                    break;
                case PSObject p:
                    yield return p.BaseObject;
                    break;
                case IDictionary d:
                    foreach (DictionaryEntry e in d) yield return e.Value;
                    foreach (DictionaryEntry e in d)
                    {
                        IDictionary smaller = d is OrderedDictionary ? new OrderedDictionary(StringComparer.OrdinalIgnoreCase) : new Hashtable(StringComparer.OrdinalIgnoreCase);
                        foreach (DictionaryEntry other in d) if (!Equals(other.Key, e.Key) || other.Key.GetType() != e.Key.GetType()) smaller[other.Key] = other.Value;
                        yield return smaller;
                    }
                    break;
                case object[] a:
                    foreach (var element in a) yield return element;
                    for (int i = 0; i < a.Length; i++) yield return a.Where((_, j) => j != i).ToArray();
                    break;
            }
        }

        /// <summary>Every type named, so two values that print alike but differ in type read differently.</summary>
        public static string Render(object? value)
        {
            var text = new StringBuilder();
            Render(value, text);
            return text.ToString();
        }

        private static void Render(object? value, StringBuilder text)
        {
            switch (value)
            {
                case null: text.Append("$null"); return;
                case PSObject p when p.BaseObject is PSCustomObject:
                    text.Append("[pscustomobject]@{");
                    foreach (var property in p.Properties)
                    {
                        text.Append(property.Name).Append('=');
                        Render(property.Value, text);
                        text.Append("; ");
                    }
                    text.Append('}');
                    return;
                case PSObject p:
                    text.Append("[psobject]");
                    Render(p.BaseObject, text);
                    return;
                case string s:
                    text.Append("[string]'");
                    foreach (char c in s) text.Append(c < 0x20 || c > 0x7e ? $"`u{{{(int)c:X4}}}" : c.ToString());
                    text.Append('\'');
                    return;
                case char c:
                    text.Append("[char]").Append(c < 0x20 || c > 0x7e ? $"`u{{{(int)c:X4}}}" : c.ToString());
                    return;
                case byte[] b:
                    text.Append("[byte[]](").Append(string.Join(",", b)).Append(')');
                    return;
                case DateTime d:
                    text.Append("[datetime]'").Append(d.ToString("o", CultureInfo.InvariantCulture)).Append("' Kind=").Append(d.Kind);
                    return;
                case IDictionary d:
                    text.Append('[').Append(d.GetType().Name).Append("]@{");
                    foreach (DictionaryEntry e in d)
                    {
                        Render(e.Key, text);
                        text.Append('=');
                        Render(e.Value, text);
                        text.Append("; ");
                    }
                    text.Append('}');
                    return;
                case IList l:
                    text.Append('[').Append(l.GetType().Name).Append("]@(");
                    for (int i = 0; i < l.Count; i++)
                    {
                        if (i > 0) text.Append(", ");
                        Render(l[i], text);
                    }
                    text.Append(')');
                    return;
                case IFormattable f:
                    text.Append('[').Append(value.GetType().Name).Append(']').Append(f.ToString(value is double || value is float ? "R" : null, CultureInfo.InvariantCulture));
                    if (value is double dbl && dbl == 0 && double.IsNegative(dbl)) text.Append("(-0)");
                    return;
                default:
                    text.Append('[').Append(value.GetType().Name).Append(']').Append(value);
                    return;
            }
        }
    }
}
