using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Numerics;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// Reads Ruby Marshal 4.8 streams (what <c>Marshal.dump</c> writes; dalli's default serializer) that hold plain data,
    /// without creating or calling anything named in them: nil, true, false, Integer (Fixnum 'i' as Int64, Bignum 'l' as
    /// Int64 or BigInteger), Float ('f', "inf"/"-inf"/"nan"/"-0" included) as Double, String as <c>string</c> when its encoding
    /// is UTF-8 or US-ASCII (the E ivar) and as <c>byte[]</c> when it has none (ASCII-8BIT, Ruby's binary strings), Symbol as
    /// <see cref="RubySymbol"/>, Array as <c>List&lt;object&gt;</c>, Hash as <see cref="OrderedDictionary"/> (in stored order),
    /// and '@' links to objects already read. Everything else (objects 'o', user types 'u'/'U'/'C'/'e', structs 'S', data 'd',
    /// classes/modules 'c'/'m'/'M', regexps '/', hashes with a default '}', strings in other encodings or with other instance
    /// variables) is refused with a <see cref="MemcachedSerializationException"/>. Every length is checked against the bytes
    /// present before anything is allocated, and nesting is bounded.
    /// </summary>
    internal sealed class RubyMarshalReader
    {
        public const int DefaultMaxDepth = 64;
        private const string Family = "Dalli (Ruby Marshal)";

        private readonly byte[] _data;
        private readonly int _start;
        private readonly int _end;
        private readonly int _maxDepth;
        private int _pos;
        private readonly List<RubySymbol> _symbols = new List<RubySymbol>();
        private readonly List<object?> _objects = new List<object?>();

        private RubyMarshalReader(ArraySegment<byte> data, int maxDepth)
        {
            _data = data.Array ?? Array.Empty<byte>();
            _start = data.Offset;
            _end = data.Offset + data.Count;
            _pos = _start;
            _maxDepth = maxDepth;
        }

        public static object? Read(ArraySegment<byte> data, int maxDepth = DefaultMaxDepth)
        {
            var reader = new RubyMarshalReader(data, maxDepth);
            if (data.Count < 2) throw reader.Error("the value is too short for a Marshal header");
            byte major = reader.Byte(), minor = reader.Byte();
            if (major != 4 || minor > 8) throw reader.Error($"the Marshal version is {major}.{minor}; this reader knows 4.8");
            object? value;
            try
            {
                value = reader.Value(0);
            }
            catch (OverflowException e)
            {
                throw new MemcachedSerializationException($"{Family}: a declared length or count does not fit in 32 bits.", e);
            }
            if (reader._pos != reader._end) throw reader.Error($"{reader._end - reader._pos} bytes follow the value");
            return value;
        }

        private object? Value(int depth)
        {
            if (depth > _maxDepth) throw Error($"the value is nested more than {_maxDepth} levels deep");
            int at = _pos - _start;
            char tag = (char)Byte();
            switch (tag)
            {
                case '0': return null;
                case 'T': return true;
                case 'F': return false;
                case 'i': return (long)Long();
                case ':': return Symbol();
                case ';':
                {
                    int index = Long();
                    if (index < 0 || index >= _symbols.Count) throw Error($"symbol link {index} names no symbol read before");
                    return _symbols[index];
                }
                case '@':
                {
                    int index = Long();
                    if (index < 0 || index >= _objects.Count) throw Error($"object link {index} names no object read before");
                    return _objects[index];
                }
                case 'l':
                {
                    char sign = (char)Byte();
                    if (sign != '+' && sign != '-') throw Error($"a Bignum's sign byte is 0x{(byte)sign:x2}");
                    int shorts = Long();
                    var bytes = Bytes(checked(shorts * 2), "Bignum");
                    var magnitude = new byte[bytes.Count + 1]; // little-endian, with a zero byte to keep it positive
                    Buffer.BlockCopy(bytes.Array!, bytes.Offset, magnitude, 0, bytes.Count);
                    var big = new BigInteger(magnitude);
                    if (sign == '-') big = -big;
                    object number = big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : big;
                    _objects.Add(number);
                    return number;
                }
                case 'f':
                {
                    var bytes = Bytes(Long(), "Float");
                    string text = Encoding.ASCII.GetString(bytes.Array!, bytes.Offset, bytes.Count);
                    double d;
                    switch (text)
                    {
                        case "inf": d = double.PositiveInfinity; break;
                        case "-inf": d = double.NegativeInfinity; break;
                        case "nan": d = double.NaN; break;
                        case "-0": d = -0.0; break;
                        default:
                            // Marshal 4.8 before Ruby 1.9 could append mantissa bytes after a NUL; refused rather than guessed.
                            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                                throw Error($"the Float text '{Printable(text)}' is not a number");
                            break;
                    }
                    _objects.Add(d);
                    return d;
                }
                case '"':
                {
                    int slot = Reserve();
                    var bytes = Bytes(Long(), "String");
                    var copy = new byte[bytes.Count];
                    Buffer.BlockCopy(bytes.Array!, bytes.Offset, copy, 0, bytes.Count);
                    return _objects[slot] = copy; // no encoding ivar: ASCII-8BIT, Ruby's binary string
                }
                case 'I':
                {
                    if (Peek() == ':')
                    {
                        // A symbol with its encoding (Ruby writes one for a non-ASCII name).
                        _pos++;
                        var symbol = Symbol();
                        int ivars = Long();
                        if (ivars != 1) throw Error($"a Symbol with {ivars} instance variables");
                        object? ivarName = Value(depth + 1);
                        object? ivarValue = Value(depth + 1);
                        if (!(ivarName is RubySymbol { Name: "E" }) || !(ivarValue is bool))
                            throw Error("a Symbol in an encoding other than UTF-8 or US-ASCII");
                        return symbol;
                    }
                    if (Peek() != '"')
                    {
                        // Instance variables on something else (a Time, a Regexp): what it is says why it is refused.
                        Value(depth + 1);
                        throw Error($"instance variables on a value of type '{(char)_data[at + _start + 1]}' (only strings and symbols with an encoding are plain data)");
                    }
                    _pos++;
                    int slot = Reserve();
                    var bytes = Bytes(Long(), "String");
                    int count = Long();
                    if (count != 1) throw Error($"a String with {count} instance variables (only its encoding is plain data)");
                    object? name = Value(depth + 1);
                    object? encoding = Value(depth + 1);
                    string? text;
                    if (name is RubySymbol { Name: "E" } && encoding is bool) text = Utf8(bytes, "UTF-8 or US-ASCII");
                    else if (name is RubySymbol { Name: "encoding" } && encoding is byte[] encName)
                    {
                        string n = Encoding.ASCII.GetString(encName);
                        throw Error($"a String in the encoding {Printable(n)}; only UTF-8, US-ASCII and binary strings are read");
                    }
                    else throw Error("a String whose instance variable is not its encoding");
                    return _objects[slot] = text;
                }
                case '[':
                {
                    int count = Long();
                    if (count < 0 || count > _end - _pos) throw Error($"an Array declares {count} elements, more than the {_end - _pos} bytes left");
                    var list = new List<object?>(count);
                    _objects.Add(list);
                    for (int i = 0; i < count; i++) list.Add(Value(depth + 1));
                    return list;
                }
                case '{':
                {
                    int count = Long();
                    if (count < 0 || count > (_end - _pos) / 2) throw Error($"a Hash declares {count} pairs, more than the {_end - _pos} bytes left");
                    var map = new OrderedDictionary(count);
                    _objects.Add(map);
                    for (int i = 0; i < count; i++)
                    {
                        object? key = Value(depth + 1);
                        object? value = Value(depth + 1);
                        if (key == null) throw Error("a Hash key is nil, which no .NET dictionary can hold");
                        if (key is List<object?> || key is OrderedDictionary || key is byte[]) throw Error("a Hash key is an Array, Hash or binary String");
                        if (map.Contains(key)) throw Error($"the Hash key {Printable(key.ToString() ?? "")} appears twice");
                        map.Add(key, value);
                    }
                    return map;
                }
                case '}': throw Refused(tag, at, "a Hash with a default value");
                case 'o': throw Refused(tag, at, "an object of class " + ClassName());
                case 'u': throw Refused(tag, at, "a user type (_dump) of class " + ClassName());
                case 'U': throw Refused(tag, at, "a user type (marshal_dump) of class " + ClassName());
                case 'C': throw Refused(tag, at, "a subclass of String/Array/Hash named " + ClassName());
                case 'e': throw Refused(tag, at, "an object extended by module " + ClassName());
                case 'S': throw Refused(tag, at, "a Struct " + ClassName());
                case 'd': throw Refused(tag, at, "a data object " + ClassName());
                case 'c': throw Refused(tag, at, "a class reference");
                case 'm': throw Refused(tag, at, "a module reference");
                case 'M': throw Refused(tag, at, "an old-style class or module reference");
                case '/': throw Refused(tag, at, "a Regexp");
                default: throw Error($"unknown type byte 0x{(byte)tag:x2} at offset {at}");
            }
        }

        private int Reserve()
        {
            _objects.Add(null);
            return _objects.Count - 1;
        }

        private RubySymbol Symbol()
        {
            var bytes = Bytes(Long(), "Symbol");
            var symbol = new RubySymbol(Utf8(bytes, "Symbol"));
            _symbols.Add(symbol);
            return symbol;
        }

        private string ClassName()
        {
            // Named only for the message; nothing is looked up.
            if (_pos >= _end) return "(missing)";
            char tag = (char)_data[_pos];
            try
            {
                if (tag == ':') { _pos++; return Symbol().Name; }
                if (tag == ';') { _pos++; int i = Long(); return i >= 0 && i < _symbols.Count ? _symbols[i].Name : "(unknown)"; }
            }
            catch (MemcachedSerializationException) { }
            return "(unnamed)";
        }

        private string Utf8(ArraySegment<byte> bytes, string what)
        {
            try
            {
                return StrictUtf8.GetString(bytes.Array!, bytes.Offset, bytes.Count);
            }
            catch (DecoderFallbackException e)
            {
                throw new MemcachedSerializationException($"{Family}: a {what} string is not valid UTF-8.", e);
            }
        }

        /// <summary>Marshal's w_long: 0; 1..122 as n+5; -123..-1 as n-5; else a count of 1-4 little-endian bytes (negative count: negative number).</summary>
        private int Long()
        {
            sbyte c = (sbyte)Byte();
            if (c == 0) return 0;
            if (c > 4) return c - 5;
            if (c < -4) return c + 5;
            if (c > 0)
            {
                long x = 0;
                for (int i = 0; i < c; i++) x |= (long)Byte() << (8 * i);
                return checked((int)x);
            }
            long y = -1;
            for (int i = 0; i < -c; i++)
            {
                y &= ~(0xFFL << (8 * i));
                y |= (long)Byte() << (8 * i);
            }
            return checked((int)y);
        }

        private ArraySegment<byte> Bytes(int count, string what)
        {
            if (count < 0 || count > _end - _pos) throw Error($"a {what} declares {count} bytes, but {_end - _pos} are left");
            var segment = new ArraySegment<byte>(_data, _pos, count);
            _pos += count;
            return segment;
        }

        private byte Byte()
        {
            if (_pos >= _end) throw Error("the value ends early (truncated)");
            return _data[_pos++];
        }

        private byte Peek()
        {
            if (_pos >= _end) throw Error("the value ends early (truncated)");
            return _data[_pos];
        }

        private static string Printable(string s) => s.Length > 60 ? s.Substring(0, 60) + "..." : s;

        private MemcachedSerializationException Refused(char tag, int at, string what) =>
            new MemcachedSerializationException($"{Family}: the value holds {what} (type '{tag}' at offset {at}), which is not plain data; " +
                "it is refused rather than created. Read it with -AsByteArray, or store plain data (nil, true/false, numbers, strings, symbols, arrays, hashes).");

        private MemcachedSerializationException Error(string problem) =>
            new MemcachedSerializationException($"{Family}: {problem}.");
    }
}
