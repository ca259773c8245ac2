using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// Reads Perl Storable images (<c>Storable::nfreeze</c>, network order, which Cache::Memcached and Cache::Memcached::Fast
    /// write; also <c>freeze</c>'s native order from a 64-bit little-endian perl) that hold plain data, without blessing,
    /// tying or running anything: undef as null, integers (SX_BYTE, SX_NETINT, SX_INTEGER) as Int64, SX_DOUBLE as Double,
    /// byte strings (SX_SCALAR, SX_LSCALAR) as <c>string</c> when ASCII and <c>byte[]</c> otherwise, character strings
    /// (SX_UTF8STR, SX_LUTF8STR) as <c>string</c>, Perl's immortal yes/no (and Storable 3.32's booleans) as bool, arrays as
    /// <c>List&lt;object&gt;</c>, hashes as <see cref="OrderedDictionary"/>, references to arrays and hashes as the container
    /// itself, and SX_OBJECT back-references as the object already read. Blessed objects, hooks, code, tied and weak
    /// references, v-strings, regexps, references to scalars, cycles and unknown tags are refused with a
    /// <see cref="MemcachedSerializationException"/>. Lengths are checked against the bytes present before any allocation.
    /// </summary>
    internal sealed class PerlStorableReader
    {
        public const int DefaultMaxDepth = 64;
        private const string Family = "Perl Storable";

        private readonly byte[] _data;
        private readonly int _end;
        private readonly int _start;
        private readonly int _maxDepth;
        private int _pos;
        private bool _network;
        private readonly List<object?> _seen = new List<object?>();
        private readonly HashSet<object> _open = new HashSet<object>();

        private PerlStorableReader(ArraySegment<byte> data, int maxDepth)
        {
            _data = data.Array ?? Array.Empty<byte>();
            _start = data.Offset;
            _end = data.Offset + data.Count;
            _pos = _start;
            _maxDepth = maxDepth;
        }

        /// <summary>The value <c>thaw</c> returns a reference to (for Cache::Memcached, the array or hash that was set).</summary>
        public static object? Read(ArraySegment<byte> data, int maxDepth = DefaultMaxDepth)
        {
            var reader = new PerlStorableReader(data, maxDepth);
            reader.Header();
            object? value = reader.Value(0, out bool isRef);
            // thaw returns a reference to the root: to an array or hash for what Cache::Memcached stores from [..] or {..};
            // a scalar root was stored from \$scalar, and a reference root from \\@array: neither has a plain .NET form.
            if (isRef || !(value is List<object?>) && !(value is OrderedDictionary))
                throw reader.Error("the value is a reference to a scalar or to another reference, which has no plain .NET form");
            if (reader._pos != reader._end) throw reader.Error($"{reader._end - reader._pos} bytes follow the value");
            return value;
        }

        private void Header()
        {
            byte first = Byte();
            byte minor = Byte();
            int major = first >> 1;
            _network = (first & 1) != 0;
            if (major != 2) throw Error($"the Storable image is binary format {major}.{minor}; this reader knows 2.x");
            if (_network) return;
            int length = Byte();
            string order = Encoding.ASCII.GetString(Bytes(length, "byte order"));
            byte sizeInt = Byte(), sizeLong = Byte(), sizePtr = Byte(), sizeNv = Byte();
            if (order != "12345678" || sizeInt != 4 || sizeLong != 8 || sizeNv != 8)
                throw Error($"the image was frozen in native order '{order}' (int {sizeInt}, long {sizeLong}, pointer {sizePtr}, NV {sizeNv}); " +
                    "only network order (nfreeze) and 64-bit little-endian native order are read");
        }

        private object? Value(int depth, out bool isRef)
        {
            isRef = false;
            if (depth > _maxDepth) throw Error($"the value is nested more than {_maxDepth} levels deep");
            int at = _pos - _start;
            byte tag = Byte();
            switch (tag)
            {
                case 0: // SX_OBJECT
                {
                    long index = I32();
                    if (index < 0 || index >= _seen.Count) throw Error($"back-reference {index} names nothing read before");
                    object? target = _seen[(int)index];
                    if (target != null && _open.Contains(target)) throw Error("the data contains itself (a cycle), which plain data cannot hold");
                    return target;
                }
                case 1: return Seen(Text(Length32(), utf8: false));          // SX_LSCALAR
                case 10: return Seen(Text(Byte(), utf8: false));             // SX_SCALAR
                case 23: return Seen(Text(Byte(), utf8: true));              // SX_UTF8STR
                case 24: return Seen(Text(Length32(), utf8: true));          // SX_LUTF8STR
                case 5: case 14: case 31: return Seen(null);                 // SX_UNDEF, SX_SV_UNDEF, SX_SVUNDEF_ELEM
                case 15: case 34: return Seen(true);                         // SX_SV_YES, SX_BOOLEAN_TRUE
                case 16: case 35: return Seen(false);                        // SX_SV_NO, SX_BOOLEAN_FALSE
                case 8: return Seen((long)Byte() - 128);                     // SX_BYTE
                case 9: return Seen((long)I32Network());                     // SX_NETINT
                case 6: // SX_INTEGER: a native IV
                    if (_network) throw Error("a native integer (SX_INTEGER) in a network-order image");
                    return Seen(BitConverter.ToInt64(Bytes(8, "integer"), 0));
                case 7: // SX_DOUBLE: a native NV
                    if (_network) throw Error("a native double (SX_DOUBLE) in a network-order image");
                    return Seen(BitConverter.ToDouble(Bytes(8, "double"), 0));
                case 4: // SX_REF
                {
                    int slot = Reserve();
                    object? target = Value(depth + 1, out bool targetIsRef);
                    if (!(target is List<object?>) && !(target is OrderedDictionary) || targetIsRef)
                        throw Error($"a reference to a scalar or to another reference at offset {at}, which has no plain .NET form");
                    _seen[slot] = target;
                    isRef = true;
                    return target;
                }
                case 2: // SX_ARRAY
                {
                    long count = Length32();
                    if (count > _end - _pos) throw Error($"an array declares {count} elements, more than the {_end - _pos} bytes left");
                    var list = new List<object?>((int)count);
                    Seen(list);
                    _open.Add(list);
                    for (long i = 0; i < count; i++) list.Add(Value(depth + 1, out _));
                    _open.Remove(list);
                    return list;
                }
                case 3: // SX_HASH
                case 25: // SX_FLAG_HASH
                {
                    bool flagged = tag == 25;
                    if (flagged)
                    {
                        byte hashFlags = Byte();
                        if ((hashFlags & ~1) != 0) throw Error($"hash flags 0x{hashFlags:x2} are not known");
                    }
                    long count = Length32();
                    if (count > (_end - _pos) / 5) throw Error($"a hash declares {count} pairs, more than the {_end - _pos} bytes left hold");
                    var map = new OrderedDictionary((int)count);
                    Seen(map);
                    _open.Add(map);
                    for (long i = 0; i < count; i++)
                    {
                        object? value = Value(depth + 1, out _);
                        byte keyFlags = flagged ? Byte() : (byte)0;
                        string key = Key(keyFlags);
                        if (map.Contains(key)) throw Error($"the hash key '{key}' appears twice");
                        map.Add(key, value);
                    }
                    _open.Remove(map);
                    return map;
                }
                case 17: case 18: throw Refused(tag, at, "a blessed object (" + ClassName(tag) + ")");
                case 19: throw Refused(tag, at, "an object stored by a STORABLE_freeze hook");
                case 20: case 28: throw Refused(tag, at, "an overloaded reference");
                case 11: case 12: case 13: case 21: case 22: throw Refused(tag, at, "a tied variable");
                case 26: throw Refused(tag, at, "a code reference");
                case 27: throw Refused(tag, at, "a weak reference");
                case 29: case 30: throw Refused(tag, at, "a v-string");
                case 32: throw Refused(tag, at, "a regexp");
                case 33: throw Refused(tag, at, "a large object (over 2 GB)");
                default: throw Error($"unknown tag {tag} at offset {at}");
            }
        }

        private string Key(byte flags)
        {
            const byte Utf8 = 0x01, WasUtf8 = 0x02, IsSv = 0x08;
            if ((flags & IsSv) != 0) throw Error("a hash key stored as a scalar (restricted hashes are not plain data)");
            byte[] bytes = Bytes(Length32(), "hash key");
            if ((flags & Utf8) != 0) return Strict(bytes, "a hash key");
            // A character key Perl could downgrade to Latin-1: its characters are these bytes.
            if ((flags & WasUtf8) != 0)
            {
                var chars = new char[bytes.Length];
                for (int i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
                return new string(chars);
            }
            foreach (byte b in bytes)
                if (b >= 0x80)
                    throw Error("a hash key is a non-ASCII byte string (octets, not characters): it has no faithful .NET string form");
            return Encoding.ASCII.GetString(bytes);
        }

        private string ClassName(byte tag)
        {
            try
            {
                if (tag == 17)
                {
                    int length = Byte();
                    if (length >= 0x80) length = (int)Length32();
                    return Encoding.ASCII.GetString(Bytes(length, "class name"));
                }
            }
            catch (MemcachedSerializationException) { }
            return tag == 17 ? "class unknown" : "class named by index";
        }

        private object Text(long length, bool utf8)
        {
            byte[] bytes = Bytes(length, "string");
            if (utf8) return Strict(bytes, "a character string");
            foreach (byte b in bytes)
                if (b >= 0x80) return bytes; // Perl octets: binary, or text in an encoding it does not say
            return Encoding.ASCII.GetString(bytes);
        }

        private string Strict(byte[] bytes, string what)
        {
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new MemcachedSerializationException($"{Family}: {what} marked UTF-8 is not valid UTF-8.", e);
            }
        }

        private object? Seen(object? value)
        {
            _seen.Add(value);
            return value;
        }

        private int Reserve()
        {
            _seen.Add(null);
            return _seen.Count - 1;
        }

        private long Length32()
        {
            long n = _network ? (uint)I32Network() : BitConverter.ToUInt32(Bytes(4, "length"), 0);
            if (n > _end - _pos) throw Error($"a length of {n} is more than the {_end - _pos} bytes left");
            return n;
        }

        /// <summary>Object tags are written as I32 in the image's order.</summary>
        private long I32() => _network ? I32Network() : BitConverter.ToInt32(Bytes(4, "tag"), 0);

        private int I32Network()
        {
            byte[] b = Bytes(4, "integer");
            return b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
        }

        private byte[] Bytes(long count, string what)
        {
            if (count < 0 || count > _end - _pos) throw Error($"a {what} of {count} bytes is more than the {_end - _pos} bytes left (truncated?)");
            var bytes = new byte[count];
            Buffer.BlockCopy(_data, _pos, bytes, 0, (int)count);
            _pos += (int)count;
            return bytes;
        }

        private byte Byte()
        {
            if (_pos >= _end) throw Error("the image ends early (truncated)");
            return _data[_pos++];
        }

        private MemcachedSerializationException Refused(byte tag, int at, string what) =>
            new MemcachedSerializationException($"{Family}: the value holds {what} (tag {tag} at offset {at}), which is not plain data; " +
                "it is refused rather than recreated. Read it with -AsByteArray, or store plain data (scalars, array and hash references).");

        private MemcachedSerializationException Error(string problem) => new MemcachedSerializationException($"{Family}: {problem}.");
    }
}
