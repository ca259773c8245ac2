using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Text;
using static MemcachePS.Core.Serialization.StrictText;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// Writes an array or hash as <c>Storable::nfreeze</c> does (network order, format 2.11), so <c>thaw</c> returns a
    /// reference to the same structure: strings as byte strings when ASCII and character strings (SX_UTF8STR) otherwise,
    /// byte[] as byte strings, integers as SX_BYTE / SX_NETINT within 32 bits and as decimal text beyond (what nfreeze
    /// writes for a large IV), doubles as their shortest round-trip text (nfreeze writes NVs as text too), bool as Perl's
    /// yes/no, null as undef, nested lists and dictionaries as array and hash references (keys: strings only; a hash with
    /// a non-ASCII key is a flagged hash whose keys say UTF-8). Anything else is refused.
    /// </summary>
    internal sealed class PerlStorableWriter
    {
        private const string Family = "Perl Storable";
        private readonly MemoryStream _out = new MemoryStream();
        private readonly int _maxDepth;

        private PerlStorableWriter(int maxDepth) => _maxDepth = maxDepth;

        public static byte[] Write(object value, int maxDepth = PerlStorableReader.DefaultMaxDepth)
        {
            var writer = new PerlStorableWriter(maxDepth);
            writer._out.WriteByte(5);  // (major 2 << 1) | network order
            writer._out.WriteByte(11); // minor, as Storable 3.x writes
            if (!(value is IDictionary) && (!(value is IList) || value is byte[]))
                throw Refuse("$", "is not an array or hash; nfreeze stores references to them");
            writer.Container(value, "$", 0);
            return writer._out.ToArray();
        }

        private void Container(object value, string path, int depth)
        {
            if (depth > _maxDepth) throw Refuse(path, $"is nested more than {_maxDepth} levels deep");
            if (value is IDictionary dictionary)
            {
                bool anyWide = false;
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (!(entry.Key is string key)) throw Refuse(path, $"has a key of type {entry.Key?.GetType().FullName}; Perl hash keys are strings");
                    if (!IsAscii(key)) anyWide = true;
                }
                _out.WriteByte(anyWide ? (byte)25 : (byte)3);
                if (anyWide) _out.WriteByte(0);
                Int32(dictionary.Count);
                foreach (DictionaryEntry entry in dictionary)
                {
                    string key = (string)entry.Key;
                    Value(entry.Value, path + "['" + key + "']", depth + 1);
                    byte[] bytes = Utf8(key, path);
                    if (anyWide) _out.WriteByte(IsAscii(key) ? (byte)0 : (byte)1); // SHV_K_UTF8
                    Int32(bytes.Length);
                    _out.Write(bytes, 0, bytes.Length);
                }
                return;
            }
            var list = (IList)value;
            _out.WriteByte(2);
            Int32(list.Count);
            for (int i = 0; i < list.Count; i++) Value(list[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
        }

        private void Value(object? value, string path, int depth)
        {
            switch (value)
            {
                case null: _out.WriteByte(5); return; // SX_UNDEF
                case bool b: _out.WriteByte(b ? (byte)15 : (byte)16); return; // SX_SV_YES / SX_SV_NO
                case string s:
                {
                    byte[] bytes = Utf8(s, path);
                    Scalar(bytes, IsAscii(s) ? (byte)10 : (byte)23, IsAscii(s) ? (byte)1 : (byte)24);
                    return;
                }
                case byte[] bytes: Scalar(bytes, 10, 1); return;
                case ArraySegment<byte> segment:
                {
                    var bytes = new byte[segment.Count];
                    Buffer.BlockCopy(segment.Array!, segment.Offset, bytes, 0, segment.Count);
                    Scalar(bytes, 10, 1);
                    return;
                }
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _: case BigInteger _:
                {
                    var n = value is BigInteger big ? big : value is ulong u ? new BigInteger(u) : new BigInteger(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    if (n >= -128 && n <= 127) { _out.WriteByte(8); _out.WriteByte((byte)((int)n + 128)); }
                    else if (n >= int.MinValue && n <= int.MaxValue) { _out.WriteByte(9); Int32((int)n); }
                    else Scalar(Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture)), 10, 1);
                    return;
                }
                case double d: Scalar(Encoding.ASCII.GetBytes(PerlNumberText(d, path)), 10, 1); return;
                case float f: Scalar(Encoding.ASCII.GetBytes(PerlNumberText(f, path)), 10, 1); return;
                case IDictionary _:
                case IList _:
                    _out.WriteByte(4); // SX_REF: Perl holds nested containers by reference
                    Container(value, path, depth);
                    return;
                default:
                    throw Refuse(path, $"is a {value.GetType().FullName}, which has no plain Perl form (scalars, array and hash references)");
            }
        }

        /// <summary>The text Perl reads back as the same double: the shortest round-trip form. NaN and infinities are refused
        /// (Perl spells them "NaN"/"Inf", which thaw returns as strings that only numify on some platforms).</summary>
        internal static string PerlNumberText(double d, string path)
        {
            if (double.IsNaN(d) || double.IsInfinity(d)) throw Refuse(path, $"is {d.ToString(CultureInfo.InvariantCulture)}, which Perl has no portable text for");
            if (d == 0) return BitConverter.DoubleToInt64Bits(d) < 0 ? "-0.0" : "0";
            string text = d.ToString("R", CultureInfo.InvariantCulture);
            if (double.Parse(text, CultureInfo.InvariantCulture) != d) text = d.ToString("G17", CultureInfo.InvariantCulture);
            return text.Replace("E+", "e+").Replace("E-", "e-");
        }

        private void Scalar(byte[] bytes, byte smallTag, byte largeTag)
        {
            if (bytes.Length <= 255)
            {
                _out.WriteByte(smallTag);
                _out.WriteByte((byte)bytes.Length);
            }
            else
            {
                _out.WriteByte(largeTag);
                Int32(bytes.Length);
            }
            _out.Write(bytes, 0, bytes.Length);
        }

        private void Int32(int n)
        {
            _out.WriteByte((byte)(n >> 24));
            _out.WriteByte((byte)(n >> 16));
            _out.WriteByte((byte)(n >> 8));
            _out.WriteByte((byte)n);
        }

        private static byte[] Utf8(string s, string path)
        {
            try
            {
                return StrictUtf8.GetBytes(s);
            }
            catch (EncoderFallbackException e)
            {
                throw new MemcachedSerializationException($"{Family}: the string at {path} holds an unpaired UTF-16 surrogate, which has no UTF-8 form.", e);
            }
        }

        internal static bool IsAscii(string s)
        {
            foreach (char c in s) if (c >= 0x80) return false;
            return true;
        }

        private static MemcachedSerializationException Refuse(string path, string problem) =>
            new MemcachedSerializationException($"{Family}: the value {(path == "$" ? "" : "at " + path + " ")}{problem}.");
    }
}
