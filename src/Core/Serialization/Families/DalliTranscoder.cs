using System;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// The convention of Ruby's dalli (checked against Debian's ruby-dalli 3.0.6): flag bit 0x1 marks a Ruby Marshal 4.8
    /// stream (dalli marshals every value, strings and integers included, unless the call says <c>raw: true</c>), bit 0x2 a
    /// zlib stream (RFC 1950, <c>Zlib::Deflate.deflate</c>) of the bytes beneath, written by dalli for values of at least
    /// 4 KiB (<c>compression_min_size</c>). A value without bit 0x1 is what dalli returns as a binary String (ASCII-8BIT):
    /// read here as <c>byte[]</c>. Marshal is read as plain data only (<see cref="RubyMarshalReader"/>); objects are refused,
    /// never created. See docs/FLAGS.md, "Dalli: flags and formats".
    /// </summary>
    public sealed class DalliTranscoder : ITranscoder
    {
        /// <summary>dalli's FLAG_SERIALIZED: the bytes are <c>Marshal.dump</c> output.</summary>
        public const uint Serialized = 0x1;

        /// <summary>dalli's FLAG_COMPRESSED: the bytes are a zlib stream of the (maybe marshalled) value.</summary>
        public const uint Compressed = 0x2;

        /// <summary>dalli's default <c>compression_min_size</c>: 4 KiB.</summary>
        public const int DefaultCompressionThreshold = 4 * 1024;

        /// <summary>Values whose Marshal bytes are at least this long are compressed (as dalli does, whether or not that
        /// saves space); 0 turns compression off (dalli's <c>compress: false</c>).</summary>
        public int CompressionThreshold { get; set; } = DefaultCompressionThreshold;

        /// <summary>The most bytes a compressed value may inflate to.</summary>
        public int MaxDecompressedSize { get; set; } = DefaultTranscoder.DefaultMaxDecompressedSize;

        /// <summary>Marshals plain data as dalli's default does (flag 0x1), compressed (0x3) past the threshold.</summary>
        /// <exception cref="MemcachedSerializationException">A value with no plain Ruby form.</exception>
        public EncodedValue Encode(object? value)
        {
            byte[] bytes = RubyMarshalWriter.Write(value);
            uint flags = Serialized;
            if (CompressionThreshold > 0 && bytes.Length >= CompressionThreshold)
            {
                bytes = ZlibCodec.Compress(new ArraySegment<byte>(bytes));
                flags |= Compressed;
            }
            return new EncodedValue(bytes, flags);
        }

        /// <summary>Inflates (0x2), then reads Marshal (0x1) or returns the bytes (dalli's raw values). Other bits are not
        /// dalli's: such a value comes back as its stored bytes, untouched.</summary>
        public object? Decode(ArraySegment<byte> data, uint flags)
        {
            if ((flags & ~(Serialized | Compressed)) != 0) return Copy(data);
            if ((flags & Compressed) != 0)
            {
                try
                {
                    data = new ArraySegment<byte>(ZlibCodec.Decompress(data, MaxDecompressedSize));
                }
                catch (MemcachedSerializationException e)
                {
                    throw new MemcachedSerializationException("Dalli: " + e.Message, e);
                }
            }
            return (flags & Serialized) != 0 ? RubyMarshalReader.Read(data) : Copy(data);
        }

        private static byte[] Copy(ArraySegment<byte> data)
        {
            var copy = new byte[data.Count];
            if (data.Count > 0) Buffer.BlockCopy(data.Array!, data.Offset, copy, 0, data.Count);
            return copy;
        }
    }
}
