using System;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// The convention of Perl's Cache::Memcached (Debian libcache-memcached-perl 1.30) and Cache::Memcached::Fast (0.28), which
    /// agree: a plain scalar is stored as its bytes with flags 0; a reference (array or hash) as <c>Storable::nfreeze</c>
    /// with F_STORABLE (1); F_COMPRESS (2) marks a gzip member (<c>Compress::Zlib::memGzip</c>) of the bytes beneath, written
    /// only when the client was given a <c>compress_threshold</c>. Cache::Memcached::Fast with <c>utf8 =&gt; 1</c> also sets
    /// F_UTF8 (4) on a character string it stored as UTF-8 (both clients ignore the bit otherwise). See docs/FLAGS.md,
    /// "Perl Cache::Memcached and Cache::Memcached::Fast: flags and formats".
    /// </summary>
    /// <remarks>
    /// Perl has one kind of scalar, so numbers written here come back from a read as their text (as Perl stores them), and
    /// flag-0 bytes read as a <c>string</c> when they are valid UTF-8 and as <c>byte[]</c> otherwise.
    /// </remarks>
    public sealed class PerlCacheMemcachedTranscoder : ITranscoder
    {
        /// <summary>F_STORABLE: the bytes are a Storable image of a reference.</summary>
        public const uint Storable = 0x1;

        /// <summary>F_COMPRESS: the bytes are a gzip member of the value beneath.</summary>
        public const uint Compressed = 0x2;

        /// <summary>Cache::Memcached::Fast's F_UTF8: a character string, stored as UTF-8.</summary>
        public const uint Utf8 = 0x4;


        /// <summary>Values at least this long are gzipped when that saves 20% (Cache::Memcached's <c>compress_threshold</c>
        /// and COMPRESS_SAVINGS); 0, the clients' default, never compresses.</summary>
        public int CompressionThreshold { get; set; }

        /// <summary>The most bytes a compressed value may inflate to.</summary>
        public int MaxDecompressedSize { get; set; } = DefaultTranscoder.DefaultMaxDecompressedSize;

        /// <summary>
        /// A string as UTF-8 (flags 0 when ASCII, else F_UTF8), a byte[] as it is, an integer or double as the decimal text
        /// Perl reads as that number, a list or dictionary as nfreeze (F_STORABLE).
        /// </summary>
        /// <exception cref="MemcachedSerializationException">null, bool and anything else with no Perl scalar or reference form.</exception>
        public EncodedValue Encode(object? value)
        {
            byte[] bytes;
            uint flags = 0;
            switch (value)
            {
                case string s:
                    try
                    {
                        bytes = StrictUtf8.GetBytes(s);
                    }
                    catch (EncoderFallbackException e)
                    {
                        throw new MemcachedSerializationException("Perl Cache::Memcached: the string holds an unpaired UTF-16 surrogate, which has no UTF-8 form.", e);
                    }
                    if (!PerlStorableWriter.IsAscii(s)) flags = Utf8;
                    break;
                case byte[] b: bytes = b; break;
                case ArraySegment<byte> segment:
                    bytes = new byte[segment.Count];
                    Buffer.BlockCopy(segment.Array!, segment.Offset, bytes, 0, segment.Count);
                    break;
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _: case BigInteger _:
                    bytes = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, "{0}", value));
                    break;
                case double d: bytes = Encoding.ASCII.GetBytes(PerlStorableWriter.PerlNumberText(d, "$")); break;
                case float f: bytes = Encoding.ASCII.GetBytes(PerlStorableWriter.PerlNumberText(f, "$")); break;
                case IDictionary _:
                case IList _:
                    bytes = PerlStorableWriter.Write(value);
                    flags = Storable;
                    break;
                case null:
                    throw new MemcachedSerializationException("Perl Cache::Memcached cannot store undef (it stores an empty string and warns); " +
                        "store \"\" or delete the key.");
                case bool _:
                    throw new MemcachedSerializationException("Perl Cache::Memcached has no boolean scalar: true would be stored as \"1\" and false as \"\", " +
                        "which read back as text. Store the text or number the Perl program expects.");
                default:
                    throw new MemcachedSerializationException($"Perl Cache::Memcached has no form for a {value.GetType().FullName}: " +
                        "store a string, number, byte[], list or dictionary.");
            }
            if (CompressionThreshold > 0 && bytes.Length >= CompressionThreshold)
            {
                byte[] compressed = GzipCodec.Compress(bytes);
                if (compressed.Length < bytes.Length * 0.8)
                {
                    bytes = compressed;
                    flags |= Compressed;
                }
            }
            return new EncodedValue(bytes, flags);
        }

        /// <summary>Inflates (F_COMPRESS), then thaws (F_STORABLE) as plain data, or reads a scalar: F_UTF8 as UTF-8 text;
        /// otherwise text when the bytes are valid UTF-8, else the bytes. Bits beyond these three are not the Perl clients':
        /// such a value comes back as its stored bytes.</summary>
        public object? Decode(ArraySegment<byte> data, uint flags)
        {
            if ((flags & ~(Storable | Compressed | Utf8)) != 0) return Copy(data);
            if ((flags & Compressed) != 0) data = new ArraySegment<byte>(GzipCodec.Decompress(data, MaxDecompressedSize, "Perl Cache::Memcached"));
            if ((flags & Storable) != 0) return PerlStorableReader.Read(data);
            if (data.Count == 0) return string.Empty;
            try
            {
                return StrictUtf8.GetString(data.Array!, data.Offset, data.Count);
            }
            catch (DecoderFallbackException e)
            {
                if ((flags & Utf8) != 0)
                    throw new MemcachedSerializationException("Perl Cache::Memcached::Fast: the value is marked UTF-8 (flag 4) but is not valid UTF-8.", e);
                return Copy(data);
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
