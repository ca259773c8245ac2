using System;

namespace MemcachePS.Core
{
    /// <summary>One write in a multi-key store: the key, a value (object for the transcoder, or raw bytes and flags), mode, lifetime, CAS.</summary>
    public sealed class StoreRequest
    {
        public StoreRequest(string key, object? value, StoreMode mode = StoreMode.Set, Expiration expiration = default, ulong cas = 0)
        {
            Key = key;
            Value = value;
            Mode = mode;
            Expiration = expiration;
            Cas = cas;
        }

        /// <summary>A write of bytes already encoded, with their client flags.</summary>
        public static StoreRequest Raw(string key, ArraySegment<byte> data, uint flags, StoreMode mode = StoreMode.Set, Expiration expiration = default, ulong cas = 0) =>
            new StoreRequest(key, null, mode, expiration, cas) { RawData = data, RawFlags = flags, IsRaw = true };

        public string Key { get; }
        public object? Value { get; }
        public StoreMode Mode { get; }
        public Expiration Expiration { get; }
        public ulong Cas { get; }
        internal bool IsRaw { get; private set; }
        internal ArraySegment<byte> RawData { get; private set; }
        internal uint RawFlags { get; private set; }
    }
}
