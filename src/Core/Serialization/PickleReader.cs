using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Numerics;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// Reads Python pickles (protocols 0 to 5) that hold plain data, the way Python's own unpickler runs them, but without
    /// ever importing or calling anything: None, bool, int (any size: Int64, or BigInteger beyond), float (Double), str
    /// (String), bytes and bytearray (byte[]), list (List of object), tuple (object[]), dict (OrderedDictionary, in
    /// pickled order), set and frozenset (HashSet of object).
    /// </summary>
    /// <remarks>
    /// Protocols 0-2 write bytes as <c>_codecs.encode(text, "latin1")</c> and protocols 0-3 write sets as
    /// <c>builtins.set(list)</c>, so a fixed list of those names is recognized and rebuilt here as the data it stands for;
    /// nothing named in a pickle is looked up or run. Every other global, and every opcode that builds objects (REDUCE of
    /// anything else, BUILD, INST, OBJ, NEWOBJ, NEWOBJ_EX, PERSID, BINPERSID, EXT1/2/4, out-of-band buffers), is refused
    /// with a <see cref="MemcachedSerializationException"/>. Opcode meanings follow CPython's Lib/pickletools.py.
    /// </remarks>
    internal sealed class PickleReader
    {
        public const int HighestProtocol = 5;

        private const string PlainData = "None, bool, int, float, str, bytes, bytearray, list, tuple, dict, set, frozenset";

        private readonly byte[] _data;
        private readonly int _start;
        private readonly int _end;
        private int _pos;
        private int _opcodeOffset;
        private List<object?> _stack = new List<object?>();
        private readonly Stack<List<object?>> _marks = new Stack<List<object?>>();
        private readonly Dictionary<long, object?> _memo = new Dictionary<long, object?>();

        private PickleReader(ArraySegment<byte> pickle)
        {
            _data = pickle.Array ?? Array.Empty<byte>();
            _start = pickle.Offset;
            _end = pickle.Offset + pickle.Count;
            _pos = _start;
        }

        public static object? Read(byte[] pickle) => Read(new ArraySegment<byte>(pickle ?? throw new ArgumentNullException(nameof(pickle))));

        /// <summary>The value the pickle holds. Bytes after its STOP opcode are ignored, as Python ignores them.</summary>
        public static object? Read(ArraySegment<byte> pickle) => new PickleReader(pickle).Run();

        private object? Run()
        {
            while (true)
            {
                if (_pos >= _end) throw Error("the pickle ends before its STOP opcode");
                _opcodeOffset = _pos - _start;
                byte opcode = _data[_pos++];
                switch (opcode)
                {
                    case (byte)'.': // STOP
                        return Pop("STOP");
                    case 0x80: // PROTO
                        int protocol = ReadByte();
                        if (protocol > HighestProtocol) throw Error($"protocol {protocol} is newer than {HighestProtocol}, the highest this reader knows");
                        break;
                    case 0x95: // FRAME: a length hint for buffered readers; the opcodes inside are read as usual
                        ReadLength(8, "FRAME");
                        break;

                    case (byte)'(': // MARK
                        _marks.Push(_stack);
                        _stack = new List<object?>();
                        break;
                    case (byte)'0': // POP
                        if (_stack.Count > 0) _stack.RemoveAt(_stack.Count - 1);
                        else PopMark("POP");
                        break;
                    case (byte)'1': // POP_MARK
                        PopMark("POP_MARK");
                        break;
                    case (byte)'2': // DUP
                        Push(Top("DUP"));
                        break;

                    case (byte)'N': Push(null); break; // NONE
                    case 0x88: Push(true); break; // NEWTRUE
                    case 0x89: Push(false); break; // NEWFALSE

                    case (byte)'I': // INT: decimal line; "01" and "00" are Python 2.2's True and False
                        string intLine = ReadLine();
                        if (intLine == "01") Push(true);
                        else if (intLine == "00") Push(false);
                        else Push(ParseDecimal(intLine, "INT"));
                        break;
                    case (byte)'J': Push((long)ReadInt32()); break; // BININT
                    case (byte)'K': Push((long)ReadByte()); break; // BININT1
                    case (byte)'M': Push((long)ReadUInt16()); break; // BININT2
                    case (byte)'L': // LONG: decimal line with Python 2's trailing 'L'
                        string longLine = ReadLine();
                        Push(ParseDecimal(longLine.EndsWith("L", StringComparison.Ordinal) ? longLine.Substring(0, longLine.Length - 1) : longLine, "LONG"));
                        break;
                    case 0x8a: // LONG1
                        Push(ReadTwosComplement(ReadByte()));
                        break;
                    case 0x8b: // LONG4
                        Push(ReadTwosComplement(ReadSignedLength("LONG4")));
                        break;

                    case (byte)'F': // FLOAT: repr() of a float on one line
                        Push(ParseFloat(ReadLine()));
                        break;
                    case (byte)'G': // BINFLOAT: big-endian IEEE 754 double
                        Push(ReadBigEndianDouble());
                        break;

                    case (byte)'S': // STRING: Python 2 str as a quoted, escaped literal
                        Push(Python2Str(EscapeDecode(Unquote(ReadLine()))));
                        break;
                    case (byte)'T': Push(Python2Str(ReadBytes(ReadSignedLength("BINSTRING")))); break; // BINSTRING
                    case (byte)'U': Push(Python2Str(ReadBytes(ReadByte()))); break; // SHORT_BINSTRING

                    case (byte)'B': Push(ReadBytes(ReadLength(4, "BINBYTES"))); break; // BINBYTES
                    case (byte)'C': Push(ReadBytes(ReadByte())); break; // SHORT_BINBYTES
                    case 0x8e: Push(ReadBytes(ReadLength(8, "BINBYTES8"))); break; // BINBYTES8
                    case 0x96: Push(ReadBytes(ReadLength(8, "BYTEARRAY8"))); break; // BYTEARRAY8

                    case (byte)'V': Push(RawUnicodeEscapeDecode(ReadLine())); break; // UNICODE
                    case (byte)'X': Push(ReadUtf8(ReadLength(4, "BINUNICODE"))); break; // BINUNICODE
                    case 0x8c: Push(ReadUtf8(ReadByte())); break; // SHORT_BINUNICODE
                    case 0x8d: Push(ReadUtf8(ReadLength(8, "BINUNICODE8"))); break; // BINUNICODE8

                    case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
                    case (byte)'l': Push(new List<object?>(PopMark("LIST"))); break; // LIST
                    case (byte)'a': // APPEND
                        object? item = Pop("APPEND");
                        ListOnTop("APPEND").Add(item);
                        break;
                    case (byte)'e': // APPENDS
                        List<object?> items = PopMark("APPENDS");
                        ListOnTop("APPENDS").AddRange(items);
                        break;

                    case (byte)')': Push(new object?[0]); break; // EMPTY_TUPLE
                    case (byte)'t': Push(PopMark("TUPLE").ToArray()); break; // TUPLE
                    case 0x85: Push(PopTuple(1, "TUPLE1")); break;
                    case 0x86: Push(PopTuple(2, "TUPLE2")); break;
                    case 0x87: Push(PopTuple(3, "TUPLE3")); break;

                    case (byte)'}': Push(new OrderedDictionary()); break; // EMPTY_DICT
                    case (byte)'d': // DICT
                        var dict = new OrderedDictionary();
                        SetItems(dict, PopMark("DICT"), "DICT");
                        Push(dict);
                        break;
                    case (byte)'s': // SETITEM
                        object? value = Pop("SETITEM");
                        object? key = Pop("SETITEM");
                        SetItems(DictOnTop("SETITEM"), new List<object?> { key, value }, "SETITEM");
                        break;
                    case (byte)'u': // SETITEMS
                        List<object?> pairs = PopMark("SETITEMS");
                        SetItems(DictOnTop("SETITEMS"), pairs, "SETITEMS");
                        break;

                    case 0x8f: Push(new HashSet<object?>()); break; // EMPTY_SET
                    case 0x90: // ADDITEMS
                        List<object?> members = PopMark("ADDITEMS");
                        if (!(Top("ADDITEMS") is HashSet<object?> set)) throw Error($"ADDITEMS needs a set on the stack, not {TypeName(Top("ADDITEMS"))}");
                        foreach (var member in members) set.Add(member);
                        break;
                    case 0x91: Push(new HashSet<object?>(PopMark("FROZENSET"))); break; // FROZENSET

                    case (byte)'p': Memoize(ParseMemoIndex(ReadLine(), "PUT"), "PUT"); break; // PUT
                    case (byte)'q': Memoize(ReadByte(), "BINPUT"); break; // BINPUT
                    case (byte)'r': Memoize(ReadUInt32(), "LONG_BINPUT"); break; // LONG_BINPUT
                    case 0x94: Memoize(_memo.Count, "MEMOIZE"); break; // MEMOIZE
                    case (byte)'g': Push(Recall(ParseMemoIndex(ReadLine(), "GET"), "GET")); break; // GET
                    case (byte)'h': Push(Recall(ReadByte(), "BINGET")); break; // BINGET
                    case (byte)'j': Push(Recall(ReadUInt32(), "LONG_BINGET")); break; // LONG_BINGET

                    case (byte)'c': // GLOBAL
                        string module = ReadLine();
                        string name = ReadLine();
                        Push(KnownCallable.Find(module, name) ?? throw Refuse("GLOBAL", module + "." + name));
                        break;
                    case 0x93: // STACK_GLOBAL
                        object? globalName = Pop("STACK_GLOBAL");
                        object? globalModule = Pop("STACK_GLOBAL");
                        if (!(globalModule is string m) || !(globalName is string n))
                            throw Refuse("STACK_GLOBAL", null);
                        Push(KnownCallable.Find(m, n) ?? throw Refuse("STACK_GLOBAL", m + "." + n));
                        break;
                    case (byte)'R': // REDUCE: only the recognized data constructors, rebuilt here
                        object? arguments = Pop("REDUCE");
                        object? callable = Pop("REDUCE");
                        if (!(callable is KnownCallable known)) throw Refuse("REDUCE", null);
                        if (!(arguments is object?[] tuple)) throw Error($"REDUCE needs an argument tuple, not {TypeName(arguments)}");
                        Push(known.Rebuild(tuple) ?? throw Refuse("REDUCE", $"{known.FullName} with arguments ({DescribeArguments(tuple)})"));
                        break;

                    case (byte)'i': // INST
                        string instModule = ReadLine();
                        string instName = ReadLine();
                        throw Refuse("INST", instModule + "." + instName);
                    case (byte)'b': throw Refuse("BUILD", null);
                    case (byte)'o': throw Refuse("OBJ", null);
                    case 0x81: throw Refuse("NEWOBJ", null);
                    case 0x92: throw Refuse("NEWOBJ_EX", null);
                    case (byte)'P': throw Refuse("PERSID", null);
                    case (byte)'Q': throw Refuse("BINPERSID", null);
                    case 0x82: throw Refuse("EXT1", null);
                    case 0x83: throw Refuse("EXT2", null);
                    case 0x84: throw Refuse("EXT4", null);
                    case 0x97: throw Refuse("NEXT_BUFFER", null);
                    case 0x98: throw Refuse("READONLY_BUFFER", null);

                    default:
                        throw Error($"0x{opcode:x2} is not a pickle opcode");
                }
            }
        }

        private void Push(object? value) => _stack.Add(value);

        private object? Pop(string opcode)
        {
            if (_stack.Count == 0) throw Error($"{opcode} finds the stack empty");
            object? value = _stack[_stack.Count - 1];
            _stack.RemoveAt(_stack.Count - 1);
            return value;
        }

        private object? Top(string opcode)
        {
            if (_stack.Count == 0) throw Error($"{opcode} finds the stack empty");
            return _stack[_stack.Count - 1];
        }

        /// <summary>Everything pushed since the last MARK, and the stack as it was before that MARK.</summary>
        private List<object?> PopMark(string opcode)
        {
            if (_marks.Count == 0) throw Error($"{opcode} needs a MARK that was never pushed");
            List<object?> items = _stack;
            _stack = _marks.Pop();
            return items;
        }

        private object?[] PopTuple(int count, string opcode)
        {
            var tuple = new object?[count];
            for (int i = count - 1; i >= 0; i--) tuple[i] = Pop(opcode);
            return tuple;
        }

        private List<object?> ListOnTop(string opcode) =>
            Top(opcode) as List<object?> ?? throw Error($"{opcode} needs a list on the stack, not {TypeName(Top(opcode))}");

        private OrderedDictionary DictOnTop(string opcode) =>
            Top(opcode) as OrderedDictionary ?? throw Error($"{opcode} needs a dict on the stack, not {TypeName(Top(opcode))}");

        private void SetItems(OrderedDictionary dict, List<object?> keysAndValues, string opcode)
        {
            if (keysAndValues.Count % 2 != 0) throw Error($"{opcode} has a key without a value");
            for (int i = 0; i < keysAndValues.Count; i += 2)
            {
                object key = keysAndValues[i] ?? throw Error($"{opcode}: a dict key of None is not supported");
                dict[key] = keysAndValues[i + 1];
            }
        }

        private void Memoize(long index, string opcode) => _memo[index] = Top(opcode);

        private object? Recall(long index, string opcode) =>
            _memo.TryGetValue(index, out object? value) ? value : throw Error($"{opcode} asks for memo entry {index}, which was never stored");

        private long ParseMemoIndex(string line, string opcode)
        {
            if (ParseDecimal(line, opcode) is long index && index >= 0) return index;
            throw Error($"{opcode} has memo index '{line}'");
        }

        private object ParseDecimal(string text, string opcode)
        {
            try
            {
                return DecimalInteger.Parse(text, opcode + " argument '" + Shorten(text) + "'");
            }
            catch (MemcachedSerializationException e)
            {
                throw Error(e.Message.TrimEnd('.'));
            }
        }

        private double ParseFloat(string text)
        {
            string t = text.Trim();
            switch (t.ToLowerInvariant())
            {
                case "inf": case "+inf": case "infinity": return double.PositiveInfinity;
                case "-inf": case "-infinity": return double.NegativeInfinity;
                case "nan": case "+nan": case "-nan": return double.NaN;
            }
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
            throw Error($"FLOAT argument '{Shorten(text)}' is not a number");
        }

        private byte ReadByte()
        {
            Need(1);
            return _data[_pos++];
        }

        private ushort ReadUInt16()
        {
            Need(2);
            ushort value = (ushort)(_data[_pos] | _data[_pos + 1] << 8);
            _pos += 2;
            return value;
        }

        private int ReadInt32()
        {
            Need(4);
            int value = _data[_pos] | _data[_pos + 1] << 8 | _data[_pos + 2] << 16 | _data[_pos + 3] << 24;
            _pos += 4;
            return value;
        }

        private uint ReadUInt32() => unchecked((uint)ReadInt32());

        private int ReadSignedLength(string opcode)
        {
            int length = ReadInt32();
            if (length < 0) throw Error($"{opcode} has a negative length {length}");
            return length;
        }

        /// <summary>A little-endian unsigned length of <paramref name="size"/> bytes, checked against the bytes that remain.</summary>
        private int ReadLength(int size, string opcode)
        {
            Need(size);
            ulong length = 0;
            for (int i = size - 1; i >= 0; i--) length = (length << 8) | _data[_pos + i];
            _pos += size;
            if (length > (ulong)(_end - _pos)) throw Error($"{opcode} announces {length} bytes but only {_end - _pos} remain");
            return (int)length;
        }

        private byte[] ReadBytes(int count)
        {
            Need(count);
            var bytes = new byte[count];
            Buffer.BlockCopy(_data, _pos, bytes, 0, count);
            _pos += count;
            return bytes;
        }

        private object ReadTwosComplement(int count) => DecimalInteger.Narrow(count == 0 ? BigInteger.Zero : new BigInteger(ReadBytes(count)));

        private double ReadBigEndianDouble()
        {
            Need(8);
            long bits = 0;
            for (int i = 0; i < 8; i++) bits = (bits << 8) | _data[_pos + i];
            _pos += 8;
            return BitConverter.Int64BitsToDouble(bits);
        }

        private string ReadUtf8(int count)
        {
            Need(count);
            try
            {
                string text = StrictUtf8.GetString(_data, _pos, count);
                _pos += count;
                return text;
            }
            catch (DecoderFallbackException e)
            {
                throw Error("a str is not valid UTF-8 (" + e.Message + ")");
            }
        }

        /// <summary>One line up to '\n', as Latin-1 text (the text opcodes of protocol 0 are ASCII or Latin-1).</summary>
        private string ReadLine()
        {
            int newline = Array.IndexOf(_data, (byte)'\n', _pos, _end - _pos);
            if (newline < 0) throw Error("a line argument has no end of line");
            var chars = new char[newline - _pos];
            for (int i = 0; i < chars.Length; i++) chars[i] = (char)_data[_pos + i];
            _pos = newline + 1;
            return new string(chars);
        }

        private void Need(int count)
        {
            if (count > _end - _pos) throw Error("the pickle ends inside an opcode's argument");
        }

        private string Unquote(string line)
        {
            if (line.Length >= 2 && line[0] == line[line.Length - 1] && (line[0] == '\'' || line[0] == '"'))
                return line.Substring(1, line.Length - 2);
            throw Error("the STRING argument is not quoted");
        }

        /// <summary>Python's codecs.escape_decode: the escapes of a Python 2 byte-string literal.</summary>
        private byte[] EscapeDecode(string literal)
        {
            var bytes = new List<byte>(literal.Length);
            for (int i = 0; i < literal.Length; i++)
            {
                char c = literal[i];
                if (c != '\\' || i + 1 >= literal.Length)
                {
                    bytes.Add((byte)c);
                    continue;
                }
                char e = literal[++i];
                switch (e)
                {
                    case '\n': break;
                    case '\\': bytes.Add((byte)'\\'); break;
                    case '\'': bytes.Add((byte)'\''); break;
                    case '"': bytes.Add((byte)'"'); break;
                    case 'a': bytes.Add(7); break;
                    case 'b': bytes.Add(8); break;
                    case 't': bytes.Add(9); break;
                    case 'n': bytes.Add(10); break;
                    case 'v': bytes.Add(11); break;
                    case 'f': bytes.Add(12); break;
                    case 'r': bytes.Add(13); break;
                    case 'x':
                        int hi = Hex(literal, i + 1), lo = Hex(literal, i + 2);
                        if (hi < 0 || lo < 0) throw Error("a \\x escape in STRING needs two hex digits");
                        bytes.Add((byte)(hi * 16 + lo));
                        i += 2;
                        break;
                    default:
                        if (e >= '0' && e <= '7')
                        {
                            int octal = e - '0';
                            for (int k = 0; k < 2 && i + 1 < literal.Length && literal[i + 1] >= '0' && literal[i + 1] <= '7'; k++)
                                octal = octal * 8 + (literal[++i] - '0');
                            bytes.Add((byte)octal);
                        }
                        else
                        {
                            bytes.Add((byte)'\\');
                            bytes.Add((byte)e);
                        }
                        break;
                }
            }
            return bytes.ToArray();
        }

        /// <summary>Python's raw-unicode-escape, which protocol 0 uses for str: Latin-1 text where \uXXXX and
        /// \UXXXXXXXX stand for other characters (Python escapes '\' itself as \u005c).</summary>
        private string RawUnicodeEscapeDecode(string line)
        {
            var text = new StringBuilder(line.Length);
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (c == '\\' && i + 1 < line.Length && (line[i + 1] == 'u' || line[i + 1] == 'U'))
                {
                    int digits = line[i + 1] == 'u' ? 4 : 8;
                    if (i + 2 + digits > line.Length) throw Error("a \\u escape in UNICODE is cut short");
                    int code = 0;
                    for (int k = 0; k < digits; k++)
                    {
                        int h = Hex(line, i + 2 + k);
                        if (h < 0) throw Error("a \\u escape in UNICODE has a character that is not a hex digit");
                        code = code * 16 + h;
                    }
                    if (code > 0x10FFFF) throw Error($"\\U{code:x8} in UNICODE is beyond Unicode");
                    if (code >= 0x10000) text.Append(char.ConvertFromUtf32(code));
                    else text.Append((char)code);
                    i += 1 + digits;
                }
                else text.Append(c);
            }
            return text.ToString();
        }

        private static int Hex(string s, int index)
        {
            if (index >= s.Length) return -1;
            char c = s[index];
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>A Python 2 str: Python 3 reads it as ASCII text by default; other bytes stay bytes here rather than fail.</summary>
        private static object Python2Str(byte[] bytes)
        {
            foreach (byte b in bytes)
                if (b >= 0x80) return bytes;
            return Encoding.ASCII.GetString(bytes);
        }

        private static string TypeName(object? value)
        {
            switch (value)
            {
                case null: return "None";
                case List<object?> _: return "a list";
                case object?[] _: return "a tuple";
                case OrderedDictionary _: return "a dict";
                case HashSet<object?> _: return "a set";
                case string _: return "a str";
                case byte[] _: return "bytes";
                case KnownCallable k: return k.FullName;
                default: return "a " + value.GetType().Name;
            }
        }

        private static string DescribeArguments(object?[] arguments)
        {
            var parts = new List<string>();
            foreach (var a in arguments) parts.Add(a is string s ? "'" + Shorten(s) + "'" : TypeName(a));
            return string.Join(", ", parts);
        }

        private static string Shorten(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "…";

        private MemcachedSerializationException Error(string problem) =>
            new MemcachedSerializationException($"Python pickle is not readable at offset {_opcodeOffset}: {problem}.");

        private MemcachedSerializationException Refuse(string opcode, string? target) =>
            new MemcachedSerializationException(
                $"Python pickle refused at offset {_opcodeOffset}: opcode {opcode}" + (target != null ? $" ({target})" : "") +
                " would make Python import or call code to build an object. Pickled code is never executed here; only plain data (" +
                PlainData + ") is read.");

        /// <summary>The few names protocols 0-3 use to spell plain data, each rebuilt by a fixed rule (never called).</summary>
        private sealed class KnownCallable
        {
            private KnownCallable(string fullName, Func<object?[], object?> rebuild)
            {
                FullName = fullName;
                _rebuild = rebuild;
            }

            private readonly Func<object?[], object?> _rebuild;

            public string FullName { get; }

            /// <summary>The data the call stands for, or null when its arguments are not the plain-data form.</summary>
            public object? Rebuild(object?[] arguments) => _rebuild(arguments);

            public static KnownCallable? Find(string module, string name)
            {
                string fullName = module + "." + name;
                if (module == "_codecs" && name == "encode") return new KnownCallable(fullName, LatinOneEncode);
                if (module != "builtins" && module != "__builtin__") return null;
                switch (name)
                {
                    case "bytes": return new KnownCallable(fullName, a => BytesOf(a, allowText: false));
                    case "bytearray": return new KnownCallable(fullName, a => BytesOf(a, allowText: true));
                    case "set":
                    case "frozenset": return new KnownCallable(fullName, SetOf);
                    default: return null;
                }
            }

            private static bool IsLatinOne(object? encoding) =>
                encoding is string e && (e == "latin1" || e == "latin-1" || e == "iso-8859-1" || e == "iso8859-1");

            private static object? LatinOneEncode(object?[] a) =>
                a.Length == 2 && a[0] is string text && IsLatinOne(a[1]) ? LatinOneBytes(text) : null;

            private static byte[]? LatinOneBytes(string text)
            {
                var bytes = new byte[text.Length];
                for (int i = 0; i < text.Length; i++)
                {
                    if (text[i] > 0xFF) return null;
                    bytes[i] = (byte)text[i];
                }
                return bytes;
            }

            private static object? BytesOf(object?[] a, bool allowText)
            {
                if (a.Length == 0) return new byte[0];
                if (a.Length == 1 && a[0] is byte[] bytes) return (byte[])bytes.Clone();
                if (allowText && a.Length == 2 && a[0] is string text && IsLatinOne(a[1])) return LatinOneBytes(text);
                return null;
            }

            private static object? SetOf(object?[] a)
            {
                if (a.Length == 0) return new HashSet<object?>();
                if (a.Length == 1 && a[0] is IEnumerable items && !(a[0] is string) && !(a[0] is byte[]) && !(a[0] is OrderedDictionary))
                {
                    var set = new HashSet<object?>();
                    foreach (var item in items) set.Add(item);
                    return set;
                }
                return null;
            }
        }
    }
}
