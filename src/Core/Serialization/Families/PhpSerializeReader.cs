using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// Reads what PHP's <c>serialize()</c> writes for plain data, and nothing else: <c>N;</c> (null), <c>b:0;</c>/<c>b:1;</c>
    /// (Boolean), <c>i:-5;</c> (Int64), <c>d:0.1;</c> (Double, INF, -INF and NAN included, -0 kept), <c>s:3:"abc";</c>
    /// (a string: <see cref="string"/> when its bytes are UTF-8, else <c>byte[]</c>, since PHP strings are bytes) and
    /// <c>a:2:{...}</c> (an array: a <see cref="List{T}"/> of object when its keys are 0..n-1 in order, else an
    /// <see cref="OrderedDictionary"/> keyed by Int64 for PHP's integer keys and by string for its string keys, in PHP's order).
    /// Objects (<c>O:</c>, <c>C:</c>), enums (<c>E:</c>), references (<c>r:</c>, <c>R:</c>) and any other tag are refused:
    /// nothing is instantiated or looked up. Declared lengths and counts are checked against the bytes present before
    /// anything is allocated, nesting is bounded, and bytes after the value are refused.
    /// </summary>
    internal sealed class PhpSerializeReader
    {
        public const int DefaultMaxDepth = 64;

        private readonly byte[] _data;
        private readonly int _start;
        private readonly int _end;
        private readonly string _family;
        private readonly int _maxDepth;
        private int _pos;

        private PhpSerializeReader(ArraySegment<byte> data, string family, int maxDepth)
        {
            _data = data.Array ?? Array.Empty<byte>();
            _start = data.Offset;
            _end = data.Offset + data.Count;
            _pos = _start;
            _family = family;
            _maxDepth = maxDepth;
        }

        /// <summary>The plain value <paramref name="data"/> holds; <paramref name="family"/> names the client in messages.</summary>
        public static object? Read(ArraySegment<byte> data, string family, int maxDepth = DefaultMaxDepth)
        {
            var reader = new PhpSerializeReader(data, family, maxDepth);
            object? value = reader.ReadValue(0);
            if (reader._pos != reader._end)
                throw reader.Error($"{reader._end - reader._pos} bytes follow the end of the value");
            return value;
        }

        /// <summary>PHP string bytes as a script sees them: text when they are UTF-8, the bytes otherwise.</summary>
        public static object StringOrBytes(byte[] data, int offset, int count)
        {
            try
            {
                return StrictUtf8.GetString(data, offset, count);
            }
            catch (DecoderFallbackException)
            {
                var copy = new byte[count];
                Buffer.BlockCopy(data, offset, copy, 0, count);
                return copy;
            }
        }

        private object? ReadValue(int depth)
        {
            if (_pos >= _end) throw Error("the data ends where a value belongs");
            int tagAt = _pos;
            byte tag = _data[_pos];
            switch (tag)
            {
                case (byte)'N':
                    _pos++;
                    Expect(';');
                    return null;
                case (byte)'b':
                    Tag('b');
                    string flag = Until(';');
                    if (flag == "1") return true;
                    if (flag == "0") return false;
                    throw Error($"the Boolean 'b:{flag};' is neither 0 nor 1", tagAt);
                case (byte)'i':
                    Tag('i');
                    return Integer(Until(';'), tagAt);
                case (byte)'d':
                    Tag('d');
                    return PhpNumbers.ParseDouble(Until(';'), _family, "serialize() 'd:'");
                case (byte)'s':
                {
                    Tag('s');
                    long length = Count(Until(':'), "string length", tagAt);
                    if (length > _end - _pos - 3)
                        throw Error($"a string declares {length} bytes but only {Math.Max(0, _end - _pos - 3)} follow", tagAt);
                    Expect('"');
                    object text = StringOrBytes(_data, _pos, (int)length);
                    _pos += (int)length;
                    Expect('"');
                    Expect(';');
                    return text;
                }
                case (byte)'a':
                    return ReadArray(depth, tagAt);
                case (byte)'O':
                case (byte)'C':
                    throw Error($"it holds a PHP object (tag '{(char)tag}:'{ClassName()}); only plain data (null, bool, int, float, string, array) is read, nothing is instantiated", tagAt);
                case (byte)'E':
                    throw Error("it holds a PHP enum case (tag 'E:'); only plain data (null, bool, int, float, string, array) is read", tagAt);
                case (byte)'r':
                case (byte)'R':
                    throw Error($"it holds a PHP reference (tag '{(char)tag}:'), which plain data cannot represent", tagAt);
                case (byte)'S':
                    throw Error("it holds an escaped string (tag 'S:'), which PHP's serialize() has not written since PHP 6's branch; it is not read", tagAt);
                default:
                    throw Error($"unknown tag {Describe(tag)}", tagAt);
            }
        }

        private object ReadArray(int depth, int tagAt)
        {
            if (depth >= _maxDepth) throw Error($"arrays are nested more than {_maxDepth} levels deep", tagAt);
            Tag('a');
            long count = Count(Until(':'), "array count", tagAt);
            // Every element takes at least "i:0;N;" (6 bytes); a count the bytes cannot hold is refused before allocating.
            if (count > (_end - _pos) / 6) throw Error($"an array declares {count} elements, more than the {_end - _pos} bytes left can hold", tagAt);
            Expect('{');
            var keys = new List<object>((int)count);
            var values = new List<object?>((int)count);
            var seen = new HashSet<object>();
            bool isList = true;
            for (long i = 0; i < count; i++)
            {
                int keyAt = _pos;
                object key;
                if (_pos < _end && _data[_pos] == (byte)'i')
                {
                    Tag('i');
                    key = Integer(Until(';'), keyAt);
                }
                else if (_pos < _end && _data[_pos] == (byte)'s')
                {
                    object text = ReadValue(depth + 1)!;
                    if (!(text is string s)) throw Error("an array key is a string that is not UTF-8", keyAt);
                    if (PhpNumbers.IsIntegerKey(s, out long asInteger))
                        throw Error($"the string key '{s}' is one PHP keeps as the integer {asInteger}; serialize() never writes it so", keyAt);
                    key = s;
                }
                else throw Error($"an array key must be 'i:' or 's:', not {(_pos < _end ? Describe(_data[_pos]) : "the end of the data")}", keyAt);
                if (!seen.Add(key)) throw Error($"the array has the key {key} twice", keyAt);
                if (isList && !(key is long l && l == i)) isList = false;
                keys.Add(key);
                values.Add(ReadValue(depth + 1));
            }
            Expect('}');
            if (isList) return values;
            var map = new OrderedDictionary((int)count);
            for (int i = 0; i < keys.Count; i++) map.Add(keys[i], values[i]);
            return map;
        }

        private long Integer(string digits, int at)
        {
            if (!PhpNumbers.TryParseInteger(digits, out long value))
                throw Error($"'{digits}' is not an integer PHP's 64-bit int holds", at);
            return value;
        }

        private long Count(string digits, string what, int at)
        {
            if (digits.Length == 0 || digits.Length > 10) throw Error($"the {what} '{digits}' is not a count", at);
            foreach (char c in digits) if (c < '0' || c > '9') throw Error($"the {what} '{digits}' is not a count", at);
            return long.Parse(digits, CultureInfo.InvariantCulture);
        }

        private void Tag(char tag)
        {
            _pos++;
            Expect(':');
        }

        private void Expect(char c)
        {
            if (_pos >= _end) throw Error($"the data ends where '{c}' belongs");
            if (_data[_pos] != c) throw Error($"{Describe(_data[_pos])} where '{c}' belongs");
            _pos++;
        }

        /// <summary>The ASCII text up to <paramref name="stop"/> (consumed), at most 400 bytes (no number or count is longer).</summary>
        private string Until(char stop)
        {
            int from = _pos;
            while (_pos < _end && _data[_pos] != stop)
            {
                if (_pos - from > 400) throw Error($"no '{stop}' within 400 bytes", from);
                _pos++;
            }
            if (_pos >= _end) throw Error($"the data ends where '{stop}' belongs", from);
            string text = Encoding.ASCII.GetString(_data, from, _pos - from);
            _pos++;
            return text;
        }

        /// <summary>" stdClass" for messages, when the object's class name can be read.</summary>
        private string ClassName()
        {
            int p = _pos + 2, colon = -1;
            for (int i = p; i < _end && i < p + 12; i++) if (_data[i] == ':') { colon = i; break; }
            if (colon < 0 || !int.TryParse(Encoding.ASCII.GetString(_data, p, colon - p), NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return "";
            if (n <= 0 || n > 200 || colon + 2 + n > _end) return "";
            return ", class " + Encoding.UTF8.GetString(_data, colon + 2, n);
        }

        private static string Describe(byte b) => b >= 0x21 && b < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:x2}";

        private MemcachedSerializationException Error(string problem, int? at = null) =>
            new MemcachedSerializationException(
                $"{_family}: the value is PHP serialize() data that is not read: {problem} (at byte {(at ?? _pos) - _start}).");
    }
}
