using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// Reads a Java serialization stream (<c>ObjectOutputStream</c>, stream version 5) that holds plain data, by its grammar
    /// only: no class is loaded or instantiated, nothing is called. Known classes, recognized by name when their descriptor
    /// is read and before any of their data: java.lang.String, Integer (Int32), Long (Int64), Short (Int16), Byte (SByte),
    /// Double, Float (Single), Boolean, Character (one-character string), java.util.ArrayList (<c>List&lt;object&gt;</c>),
    /// HashMap and LinkedHashMap (<see cref="OrderedDictionary"/>, in stored order). Every other class, arrays, enums,
    /// proxies, externalizable objects and cycles are refused with a <see cref="MemcachedSerializationException"/> naming
    /// the class. Lengths are checked against the bytes present.
    /// </summary>
    internal sealed class JavaSerializationReader
    {
        private const string Family = "spymemcached (Java serialization)";
        private const int BaseHandle = 0x7E0000;
        private const int MaxDepth = 64;

        private const byte TcNull = 0x70, TcReference = 0x71, TcClassDesc = 0x72, TcObject = 0x73, TcString = 0x74, TcArray = 0x75,
            TcClass = 0x76, TcBlockData = 0x77, TcEndBlockData = 0x78, TcReset = 0x79, TcBlockDataLong = 0x7A, TcException = 0x7B,
            TcLongString = 0x7C, TcProxyClassDesc = 0x7D, TcEnum = 0x7E;
        private const byte ScWriteMethod = 0x01, ScSerializable = 0x02, ScExternalizable = 0x04;

        private static readonly HashSet<string> Known = new HashSet<string>(StringComparer.Ordinal)
        {
            "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Double", "java.lang.Float",
            "java.lang.Boolean", "java.lang.Character", "java.lang.Number", "java.util.ArrayList", "java.util.HashMap", "java.util.LinkedHashMap",
        };

        private sealed class ClassDesc
        {
            public string Name = "";
            public byte Flags;
            public readonly List<(char Type, string Name)> Fields = new List<(char, string)>();
            public ClassDesc? Super;
        }

        private sealed class Pending { }

        private static readonly Pending Unfinished = new Pending();

        private readonly byte[] _data;
        private readonly int _start;
        private readonly int _end;
        private int _pos;
        private readonly List<object?> _handles = new List<object?>();

        private JavaSerializationReader(ArraySegment<byte> data)
        {
            _data = data.Array ?? Array.Empty<byte>();
            _start = data.Offset;
            _end = data.Offset + data.Count;
            _pos = _start;
        }

        public static object? Read(ArraySegment<byte> data)
        {
            var reader = new JavaSerializationReader(data);
            if (reader.U2() != 0xACED || reader.U2() != 5) throw reader.Error("the value does not start with Java serialization's magic (AC ED 00 05)");
            object? value = reader.Content(0);
            if (reader._pos != reader._end) throw reader.Error($"{reader._end - reader._pos} bytes follow the object");
            return value;
        }

        private object? Content(int depth)
        {
            if (depth > MaxDepth) throw Error($"the value is nested more than {MaxDepth} levels deep");
            int at = _pos - _start;
            byte tag = U1();
            switch (tag)
            {
                case TcNull: return null;
                case TcReference:
                {
                    object? target = Handle(U4());
                    if (ReferenceEquals(target, Unfinished)) throw Error("the object refers to itself (a cycle), which plain data cannot hold");
                    if (target is ClassDesc) throw Error("a reference to a class descriptor where an object belongs");
                    return target;
                }
                case TcString: return NewHandle(Utf(U2()));
                case TcLongString:
                {
                    long length = ((long)U4() << 32) | (uint)U4();
                    return NewHandle(Utf(length));
                }
                case TcObject: return Object(depth);
                case TcArray: throw Refused("a Java array", at);
                case TcEnum: throw Refused("an enum", at);
                case TcClass: throw Refused("a Class object", at);
                case TcProxyClassDesc: throw Refused("a dynamic proxy", at);
                case TcException: throw Refused("an exception written by the stream", at);
                case TcReset: throw Refused("a stream reset", at);
                default: throw Error($"unknown tag 0x{tag:x2} at offset {at}");
            }
        }

        private object? Object(int depth)
        {
            ClassDesc desc = ClassDescriptor() ?? throw Error("an object without a class descriptor");
            int handle = _handles.Count;
            _handles.Add(Unfinished);
            var chain = new List<ClassDesc>();
            for (var d = desc; d != null; d = d.Super) chain.Insert(0, d);
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            var annotations = new Dictionary<string, (List<byte> Data, List<object?> Objects)>(StringComparer.Ordinal);
            foreach (var d in chain)
            {
                foreach (var (type, name) in d.Fields) fields[d.Name + "." + name] = Primitive(type);
                if ((d.Flags & ScWriteMethod) != 0) annotations[d.Name] = Annotation(depth);
            }
            object? value = Build(desc.Name, fields, annotations);
            _handles[handle] = value;
            return value;
        }

        private object? Build(string name, Dictionary<string, object?> fields, Dictionary<string, (List<byte> Data, List<object?> Objects)> annotations)
        {
            switch (name)
            {
                case "java.lang.Integer":
                case "java.lang.Long":
                case "java.lang.Short":
                case "java.lang.Byte":
                case "java.lang.Double":
                case "java.lang.Float":
                case "java.lang.Boolean":
                    return fields.TryGetValue(name + ".value", out var v) ? v : throw Error($"a {name} without its value field");
                case "java.lang.Character":
                    return fields.TryGetValue(name + ".value", out var c) && c is char ch ? ch.ToString() : throw Error("a Character without its value");
                case "java.util.ArrayList":
                {
                    if (!fields.TryGetValue(name + ".size", out var size) || !(size is int count)) throw Error("an ArrayList without its size");
                    var (_, objects) = annotations.TryGetValue(name, out var a) ? a : throw Error("an ArrayList without its elements");
                    if (objects.Count != count) throw Error($"an ArrayList says {count} elements but holds {objects.Count}");
                    return new List<object?>(objects);
                }
                case "java.util.HashMap":
                case "java.util.LinkedHashMap":
                {
                    var (data, objects) = annotations.TryGetValue("java.util.HashMap", out var a) ? a : throw Error("a HashMap without its entries");
                    if (data.Count != 8) throw Error("a HashMap's capacity and size are missing");
                    int count = data[4] << 24 | data[5] << 16 | data[6] << 8 | data[7];
                    if (objects.Count != 2 * count) throw Error($"a HashMap says {count} entries but holds {objects.Count / 2}");
                    var map = new OrderedDictionary(count);
                    for (int i = 0; i < objects.Count; i += 2)
                    {
                        object key = objects[i] ?? throw Error("a HashMap has a null key, which no .NET dictionary holds");
                        if (key is List<object?> || key is OrderedDictionary) throw Error("a HashMap key is a list or a map");
                        if (map.Contains(key)) throw Error($"the HashMap key {key} appears twice");
                        map.Add(key, objects[i + 1]);
                    }
                    return map;
                }
                default:
                    throw Error($"no plain-data reading for class {name}");
            }
        }

        /// <summary>Block data and objects up to TC_ENDBLOCKDATA (what a class's writeObject wrote after its fields).</summary>
        private (List<byte> Data, List<object?> Objects) Annotation(int depth)
        {
            var data = new List<byte>();
            var objects = new List<object?>();
            while (true)
            {
                byte tag = Peek();
                if (tag == TcEndBlockData) { _pos++; return (data, objects); }
                if (tag == TcBlockData || tag == TcBlockDataLong)
                {
                    _pos++;
                    long length = tag == TcBlockData ? U1() : (uint)U4();
                    Need(length, "block data");
                    for (long i = 0; i < length; i++) data.Add(_data[_pos++]);
                    continue;
                }
                objects.Add(Content(depth + 1));
            }
        }

        private ClassDesc? ClassDescriptor()
        {
            int at = _pos - _start;
            byte tag = U1();
            switch (tag)
            {
                case TcNull: return null;
                case TcReference:
                    return Handle(U4()) as ClassDesc ?? throw Error("a reference to an object where a class descriptor belongs");
                case TcProxyClassDesc: throw Refused("a dynamic proxy", at);
                case TcClassDesc:
                {
                    string name = Utf(U2());
                    if (!Known.Contains(name)) throw Refused("an object of class " + name, at);
                    var desc = new ClassDesc { Name = name };
                    _pos += Need(8, "serialVersionUID");
                    _handles.Add(desc);
                    desc.Flags = U1();
                    if ((desc.Flags & ScExternalizable) != 0 || (desc.Flags & ScSerializable) == 0) throw Refused("an externalizable or non-serializable class " + name, at);
                    int count = U2();
                    for (int i = 0; i < count; i++)
                    {
                        char type = (char)U1();
                        string field = Utf(U2());
                        if (type == 'L' || type == '[') throw Refused($"class {name} with an object field '{field}'", at);
                        if ("BCDFIJSZ".IndexOf(type) < 0) throw Error($"field type '{type}' is not a Java type");
                        desc.Fields.Add((type, field));
                    }
                    if (U1() != TcEndBlockData) throw Refused($"class {name} with a class annotation", at);
                    desc.Super = ClassDescriptor();
                    return desc;
                }
                default: throw Error($"tag 0x{tag:x2} at offset {at} where a class descriptor belongs");
            }
        }

        private object Primitive(char type)
        {
            switch (type)
            {
                case 'B': return (sbyte)U1();
                case 'Z': return U1() != 0;
                case 'C': return (char)U2();
                case 'S': return (short)U2();
                case 'I': return U4();
                case 'F': return BitConverter.ToSingle(BitConverter.GetBytes(U4()), 0);
                case 'J': return U8();
                case 'D': return BitConverter.Int64BitsToDouble(U8());
                default: throw Error($"field type '{type}'");
            }
        }

        private object? Handle(int wire)
        {
            int index = wire - BaseHandle;
            if (index < 0 || index >= _handles.Count) throw Error($"handle 0x{wire:x} names nothing read before");
            return _handles[index];
        }

        private object NewHandle(object value)
        {
            _handles.Add(value);
            return value;
        }

        /// <summary>Java's modified UTF-8: NUL as C0 80, supplementary characters as two 3-byte surrogates.</summary>
        private string Utf(long length)
        {
            _ = Need(length, "string");
            int end = _pos + (int)length;
            var text = new StringBuilder((int)length);
            while (_pos < end)
            {
                int a = _data[_pos++];
                if (a < 0x80) { text.Append((char)a); continue; }
                if ((a & 0xE0) == 0xC0 && _pos < end && (_data[_pos] & 0xC0) == 0x80)
                {
                    text.Append((char)(((a & 0x1F) << 6) | (_data[_pos++] & 0x3F)));
                    continue;
                }
                if ((a & 0xF0) == 0xE0 && _pos + 1 < end && (_data[_pos] & 0xC0) == 0x80 && (_data[_pos + 1] & 0xC0) == 0x80)
                {
                    text.Append((char)(((a & 0x0F) << 12) | ((_data[_pos] & 0x3F) << 6) | (_data[_pos + 1] & 0x3F)));
                    _pos += 2;
                    continue;
                }
                throw Error("a string is not valid modified UTF-8");
            }
            return text.ToString();
        }

        private int Need(long count, string what)
        {
            if (count < 0 || count > _end - _pos) throw Error($"{what} of {count} bytes is more than the {_end - _pos} bytes left (truncated?)");
            return (int)count;
        }

        private byte Peek()
        {
            if (_pos >= _end) throw Error("the value ends early (truncated)");
            return _data[_pos];
        }

        private byte U1()
        {
            if (_pos >= _end) throw Error("the value ends early (truncated)");
            return _data[_pos++];
        }

        private int U2() => U1() << 8 | U1();
        private int U4() => U2() << 16 | U2();
        private long U8() => (long)(uint)U4() << 32 | (uint)U4();

        private MemcachedSerializationException Refused(string what, int at) =>
            new MemcachedSerializationException($"{Family}: the value holds {what} (at offset {at}), which is not plain data; it is refused rather " +
                "than created. Plain data here is String, Integer, Long, Short, Byte, Double, Float, Boolean, Character, ArrayList, HashMap and " +
                "LinkedHashMap of those. Read it with -AsByteArray.");

        private MemcachedSerializationException Error(string problem) => new MemcachedSerializationException($"{Family}: {problem}.");
    }
}
