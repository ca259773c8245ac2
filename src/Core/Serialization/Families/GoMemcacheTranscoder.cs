using System;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// The convention of Go's gomemcache (github.com/bradfitz/gomemcache): an <c>Item</c> is the application's own bytes and
    /// flags, stored and read verbatim; the library never serializes, compresses or interprets either. So this transcoder
    /// reads every value, whatever its flags, as the stored <c>byte[]</c> (no text decoding, no inflating), and writes a
    /// <c>byte[]</c> as it is and a <c>string</c> as its UTF-8 bytes (what Go's <c>[]byte(s)</c> gives), both with flags 0.
    /// Anything else is refused: a Go program reads bytes, and the form a number or a structure should take in them is the
    /// program's choice (strconv text, JSON, gob), which this transcoder cannot know. See docs/FLAGS.md.
    /// </summary>
    public sealed class GoMemcacheTranscoder : ITranscoder
    {

        /// <summary>Encodes a <c>byte[]</c>, an <see cref="ArraySegment{T}"/> of bytes or a <c>string</c> (UTF-8) with flags 0.</summary>
        /// <exception cref="MemcachedSerializationException">Any other value, or a string with an unpaired surrogate.</exception>
        public EncodedValue Encode(object? value)
        {
            switch (value)
            {
                case byte[] bytes:
                    return new EncodedValue(bytes, 0);
                case ArraySegment<byte> segment:
                    return new EncodedValue(segment, 0);
                case string text:
                    try
                    {
                        return new EncodedValue(StrictUtf8.GetBytes(text), 0);
                    }
                    catch (EncoderFallbackException e)
                    {
                        throw new MemcachedSerializationException("GoMemcache: the string holds an unpaired UTF-16 surrogate, which has no UTF-8 form.", e);
                    }
                default:
                    throw new MemcachedSerializationException(
                        $"GoMemcache stores bytes only (a Go program reads an Item's []byte), so a {(value == null ? "null" : value.GetType().FullName)} " +
                        "has no form there. Give a string (stored as UTF-8) or a byte[], in the form the Go program expects (e.g. decimal text, JSON).");
            }
        }

        /// <summary>The stored bytes, whatever the flags (gomemcache hands both to the application untouched).</summary>
        public object? Decode(ArraySegment<byte> data, uint flags)
        {
            var copy = new byte[data.Count];
            if (data.Count > 0) Buffer.BlockCopy(data.Array!, data.Offset, copy, 0, data.Count);
            return copy;
        }
    }
}
