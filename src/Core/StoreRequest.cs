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

        /// <summary>
        /// An append or prepend of raw bytes that is meant only for the item as it was read with <paramref name="observedCas"/>
        /// (after its flags were checked, say). The meta protocol holds the join to that token on the server (EXISTS when
        /// the item changed in between); the classic protocol cannot (its <c>cas</c> command always sets, which would
        /// replace the item's lifetime), so there the join is sent without the token: see <see cref="CasIsGuardOnly"/>.
        /// </summary>
        public static StoreRequest GuardedJoin(string key, ArraySegment<byte> piece, uint flags, StoreMode mode, ulong observedCas)
        {
            if (mode != StoreMode.Append && mode != StoreMode.Prepend)
                throw new ArgumentException("A guarded join is an Append or a Prepend.", nameof(mode));
            return new StoreRequest(key, null, mode, default, observedCas) { RawData = piece, RawFlags = flags, IsRaw = true, CasIsGuardOnly = true };
        }

        /// <summary>The CAS token guards a join where the protocol can (meta, in memory) and is left out where it cannot (classic).</summary>
        public bool CasIsGuardOnly { get; private set; }

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
