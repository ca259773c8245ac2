using System;
using System.Globalization;
using System.Text;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// The flags and formats of PHP's pecl memcache extension (the <c>Memcache</c> class), checked against Debian's
    /// php-memcache 8.0 (pecl memcache 8.0, source tag 8.0) with its default settings (docs/FLAGS.md, "php-memcache:
    /// flags and formats"). Bit 0 (1): <c>serialize()</c> data; bit 1 (2): a zlib stream (RFC 1950, no length prefix);
    /// bits 8-11 the scalar type: 0x000 string, 0x100 bool (<c>"1"</c>/<c>"0"</c>), 0x300 int (decimal), 0x700 float
    /// (text; PHP itself writes <c>%.14g</c>, which loses digits); bits 16 and up are the application's and are ignored.
    /// </summary>
    /// <remarks>
    /// Writes as <c>Memcache::set</c> does: strings and byte arrays as 0, integers 0x300, doubles 0x700 (in shortest
    /// round-trip text, so PHP reads exactly the same double), booleans 0x100, and null, lists and dictionaries as
    /// <c>serialize()</c> (1); strings and serialized values of <see cref="CompressionThreshold"/> bytes or more are
    /// zlib-compressed (flag 2) when that saves at least <see cref="MinCompressionSavings"/>. Reads every value pecl
    /// memcache writes, compressed or not; as PHP does, a type code it does not know reads as a string. PHP objects,
    /// references and anything else that is not plain data are refused (<see cref="PhpSerializeReader"/>).
    /// Thread-safe once configured.
    /// </remarks>
    public sealed class PhpMemcacheTranscoder : ITranscoder
    {
        private const string Family = "php-memcache (pecl memcache)";
        private const uint Serialized = 0x1, Compressed = 0x2, TypeMask = 0x0F00;
        private const uint TypeString = 0x000, TypeBool = 0x100, TypeLong = 0x300, TypeDouble = 0x700;

        /// <summary>Strings and serialized values at least this long are compressed (<c>memcache.compress_threshold</c>,
        /// 20000 by default). Zero or less: never.</summary>
        public int CompressionThreshold { get; set; } = 20000;

        /// <summary>The fraction compression must save for the value to be stored compressed (pecl memcache's 0.2).</summary>
        public double MinCompressionSavings { get; set; } = 0.2;

        /// <summary>A compressed value that inflates to more than this many bytes is refused instead of exhausting memory.</summary>
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
                case bool b: return new EncodedValue(new[] { (byte)(b ? '1' : '0') }, TypeBool);
                case double d: return new EncodedValue(Encoding.ASCII.GetBytes(PhpNumbers.FormatSerialized(d)), TypeDouble);
                case float f: return new EncodedValue(Encoding.ASCII.GetBytes(PhpNumbers.FormatSerialized(f)), TypeDouble);
            }
            if (value != null && PhpSerializeWriter.TryInteger(value, Family, "$", out long integer))
                return new EncodedValue(Encoding.ASCII.GetBytes(integer.ToString(CultureInfo.InvariantCulture)), TypeLong);
            return MaybeCompress(PhpSerializeWriter.Write(value, Family, MaxDepth), Serialized);
        }

        public object? Decode(ArraySegment<byte> data, uint flags)
        {
            if (data.Array == null) data = new ArraySegment<byte>(Array.Empty<byte>());
            ArraySegment<byte> payload = (flags & Compressed) != 0
                ? new ArraySegment<byte>(ZlibCodec.Decompress(data, MaxDecompressedSize, $"{Family}: the compressed value (flags {flags})"))
                : data;
            if ((flags & Serialized) != 0) return PhpSerializeReader.Read(payload, Family, MaxDepth);
            switch (flags & TypeMask)
            {
                case TypeLong:
                    return PhpNumbers.ReadInteger(payload, Family, flags);
                case TypeDouble:
                    return PhpNumbers.ReadDouble(payload, Family, flags);
                case TypeBool:
                    return payload.Count == 1 && payload.Array![payload.Offset] == (byte)'1';
                default: // TypeString, and any type code pecl memcache does not know: it reads those as strings too
                    return PhpSerializeReader.StringOrBytes(payload.Array!, payload.Offset, payload.Count);
            }
        }

        private EncodedValue MaybeCompress(byte[] payload, uint flags)
        {
            if (CompressionThreshold <= 0 || payload.Length < CompressionThreshold) return new EncodedValue(payload, flags);
            byte[] zlib = ZlibCodec.Compress(new ArraySegment<byte>(payload));
            // pecl memcache gives zlib a buffer of len * (1 - savings) bytes: a stream that does not fit is stored uncompressed.
            if (zlib.Length > (long)(payload.Length * (1 - MinCompressionSavings))) return new EncodedValue(payload, flags);
            return new EncodedValue(zlib, flags | Compressed);
        }


    }
}
