using System;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// The convention of Java's spymemcached <c>SerializingTranscoder</c> (checked against Debian's libspymemcached-java
    /// 2.12.3): a String is its UTF-8 bytes with flags 0; Boolean, Integer, Long, Date, Byte, Float, Double and byte[] carry a
    /// type code in bits 8-11 (<see cref="SpecialBoolean"/> ... <see cref="SpecialByteArray"/>) over big-endian bytes with
    /// leading zero bytes dropped (<c>TranscoderUtils(true)</c>); every other object is Java serialization with
    /// <see cref="Serialized"/> (1); <see cref="Compressed"/> (2) marks a gzip member of the bytes, written when they are
    /// longer than 16384 bytes and smaller compressed. Java serialization is read as plain data only
    /// (<see cref="JavaSerializationReader"/>: boxed primitives, String, ArrayList, HashMap, LinkedHashMap); nothing is ever
    /// instantiated, and it is never written. See docs/FLAGS.md, "spymemcached: flags and formats".
    /// </summary>
    public sealed class SpymemcachedTranscoder : ITranscoder
    {
        /// <summary>Java serialization (<c>ObjectOutputStream</c>).</summary>
        public const uint Serialized = 1;
        /// <summary>A gzip member of the bytes beneath.</summary>
        public const uint Compressed = 2;
        /// <summary>The bits that hold the type code of a special type.</summary>
        public const uint SpecialMask = 0xff00;
        public const uint SpecialBoolean = 1 << 8;
        public const uint SpecialInt = 2 << 8;
        public const uint SpecialLong = 3 << 8;
        public const uint SpecialDate = 4 << 8;
        public const uint SpecialByte = 5 << 8;
        public const uint SpecialFloat = 6 << 8;
        public const uint SpecialDouble = 7 << 8;
        public const uint SpecialByteArray = 8 << 8;

        /// <summary>spymemcached's default compression threshold: values longer than this are gzipped if that is smaller.</summary>
        public const int DefaultCompressionThreshold = 16384;


        /// <summary>Values longer than this are compressed when that makes them smaller; 0 turns compression off.</summary>
        public int CompressionThreshold { get; set; } = DefaultCompressionThreshold;

        /// <summary>The most bytes a compressed value may inflate to.</summary>
        public int MaxDecompressedSize { get; set; } = DefaultTranscoder.DefaultMaxDecompressedSize;

        /// <summary>
        /// <c>string</c> (flags 0), <c>bool</c>, <c>int</c> (Integer), <c>long</c> (Long), <c>sbyte</c> (Byte), <c>float</c>,
        /// <c>double</c>, <c>byte[]</c> and <see cref="DateTimeOffset"/> (Date, whole milliseconds) as spymemcached writes them,
        /// so Java's <c>get()</c> returns the same Java type.
        /// </summary>
        /// <exception cref="MemcachedSerializationException">Anything else: spymemcached would Java-serialize it, which is not written here.</exception>
        public EncodedValue Encode(object? value)
        {
            byte[] bytes;
            uint flags;
            switch (value)
            {
                case string s:
                    try
                    {
                        bytes = StrictUtf8.GetBytes(s);
                    }
                    catch (EncoderFallbackException e)
                    {
                        throw new MemcachedSerializationException("spymemcached: the string holds an unpaired UTF-16 surrogate, which has no UTF-8 form.", e);
                    }
                    flags = 0;
                    break;
                case bool b: bytes = new[] { (byte)(b ? '1' : '0') }; flags = SpecialBoolean; break;
                case int n: bytes = Number(n, 4); flags = SpecialInt; break;
                case long n: bytes = Number(n, 8); flags = SpecialLong; break;
                case sbyte n: bytes = new[] { (byte)n }; flags = SpecialByte; break;
                case float f: bytes = Number(BitConverterSingleToInt32(f), 4); flags = SpecialFloat; break;
                case double d: bytes = Number(BitConverter.DoubleToInt64Bits(d), 8); flags = SpecialDouble; break;
                case byte[] b: bytes = b; flags = SpecialByteArray; break;
                case ArraySegment<byte> segment:
                    bytes = new byte[segment.Count];
                    Buffer.BlockCopy(segment.Array!, segment.Offset, bytes, 0, segment.Count);
                    flags = SpecialByteArray;
                    break;
                case DateTimeOffset date:
                    if (date.Ticks % TimeSpan.TicksPerMillisecond != 0)
                        throw new MemcachedSerializationException("spymemcached stores a date as a java.util.Date, in whole milliseconds; this one has a finer fraction, which would be lost.");
                    bytes = Number(date.ToUnixTimeMilliseconds(), 8);
                    flags = SpecialDate;
                    break;
                case null:
                    throw new MemcachedSerializationException("spymemcached cannot store null (its set() refuses it).");
                default:
                    throw new MemcachedSerializationException(
                        $"spymemcached would store a {value.GetType().FullName} as Java serialization (flag 1), which MemcachePS reads as plain data " +
                        "but does not write. Store a string (e.g. JSON), [int], [long], [double], [float], [sbyte], [bool], [DateTimeOffset] or byte[].");
            }
            if (CompressionThreshold > 0 && bytes.Length > CompressionThreshold)
            {
                byte[] compressed = GzipCodec.Compress(bytes);
                if (compressed.Length < bytes.Length)
                {
                    bytes = compressed;
                    flags |= Compressed;
                }
            }
            return new EncodedValue(bytes, flags);
        }

        /// <summary>As SerializingTranscoder.decode: inflate (2), then Java serialization (1), a special type (bits 8-11), or
        /// UTF-8 text. A type code spymemcached does not define, or other bits set, gives the stored bytes untouched.</summary>
        public object? Decode(ArraySegment<byte> data, uint flags)
        {
            if ((flags & ~(Serialized | Compressed | SpecialMask)) != 0) return Copy(data);
            uint special = flags & SpecialMask;
            if (special > SpecialByteArray) return Copy(data);
            if ((flags & Compressed) != 0) data = new ArraySegment<byte>(GzipCodec.Decompress(data, MaxDecompressedSize, "spymemcached"));
            if ((flags & Serialized) != 0) return JavaSerializationReader.Read(data);
            byte[] bytes = Copy(data);
            switch (special)
            {
                case 0:
                    try
                    {
                        return StrictUtf8.GetString(bytes);
                    }
                    catch (DecoderFallbackException e)
                    {
                        throw new MemcachedSerializationException("spymemcached: a String value (flags 0) is not valid UTF-8.", e);
                    }
                case SpecialBoolean:
                    if (bytes.Length != 1) throw Wrong("Boolean", bytes.Length, "1 byte");
                    return bytes[0] == (byte)'1';
                case SpecialInt: return (int)Decode(bytes, 4, "Integer");
                case SpecialLong: return Decode(bytes, 8, "Long");
                case SpecialDate: return DateTimeOffset.FromUnixTimeMilliseconds(Decode(bytes, 8, "Date"));
                case SpecialByte:
                    if (bytes.Length != 1) throw Wrong("Byte", bytes.Length, "1 byte");
                    return (sbyte)bytes[0];
                case SpecialFloat: return BitConverterInt32ToSingle((int)Decode(bytes, 4, "Float"));
                case SpecialDouble: return BitConverter.Int64BitsToDouble(Decode(bytes, 8, "Double"));
                default: return bytes; // SpecialByteArray
            }
        }

        private static long Decode(byte[] bytes, int max, string type)
        {
            if (bytes.Length > max) throw Wrong(type, bytes.Length, "at most " + max + " bytes");
            long value = 0;
            foreach (byte b in bytes) value = (value << 8) | b;
            return value;
        }

        /// <summary>Big-endian, leading zero bytes dropped (as TranscoderUtils(packZeros: true) writes; zero is no bytes).</summary>
        private static byte[] Number(long value, int width)
        {
            var full = new byte[width];
            for (int i = 0; i < width; i++) full[width - 1 - i] = (byte)(value >> (8 * i));
            int first = 0;
            while (first < width && full[first] == 0) first++;
            var packed = new byte[width - first];
            Buffer.BlockCopy(full, first, packed, 0, packed.Length);
            return packed;
        }

        private static int BitConverterSingleToInt32(float f) => BitConverter.ToInt32(BitConverter.GetBytes(f), 0);
        private static float BitConverterInt32ToSingle(int n) => BitConverter.ToSingle(BitConverter.GetBytes(n), 0);

        private static MemcachedSerializationException Wrong(string type, int length, string expected) =>
            new MemcachedSerializationException($"spymemcached: a {type} value must be {expected}, but it has {length}.");

        private static byte[] Copy(ArraySegment<byte> data)
        {
            var copy = new byte[data.Count];
            if (data.Count > 0) Buffer.BlockCopy(data.Array!, data.Offset, copy, 0, data.Count);
            return copy;
        }
    }
}
