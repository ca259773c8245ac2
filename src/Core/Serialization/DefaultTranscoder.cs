using System;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// The flags convention shared with pymemcache, python-memcached and pylibmc, plus JSON and CliXml flags of our own
    /// (docs/FLAGS.md). Writes: string as UTF-8 text; byte[] and ArraySegment of byte as raw bytes; integers, enums and
    /// bool as ASCII decimal (bool as "1"/"0", as pylibmc does); char, dates, GUIDs, TimeSpan, Uri, Version as text;
    /// <see cref="CliXmlText"/> as CliXml; everything else (null, floating-point numbers, dictionaries, sequences,
    /// objects) as JSON. Reads every flag of that table, pickles included, and returns the stored bytes for any other
    /// flags. Thread-safe once configured.
    /// </summary>
    public sealed class DefaultTranscoder : ITranscoder
    {
        public const int DefaultMaxDecompressedSize = 64 * 1024 * 1024;


        /// <summary>
        /// Encoded values longer than this many bytes are zlib-compressed (flag 8), and stored compressed only when that
        /// makes them smaller. Zero or negative, the default, never compresses: pymemcache's default serde cannot read
        /// flag 8 (it decodes compressed text as UTF-8 and fails), and python-memcached and pylibmc do not compress
        /// unless asked either. 1024 is a good value once every reader decompresses.
        /// </summary>
        public int CompressionThreshold { get; set; }

        /// <summary>A compressed value that inflates beyond this many bytes is refused instead of exhausting memory.</summary>
        public int MaxDecompressedSize { get; set; } = DefaultMaxDecompressedSize;

        /// <summary>Deepest nesting written and read as JSON.</summary>
        public int MaxJsonDepth { get; set; } = JsonValueWriter.DefaultMaxDepth;

        /// <summary>Applied to the value and, inside JSON, to every nested value before it is encoded; see
        /// <see cref="JsonValueWriter.ValueAdapter"/>. The PowerShell module unwraps PSObjects with it.</summary>
        public Func<object, object?>? ValueAdapter { get; set; }

        public EncodedValue Encode(object? value)
        {
            if (value != null && ValueAdapter != null) value = ValueAdapter(value);
            switch (value)
            {
                case byte[] bytes when bytes.GetType() == typeof(byte[]): // not sbyte[] or byte-enum arrays, which the CLR lets match
                    return MaybeCompress(new ArraySegment<byte>(bytes), ValueFlags.Bytes);
                case ArraySegment<byte> segment:
                    return MaybeCompress(segment.Array == null ? new ArraySegment<byte>(Array.Empty<byte>()) : segment, ValueFlags.Bytes);
                case string text:
                    return MaybeCompress(Utf8(text, "string"), ValueFlags.Text);
                case CliXmlText xml:
                    return MaybeCompress(Utf8(xml.Xml, "CliXml text"), ValueFlags.CliXml);
                case bool b:
                    // Never compressed, like every integer: memcached's incr/decr work on the plain digits.
                    return new EncodedValue(new[] { (byte)(b ? '1' : '0') }, ValueFlags.Integer);
            }
            if (value != null && JsonValueWriter.TryFormatInteger(value, out string digits))
                return new EncodedValue(Encoding.ASCII.GetBytes(digits), ValueFlags.Integer);
            if (value != null && JsonValueWriter.TryFormatAsString(value, out string formatted))
                return MaybeCompress(Utf8(formatted, value.GetType().Name), ValueFlags.Text);

            var writer = new JsonValueWriter { MaxDepth = MaxJsonDepth, ValueAdapter = ValueAdapter };
            return MaybeCompress(new ArraySegment<byte>(writer.WriteUtf8(value, rootAdapted: true)), ValueFlags.Json);
        }

        public object? Decode(ArraySegment<byte> data, uint flags)
        {
            if (data.Array == null) data = new ArraySegment<byte>(Array.Empty<byte>());
            if (!ValueFlags.IsKnown(flags)) return Copy(data);

            ArraySegment<byte> payload = ValueFlags.IsCompressed(flags)
                ? new ArraySegment<byte>(ZlibCodec.Decompress(data, MaxDecompressedSize))
                : data;

            switch (ValueFlags.WithoutCompression(flags))
            {
                case ValueFlags.Bytes:
                    return ValueFlags.IsCompressed(flags) ? payload.Array : Copy(payload);
                case ValueFlags.Text:
                    return Utf8Text(payload, flags);
                case ValueFlags.Integer:
                case ValueFlags.Long:
                    return DecimalInteger.Parse(payload, $"A value with flags {flags} ({ValueFlags.Describe(flags)})");
                case ValueFlags.Pickle:
                    return PickleReader.Read(payload);
                case ValueFlags.Json:
                    return new JsonValueReader { MaxDepth = MaxJsonDepth }.Read(Utf8Text(payload, flags));
                case ValueFlags.CliXml:
                    return new CliXmlText(Utf8Text(payload, flags));
                default:
                    return Copy(data); // unreachable: IsKnown covers every case above
            }
        }

        private EncodedValue MaybeCompress(ArraySegment<byte> payload, uint flags)
        {
            if (CompressionThreshold <= 0 || payload.Count <= CompressionThreshold) return new EncodedValue(payload, flags);
            byte[] compressed = ZlibCodec.Compress(payload);
            return compressed.Length < payload.Count
                ? new EncodedValue(compressed, flags | ValueFlags.Compressed)
                : new EncodedValue(payload, flags);
        }

        private static ArraySegment<byte> Utf8(string text, string what)
        {
            try
            {
                return new ArraySegment<byte>(StrictUtf8.GetBytes(text));
            }
            catch (EncoderFallbackException e)
            {
                throw new MemcachedSerializationException(
                    $"The {what} holds an unpaired surrogate at index {e.Index}, which has no UTF-8 form.", e);
            }
        }

        private static string Utf8Text(ArraySegment<byte> payload, uint flags)
        {
            try
            {
                return StrictUtf8.GetString(payload.Array!, payload.Offset, payload.Count);
            }
            catch (DecoderFallbackException e)
            {
                throw new MemcachedSerializationException(
                    $"A value with flags {flags} ({ValueFlags.Describe(flags)}) is not valid UTF-8 (byte {e.Index}); its raw bytes can still be read without decoding.", e);
            }
        }

        private static byte[] Copy(ArraySegment<byte> data)
        {
            var copy = new byte[data.Count];
            if (data.Count > 0) Buffer.BlockCopy(data.Array!, data.Offset, copy, 0, data.Count);
            return copy;
        }
    }
}
