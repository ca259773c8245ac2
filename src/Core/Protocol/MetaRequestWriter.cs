using System;

namespace MemcachePS.Core.Protocol
{
    /// <summary>Encodes meta commands (mg, ms, md, ma, mn). Every request carries an opaque token the reply must echo.</summary>
    internal static class MetaRequestWriter
    {
        /// <summary>
        /// <c>mg &lt;key&gt; [b] [v f t] [c] [T&lt;ttl&gt;] O&lt;opaque&gt;</c>: get, gets, gat, gats (each with the lifetime left,
        /// <c>t</c>, in the same reply), or touch alone when withValue is false.
        /// </summary>
        public static void Get(RequestBuffer b, string prefix, string key, bool base64, bool withValue, bool withCas, long? touchTtl, uint opaque, bool quiet = false)
        {
            b.WriteAscii("mg ");
            KeyValidator.WriteValidatedKey(b, prefix, key, base64);
            if (base64) b.WriteAscii(" b");
            if (withValue) b.WriteAscii(" v f t");
            if (withCas) b.WriteAscii(" c");
            if (touchTtl.HasValue) { b.WriteAscii(" T"); b.WriteNumber(touchTtl.Value); }
            WriteOpaque(b, opaque);
            if (quiet) b.WriteAscii(" q");
            b.WriteCrLf();
        }

        /// <summary><c>ms &lt;key&gt; &lt;datalen&gt; [b] F&lt;flags&gt; T&lt;ttl&gt; [M&lt;mode&gt;] [C&lt;cas&gt;] c O&lt;opaque&gt;</c> then the data.</summary>
        public static void Set(RequestBuffer b, string prefix, string key, bool base64, StoreMode mode, ArraySegment<byte> value, uint flags, long ttl, ulong cas, uint opaque, bool quiet = false)
        {
            b.WriteAscii("ms ");
            KeyValidator.WriteValidatedKey(b, prefix, key, base64);
            b.WriteByte((byte)' ');
            b.WriteNumber((ulong)value.Count);
            if (base64) b.WriteAscii(" b");
            if (flags != 0) { b.WriteAscii(" F"); b.WriteNumber((ulong)flags); }
            if (ttl != 0) { b.WriteAscii(" T"); b.WriteNumber(ttl); }
            switch (mode)
            {
                case StoreMode.Add: b.WriteAscii(" ME"); break;
                case StoreMode.Replace: b.WriteAscii(" MR"); break;
                case StoreMode.Append: b.WriteAscii(" MA"); break;
                case StoreMode.Prepend: b.WriteAscii(" MP"); break;
            }
            if (cas != 0) { b.WriteAscii(" C"); b.WriteNumber(cas); }
            if (!quiet) b.WriteAscii(" c"); // a quiet success sends no reply to carry the new CAS token
            WriteOpaque(b, opaque);
            if (quiet) b.WriteAscii(" q");
            b.WriteCrLf();
            b.WriteBytes(value);
            b.WriteCrLf();
        }

        /// <summary><c>md &lt;key&gt; [b] O&lt;opaque&gt;</c></summary>
        public static void Delete(RequestBuffer b, string prefix, string key, bool base64, uint opaque, bool quiet = false)
        {
            b.WriteAscii("md ");
            KeyValidator.WriteValidatedKey(b, prefix, key, base64);
            if (base64) b.WriteAscii(" b");
            WriteOpaque(b, opaque);
            if (quiet) b.WriteAscii(" q");
            b.WriteCrLf();
        }

        /// <summary>
        /// <c>ma &lt;key&gt; [b] [MD] D&lt;delta&gt; v O&lt;opaque&gt;</c>. Never <c>N</c>/<c>J</c> (autovivify): a counter
        /// memcached creates that way carries client flags 0, so the client creates missing counters with add instead.
        /// </summary>
        public static void Arithmetic(RequestBuffer b, string prefix, string key, bool base64, bool decrement, ulong delta, uint opaque)
        {
            b.WriteAscii("ma ");
            KeyValidator.WriteValidatedKey(b, prefix, key, base64);
            if (base64) b.WriteAscii(" b");
            if (decrement) b.WriteAscii(" MD");
            b.WriteAscii(" D");
            b.WriteNumber(delta);
            b.WriteAscii(" v");
            WriteOpaque(b, opaque);
            b.WriteCrLf();
        }

        public static void NoOp(RequestBuffer b) => b.WriteAscii("mn\r\n");

        private static void WriteOpaque(RequestBuffer b, uint opaque)
        {
            b.WriteAscii(" O");
            b.WriteNumber((ulong)opaque);
        }
    }
}
