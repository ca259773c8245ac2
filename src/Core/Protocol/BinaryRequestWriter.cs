using System;

namespace MemcachePS.Core.Protocol
{
    /// <summary>
    /// Encodes binary-protocol requests: a 24-byte header (magic 0x80, opcode, key length, extras length, data type 0,
    /// vbucket 0, total body length, opaque, CAS), then extras, key and value. Every request carries an opaque token the
    /// reply must echo. Keys are validated as for the text protocols (memcached's rule), before anything is written.
    /// </summary>
    internal static class BinaryRequestWriter
    {
        /// <summary>get / gets (GetK, or GetKQ in a quiet batch: a miss sends nothing), or gat / gats with a lifetime (GatK, GatKQ).</summary>
        public static void Get(RequestBuffer b, string prefix, string key, long? touchTtl, uint opaque, bool quiet)
        {
            byte opcode = touchTtl.HasValue ? (quiet ? BinaryOpcode.GatKQ : BinaryOpcode.GatK) : (quiet ? BinaryOpcode.GetKQ : BinaryOpcode.GetK);
            int start = Header(b, opcode, opaque, 0);
            int extras = 0;
            if (touchTtl.HasValue) { b.WriteBigEndian(Exptime(touchTtl.Value), 4); extras = 4; }
            int keyLength = Key(b, prefix, key);
            Finish(b, start, extras, keyLength);
        }

        /// <summary>
        /// set / add / replace (extras: flags, exptime) or append / prepend (no extras), with the CAS token in the header;
        /// the quiet opcodes (SetQ …) answer only failures.
        /// </summary>
        public static void Store(RequestBuffer b, string prefix, string key, StoreMode mode, ArraySegment<byte> value, uint flags, long ttl, ulong cas,
            uint opaque, bool quiet)
        {
            byte opcode = mode switch
            {
                StoreMode.Add => quiet ? BinaryOpcode.AddQ : BinaryOpcode.Add,
                StoreMode.Replace => quiet ? BinaryOpcode.ReplaceQ : BinaryOpcode.Replace,
                StoreMode.Append => quiet ? BinaryOpcode.AppendQ : BinaryOpcode.Append,
                StoreMode.Prepend => quiet ? BinaryOpcode.PrependQ : BinaryOpcode.Prepend,
                _ => quiet ? BinaryOpcode.SetQ : BinaryOpcode.Set,
            };
            uint exptime = Exptime(ttl);
            int start = Header(b, opcode, opaque, cas);
            int extras = 0;
            if (mode != StoreMode.Append && mode != StoreMode.Prepend)
            {
                b.WriteBigEndian(flags, 4);
                b.WriteBigEndian(exptime, 4);
                extras = 8;
            }
            int keyLength = Key(b, prefix, key);
            b.WriteBytes(value);
            Finish(b, start, extras, keyLength);
        }

        public static void Delete(RequestBuffer b, string prefix, string key, uint opaque, bool quiet)
        {
            int start = Header(b, quiet ? BinaryOpcode.DeleteQ : BinaryOpcode.Delete, opaque, 0);
            Finish(b, start, 0, Key(b, prefix, key));
        }

        /// <summary>
        /// incr / decr with the "do not create" exptime (0xFFFFFFFF): a missing counter answers not found. The client creates
        /// missing counters itself, with add under the transcoder's integer flags (docs/FLAGS.md), because a counter the
        /// server creates carries client flags 0 and would read back as bytes.
        /// </summary>
        public static void Arithmetic(RequestBuffer b, string prefix, string key, bool decrement, ulong delta, uint opaque)
        {
            int start = Header(b, decrement ? BinaryOpcode.Decrement : BinaryOpcode.Increment, opaque, 0);
            b.WriteBigEndian(delta, 8);
            b.WriteBigEndian(0, 8);
            b.WriteBigEndian(0xFFFFFFFF, 4);
            Finish(b, start, 20, Key(b, prefix, key));
        }

        public static void Touch(RequestBuffer b, string prefix, string key, long ttl, uint opaque)
        {
            uint exptime = Exptime(ttl);
            int start = Header(b, BinaryOpcode.Touch, opaque, 0);
            b.WriteBigEndian(exptime, 4);
            Finish(b, start, 4, Key(b, prefix, key));
        }

        /// <summary>A request with no extras, key or value (no-op, version, quit, SASL list mechanisms).</summary>
        public static void Bare(RequestBuffer b, byte opcode, uint opaque) => Finish(b, Header(b, opcode, opaque, 0), 0, 0);

        /// <summary>stat, with a group (settings, items, slabs …) as the key, or none for the general statistics.</summary>
        public static void Stat(RequestBuffer b, string? group, uint opaque)
        {
            int start = Header(b, BinaryOpcode.Stat, opaque, 0);
            int keyLength = string.IsNullOrEmpty(group) ? 0 : b.WriteUtf8(group!);
            Finish(b, start, 0, keyLength);
        }

        /// <summary>flush, with the delay (an exptime, as flush_all's argument) as 4 bytes of extras when given.</summary>
        public static void Flush(RequestBuffer b, long? delay, uint opaque)
        {
            int start = Header(b, BinaryOpcode.Flush, opaque, 0);
            int extras = 0;
            if (delay.HasValue) { b.WriteBigEndian(Exptime(delay.Value), 4); extras = 4; }
            Finish(b, start, extras, 0);
        }

        /// <summary>The header, with the lengths left 0 for <see cref="Finish"/>; returns where it starts.</summary>
        public static int Header(RequestBuffer b, byte opcode, uint opaque, ulong cas)
        {
            int start = b.Length;
            b.WriteByte(BinaryResponseParser.RequestMagic);
            b.WriteByte(opcode);
            b.WriteBigEndian(0, 2);  // key length
            b.WriteByte(0);          // extras length
            b.WriteByte(0);          // data type: raw bytes
            b.WriteBigEndian(0, 2);  // vbucket
            b.WriteBigEndian(0, 4);  // total body length
            b.WriteBigEndian(opaque, 4);
            b.WriteBigEndian(cas, 8);
            return start;
        }

        /// <summary>Fills in the header's lengths once extras, key and value are written after it.</summary>
        public static void Finish(RequestBuffer b, int start, int extrasLength, int keyLength)
        {
            int body = b.Length - start - BinaryResponseParser.HeaderLength;
            b.PatchBigEndian(start + 2, (ulong)keyLength, 2);
            b.PatchBigEndian(start + 4, (ulong)extrasLength, 1);
            b.PatchBigEndian(start + 8, (ulong)body, 4);
        }

        private static int Key(RequestBuffer b, string prefix, string key)
        {
            int before = b.Length;
            KeyValidator.WriteValidatedKey(b, prefix, key, false);
            return b.Length - before;
        }

        /// <summary>A lifetime as the protocol's 32-bit exptime (the client refuses lifetimes past 2038 before this).</summary>
        private static uint Exptime(long ttl)
        {
            if (ttl < 0 || ttl > uint.MaxValue)
                throw new MemcachedClientException($"The lifetime {ttl} cannot be sent in the binary protocol's 32-bit expiry field.");
            return (uint)ttl;
        }
    }
}
