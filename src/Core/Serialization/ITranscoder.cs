using System;

namespace MemcachePS.Core.Serialization
{
    /// <summary>Turns values into the bytes and flags memcached stores, and back.</summary>
    /// <remarks>Byte ranges are <see cref="ArraySegment{T}"/>: the core stays free of System.Memory, whose competing
    /// versions are a known source of load failures when several binary modules share a PowerShell session.</remarks>
    public interface ITranscoder
    {
        EncodedValue Encode(object? value);

        /// <summary>Decodes stored bytes by their flags. Unknown flags decode as the raw byte array, never an error.</summary>
        object? Decode(ArraySegment<byte> data, uint flags);
    }

    /// <summary>Bytes plus the client flags that say how to read them.</summary>
    public readonly struct EncodedValue
    {
        public EncodedValue(ArraySegment<byte> data, uint flags)
        {
            Data = data;
            Flags = flags;
        }

        public EncodedValue(byte[] data, uint flags) : this(new ArraySegment<byte>(data), flags) { }

        public ArraySegment<byte> Data { get; }
        public uint Flags { get; }
    }
}
