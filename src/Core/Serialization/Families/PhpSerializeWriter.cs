using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// Writes plain data as PHP's <c>serialize()</c> does, so that <c>unserialize()</c> gives PHP the same value: null,
    /// bool, integers within PHP's 64-bit int, doubles (shortest round-trip text; INF, -INF, NAN, -0 kept), strings
    /// (UTF-8) and byte arrays (PHP strings are bytes), lists (PHP arrays keyed 0..n-1) and dictionaries (PHP arrays keyed by
    /// integers and strings, in order). What PHP would change is refused with a <see cref="MemcachedSerializationException"/>
    /// naming where it is: a string key PHP turns into an integer ("5"), a dictionary PHP cannot tell from a list (empty,
    /// or keyed 0..n-1 in order: it would read back as a list), an integer beyond 64 bits, a cycle, nesting deeper than
    /// <see cref="PhpSerializeReader.DefaultMaxDepth"/>, and any other type.
    /// </summary>
    internal sealed class PhpSerializeWriter
    {
        private readonly MemoryStream _out = new MemoryStream();
        private readonly string _family;
        private readonly int _maxDepth;
        private readonly HashSet<object> _open = new HashSet<object>(ReferenceComparer.Instance);

        private PhpSerializeWriter(string family, int maxDepth)
        {
            _family = family;
            _maxDepth = maxDepth;
        }

        public static byte[] Write(object? value, string family, int maxDepth = PhpSerializeReader.DefaultMaxDepth)
        {
            var writer = new PhpSerializeWriter(family, maxDepth);
            writer.Value(value, "$", 0);
            return writer._out.ToArray();
        }

        /// <summary>A PHP int for <paramref name="value"/> when it is an integer PHP can hold; false for other types.</summary>
        /// <exception cref="MemcachedSerializationException">An integer beyond 64 bits.</exception>
        public static bool TryInteger(object value, string family, string path, out long result)
        {
            switch (value)
            {
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _:
                    result = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                    return true;
                case ulong u when u <= long.MaxValue:
                    result = (long)u;
                    return true;
                case BigInteger b when b >= long.MinValue && b <= long.MaxValue:
                    result = (long)b;
                    return true;
                case ulong _:
                case BigInteger _:
                    throw new MemcachedSerializationException(
                        $"{family}: the integer {Convert.ToString(value, CultureInfo.InvariantCulture)} {At(path)}is beyond PHP's 64-bit int, so PHP would not read it back as the same number.");
                default:
                    result = 0;
                    return false;
            }
        }

        /// <summary>UTF-8 of <paramref name="text"/>; an unpaired surrogate, which UTF-8 cannot carry, is refused.</summary>
        public static byte[] Utf8(string text, string family, string path)
        {
            try
            {
                return StrictUtf8.GetBytes(text);
            }
            catch (EncoderFallbackException e)
            {
                throw new MemcachedSerializationException($"{family}: the string {At(path)}holds an unpaired surrogate at index {e.Index}, which has no UTF-8 form.", e);
            }
        }

        private void Value(object? value, string path, int depth)
        {
            switch (value)
            {
                case null: Ascii("N;"); return;
                case bool b: Ascii(b ? "b:1;" : "b:0;"); return;
                case double d: Ascii("d:" + PhpNumbers.FormatSerialized(d) + ";"); return;
                case float f: Ascii("d:" + PhpNumbers.FormatSerialized(f) + ";"); return;
                case string s: Bytes(Utf8(s, _family, path)); return;
                case byte[] bytes when bytes.GetType() == typeof(byte[]): Bytes(new ArraySegment<byte>(bytes)); return;
                case ArraySegment<byte> segment: Bytes(segment.Array == null ? new ArraySegment<byte>(Array.Empty<byte>()) : segment); return;
            }
            if (TryInteger(value, _family, path, out long integer))
            {
                Ascii("i:" + integer.ToString(CultureInfo.InvariantCulture) + ";");
                return;
            }
            if (value is IDictionary || (value is IEnumerable && !(value is string)))
            {
                if (depth >= _maxDepth) throw Refuse(path, $"is nested more than {_maxDepth} levels deep");
                if (!_open.Add(value)) throw Refuse(path, "contains itself; serialize() data has no cycles here");
                try
                {
                    if (value is IDictionary dictionary) Map(dictionary, path, depth);
                    else List((IEnumerable)value, path, depth);
                }
                finally
                {
                    _open.Remove(value);
                }
                return;
            }
            throw Refuse(path, $"is a {value.GetType().FullName}, which has no PHP plain-data form (null, bool, int, float, string, array)");
        }

        private void List(IEnumerable list, string path, int depth)
        {
            var items = new List<object?>();
            foreach (var item in list) items.Add(item);
            Ascii("a:" + items.Count.ToString(CultureInfo.InvariantCulture) + ":{");
            for (int i = 0; i < items.Count; i++)
            {
                Ascii("i:" + i.ToString(CultureInfo.InvariantCulture) + ";");
                Value(items[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
            }
            Ascii("}");
        }

        private void Map(IDictionary dictionary, string path, int depth)
        {
            var keys = new List<object>(dictionary.Count);
            var values = new List<object?>(dictionary.Count);
            var seen = new HashSet<object>();
            bool listLike = true;
            foreach (DictionaryEntry entry in dictionary)
            {
                object key;
                if (entry.Key is string s)
                {
                    if (PhpNumbers.IsIntegerKey(s, out long asInteger))
                        throw Refuse(path, $"has the string key '{s}', which PHP keeps as the integer key {asInteger}, so it would come back as a number. " +
                            "Use the integer key itself, or a key PHP keeps as text");
                    key = s;
                }
                else if (entry.Key != null && TryInteger(entry.Key, _family, path, out long k)) key = k;
                else throw Refuse(path, $"has a key of type [{entry.Key?.GetType().FullName}]; PHP array keys are integers or strings");
                if (!seen.Add(key)) throw Refuse(path, $"has the key {key} twice");
                if (!(key is long n && n == keys.Count)) listLike = false;
                keys.Add(key);
                values.Add(entry.Value);
            }
            if (listLike)
                throw Refuse(path, keys.Count == 0
                    ? "is an empty dictionary; PHP has one empty array for lists and maps, and it reads back as an empty list. Store an empty array (@()) instead"
                    : "is a dictionary keyed 0..n-1 in order, which PHP cannot tell from a list: it would read back as a list. Store it as an array");
            Ascii("a:" + keys.Count.ToString(CultureInfo.InvariantCulture) + ":{");
            for (int i = 0; i < keys.Count; i++)
            {
                if (keys[i] is long n) Ascii("i:" + n.ToString(CultureInfo.InvariantCulture) + ";");
                else Bytes(new ArraySegment<byte>(Utf8((string)keys[i], _family, path)));
                Value(values[i], path + "[" + (keys[i] is string ks ? "'" + ks + "'" : keys[i].ToString()) + "]", depth + 1);
            }
            Ascii("}");
        }

        private void Bytes(ArraySegment<byte> bytes)
        {
            Ascii("s:" + bytes.Count.ToString(CultureInfo.InvariantCulture) + ":\"");
            _out.Write(bytes.Array!, bytes.Offset, bytes.Count);
            Ascii("\";");
        }

        private void Bytes(byte[] bytes) => Bytes(new ArraySegment<byte>(bytes));

        private void Ascii(string text)
        {
            foreach (char c in text) _out.WriteByte((byte)c);
        }

        private static string At(string path) => path == "$" ? "" : "at " + path + " ";

        private MemcachedSerializationException Refuse(string path, string problem) =>
            new MemcachedSerializationException($"{_family}: the value {At(path)}{problem}.");

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();
            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
