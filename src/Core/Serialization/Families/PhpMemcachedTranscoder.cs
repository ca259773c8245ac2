using System;
using System.Globalization;
using System.Text;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// The flags and formats of PHP's php-memcached extension (the <c>Memcached</c> class, over libmemcached), checked
    /// against Debian's php-memcached 3.2.0 with its default options (docs/FLAGS.md, "php-memcached: flags and formats").
    /// The low four bits of the flags give the PHP type: 0 string, 1 int (decimal), 2 float (text), 3 bool (<c>"1"</c> or
    /// empty), 4 <c>serialize()</c>, 5 igbinary, 6 JSON, 7 msgpack. Bits 4-15 are the extension's own: 16 compressed,
    /// with 32 (zlib) or 64 (FastLZ); a compressed value starts with its uncompressed length (32 bits, little-endian).
    /// Bits 16-31 are the application's (<c>OPT_USER_FLAGS</c>) and are ignored.
    /// </summary>
    /// <remarks>
    /// Writes as <c>Memcached::set</c> does with the default serializer (php): strings and byte arrays as type 0, integers
    /// 1, doubles 2, booleans 3, and null, lists and dictionaries as <c>serialize()</c> (4); strings and serialized values
    /// of <see cref="CompressionThreshold"/> bytes or more are zlib-compressed when that makes them at least
    /// <see cref="CompressionFactor"/> times smaller (PHP writes FastLZ by default and reads both). Reads types 0-4 and 6
    /// (JSON: objects as dictionaries) and both compressions; igbinary and msgpack are refused with an error that says so,
    /// as are PHP objects, references and anything else that is not plain data (<see cref="PhpSerializeReader"/>).
    /// Type codes above 7 decode as the stored bytes. Thread-safe once configured.
    /// </remarks>
    public sealed class PhpMemcachedTranscoder : ITranscoder
    {
        private const string Family = "php-memcached";
        private const uint TypeMask = 0xF;
        private const uint TypeString = 0, TypeLong = 1, TypeDouble = 2, TypeBool = 3, TypeSerialized = 4, TypeIgbinary = 5, TypeJson = 6, TypeMsgpack = 7;
        private const uint Compressed = 1 << 4, Zlib = 1 << 5, FastLz = 1 << 6, Zstd = 1 << 7;
        private const int LengthPrefix = 4;

        /// <summary>Strings and serialized values at least this long are compressed (php-memcached's
        /// <c>memcached.compression_threshold</c>, 2000 by default). Zero or less: never.</summary>
        public int CompressionThreshold { get; set; } = 2000;

        /// <summary>A value is stored compressed only when it is more than this many times its compressed size
        /// (<c>memcached.compression_factor</c>, 1.3 by default).</summary>
        public double CompressionFactor { get; set; } = 1.3;

        /// <summary>A compressed value that declares or inflates to more than this many bytes is refused before allocating.</summary>
        public int MaxDecompressedSize { get; set; } = DefaultTranscoder.DefaultMaxDecompressedSize;

        /// <summary>Deepest nesting of arrays written and read.</summary>
        public int MaxDepth { get; set; } = PhpSerializeReader.DefaultMaxDepth;

        public EncodedValue Encode(object? value)
        {
            switch (value)
            {
                case string s: return MaybeCompress(PhpSerializeWriter.Utf8(s, Family, "$"), TypeString);
                case byte[] bytes when bytes.GetType() == typeof(byte[]): return MaybeCompress(bytes, TypeString);
                case ArraySegment<byte> segment: return MaybeCompress(ByteSegments.ToArray(segment), TypeString);
                case bool b: return new EncodedValue(b ? new[] { (byte)'1' } : Array.Empty<byte>(), TypeBool);
                case double d: return new EncodedValue(Encoding.ASCII.GetBytes(FormatDouble(d)), TypeDouble);
                case float f: return new EncodedValue(Encoding.ASCII.GetBytes(FormatDouble(f)), TypeDouble);
            }
            if (value != null && PhpSerializeWriter.TryInteger(value, Family, "$", out long integer))
                return new EncodedValue(Encoding.ASCII.GetBytes(integer.ToString(CultureInfo.InvariantCulture)), TypeLong);
            return MaybeCompress(PhpSerializeWriter.Write(value, Family, MaxDepth), TypeSerialized);
        }

        public object? Decode(ArraySegment<byte> data, uint flags)
        {
            if (data.Array == null) data = new ArraySegment<byte>(Array.Empty<byte>());
            uint type = flags & TypeMask;
            if (type > TypeMsgpack) return ByteSegments.ToArray(data);
            ArraySegment<byte> payload = (flags & Compressed) != 0 ? new ArraySegment<byte>(Decompress(data, flags)) : data;
            switch (type)
            {
                case TypeString:
                    return PhpSerializeReader.StringOrBytes(payload.Array!, payload.Offset, payload.Count);
                case TypeLong:
                    return PhpNumbers.ReadInteger(payload, Family, flags);
                case TypeDouble:
                    return PhpNumbers.ReadDouble(payload, Family, flags);
                case TypeBool:
                    return payload.Count > 0 && payload.Array![payload.Offset] == (byte)'1';
                case TypeSerialized:
                    return PhpSerializeReader.Read(payload, Family, MaxDepth);
                case TypeJson:
                {
                    object text = PhpSerializeReader.StringOrBytes(payload.Array!, payload.Offset, payload.Count);
                    if (!(text is string json)) throw new MemcachedSerializationException($"{Family}: a value with flags {flags} (JSON) is not UTF-8.");
                    return new JsonValueReader { MaxDepth = MaxDepth }.Read(json);
                }
                case TypeIgbinary:
                    throw new MemcachedSerializationException($"{Family}: the value (flags {flags}) was written with the igbinary serializer " +
                        "(Memcached::SERIALIZER_IGBINARY), which is not read. Have PHP store it with the default serializer (php) or JSON.");
                default: // TypeMsgpack
                    throw new MemcachedSerializationException($"{Family}: the value (flags {flags}) was written with the msgpack serializer " +
                        "(Memcached::SERIALIZER_MSGPACK), which is not read. Have PHP store it with the default serializer (php) or JSON.");
            }
        }

        /// <summary>php-memcached's text for a double: what its g_fmt writes for infinities and NaN, else the shortest round-trip text.</summary>
        private static string FormatDouble(double value) =>
            double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : double.IsNegativeInfinity(value) ? "-Infinity" : PhpNumbers.FormatFinite(value);

        private EncodedValue MaybeCompress(byte[] payload, uint type)
        {
            if (CompressionThreshold <= 0 || payload.Length == 0 || payload.Length < CompressionThreshold) return new EncodedValue(payload, type);
            byte[] zlib = ZlibCodec.Compress(new ArraySegment<byte>(payload));
            if (payload.Length <= zlib.Length * CompressionFactor) return new EncodedValue(payload, type);
            var stored = new byte[LengthPrefix + zlib.Length];
            WriteLength(stored, payload.Length);
            Buffer.BlockCopy(zlib, 0, stored, LengthPrefix, zlib.Length);
            return new EncodedValue(stored, type | Compressed | Zlib);
        }

        private byte[] Decompress(ArraySegment<byte> data, uint flags)
        {
            if (data.Count < LengthPrefix)
                throw new MemcachedSerializationException($"{Family}: a compressed value (flags {flags}) has {data.Count} bytes, too few for its 4-byte length.");
            byte[] b = data.Array!;
            uint declared = (uint)(b[data.Offset] | b[data.Offset + 1] << 8 | b[data.Offset + 2] << 16 | b[data.Offset + 3] << 24);
            if (declared > (uint)MaxDecompressedSize)
                throw new MemcachedSerializationException($"{Family}: a compressed value (flags {flags}) declares {declared} bytes, more than the {MaxDecompressedSize} allowed (MaxDecompressedSize).");
            var block = new ArraySegment<byte>(b, data.Offset + LengthPrefix, data.Count - LengthPrefix);
            if ((flags & FastLz) != 0) return Families.FastLz.Decompress(block, (int)declared, Family);
            if ((flags & Zlib) != 0)
            {
                byte[] inflated = ZlibCodec.Decompress(block, (int)declared, $"{Family}: the zlib-compressed value (flags {flags})");
                if (inflated.Length != declared)
                    throw new MemcachedSerializationException($"{Family}: a compressed value (flags {flags}) inflates to {inflated.Length} bytes, not the {declared} it declares.");
                return inflated;
            }
            if ((flags & Zstd) != 0)
                throw new MemcachedSerializationException($"{Family}: the value (flags {flags}) is zstd-compressed (php-memcached 3.3+ with OPT_COMPRESSION_TYPE zstd), which is not read.");
            throw new MemcachedSerializationException($"{Family}: the value (flags {flags}) is marked compressed but names no compression this client knows (zlib 32, FastLZ 64).");
        }

        private static void WriteLength(byte[] target, int length)
        {
            target[0] = (byte)length;
            target[1] = (byte)(length >> 8);
            target[2] = (byte)(length >> 16);
            target[3] = (byte)(length >> 24);
        }


    }
}
