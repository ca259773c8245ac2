using System;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// A value could not be turned into bytes (a cycle, a NaN in JSON, an unpaired surrogate), or stored bytes could not be
    /// read as their flags say (corrupt zlib, invalid UTF-8, a pickle that asks to run code). The connection is unaffected.
    /// </summary>
    public class MemcachedSerializationException : MemcachedException
    {
        public MemcachedSerializationException(string message) : base(message) { }
        public MemcachedSerializationException(string message, Exception? inner) : base(message, inner) { }
    }
}
