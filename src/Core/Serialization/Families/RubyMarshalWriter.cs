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
    /// Writes plain data as Ruby Marshal 4.8, the bytes <c>Marshal.dump</c> gives for the Ruby value that matches:
    /// null → nil, bool → true/false, integers → Integer (Fixnum within ±2^30 as Marshal writes it, Bignum beyond), double →
    /// Float (shortest round-trip text; "inf", "-inf", "nan", "-0"), string → a UTF-8 String (ivar E true), byte[] → a
    /// binary String (ASCII-8BIT), <see cref="RubySymbol"/> → Symbol, dictionaries → Hash (in their order), other lists →
    /// Array. Anything else is refused with a <see cref="MemcachedSerializationException"/>.
    /// </summary>
    internal sealed class RubyMarshalWriter
    {
        private const string Family = "Dalli (Ruby Marshal)";
        private const long FixnumMax = (1L << 30) - 1, FixnumMin = -(1L << 30);

        private readonly MemoryStream _out = new MemoryStream();
        private readonly System.Collections.Generic.Dictionary<string, int> _symbols = new System.Collections.Generic.Dictionary<string, int>(StringComparer.Ordinal);
        private readonly int _maxDepth;

        private RubyMarshalWriter(int maxDepth) => _maxDepth = maxDepth;

        public static byte[] Write(object? value, int maxDepth = RubyMarshalReader.DefaultMaxDepth)
        {
            var writer = new RubyMarshalWriter(maxDepth);
            writer._out.WriteByte(4);
            writer._out.WriteByte(8);
            writer.Value(value, "$", 0);
            return writer._out.ToArray();
        }

        private void Value(object? value, string path, int depth)
        {
            if (depth > _maxDepth) throw Refuse(path, $"is nested more than {_maxDepth} levels deep");
            switch (value)
            {
                case null: Byte('0'); return;
                case bool b: Byte(b ? 'T' : 'F'); return;
                case sbyte n: Integer(n); return;
                case byte n: Integer(n); return;
                case short n: Integer(n); return;
                case ushort n: Integer(n); return;
                case int n: Integer(n); return;
                case uint n: Integer(n); return;
                case long n: Integer(n); return;
                case ulong n: Integer(n); return;
                case BigInteger n: Integer(n); return;
                case double d: Float(d); return;
                case float f: Float(f); return;
                case string s: String(s, path); return;
                case byte[] bytes:
                    Byte('"');
                    Long(bytes.Length);
                    _out.Write(bytes, 0, bytes.Length);
                    return;
                case ArraySegment<byte> segment:
                    Byte('"');
                    Long(segment.Count);
                    _out.Write(segment.Array!, segment.Offset, segment.Count);
                    return;
                case RubySymbol symbol: Symbol(symbol.Name); return;
                case IDictionary dictionary:
                {
                    Byte('{');
                    Long(dictionary.Count);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        string at = path + "[" + entry.Key + "]";
                        Value(entry.Key, at, depth + 1);
                        Value(entry.Value, at, depth + 1);
                    }
                    return;
                }
                case IList list:
                {
                    Byte('[');
                    Long(list.Count);
                    for (int i = 0; i < list.Count; i++) Value(list[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1);
                    return;
                }
                default:
                    throw Refuse(path, $"is a {value.GetType().FullName}, which has no plain Ruby form (nil, true/false, Integer, Float, String, Symbol, Array, Hash)");
            }
        }

        private void Integer(BigInteger n)
        {
            if (n >= FixnumMin && n <= FixnumMax)
            {
                Byte('i');
                Long((int)n);
                return;
            }
            Byte('l');
            Byte(n.Sign < 0 ? '-' : '+');
            byte[] magnitude = BigInteger.Abs(n).ToByteArray(); // little-endian, maybe with a trailing zero sign byte
            int length = magnitude.Length;
            while (length > 0 && magnitude[length - 1] == 0) length--;
            int shorts = (length + 1) / 2;
            Long(shorts);
            _out.Write(magnitude, 0, length);
            if (length % 2 == 1) _out.WriteByte(0);
        }

        private void Float(double d)
        {
            string text;
            if (double.IsPositiveInfinity(d)) text = "inf";
            else if (double.IsNegativeInfinity(d)) text = "-inf";
            else if (double.IsNaN(d)) text = "nan";
            else if (d == 0) text = BitConverter.DoubleToInt64Bits(d) < 0 ? "-0" : "0";
            else
            {
                // Shortest text that reads back as the same double; Ruby's reader is strtod, which takes "1E+100" as well.
                text = d.ToString("R", CultureInfo.InvariantCulture);
                if (double.Parse(text, CultureInfo.InvariantCulture) != d) text = d.ToString("G17", CultureInfo.InvariantCulture);
                text = text.Replace("E+", "e").Replace("E-", "e-");
            }
            Byte('f');
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            Long(bytes.Length);
            _out.Write(bytes, 0, bytes.Length);
        }

        private void String(string s, string path)
        {
            byte[] bytes;
            try
            {
                bytes = StrictUtf8.GetBytes(s);
            }
            catch (EncoderFallbackException e)
            {
                throw new MemcachedSerializationException($"{Family}: the string at {path} holds an unpaired UTF-16 surrogate, which has no UTF-8 form.", e);
            }
            Byte('I');
            Byte('"');
            Long(bytes.Length);
            _out.Write(bytes, 0, bytes.Length);
            Long(1);
            Symbol("E");
            Byte('T');
        }

        private void Symbol(string name)
        {
            if (_symbols.TryGetValue(name, out int index))
            {
                Byte(';');
                Long(index);
                return;
            }
            _symbols.Add(name, _symbols.Count);
            byte[] bytes = StrictUtf8.GetBytes(name);
            bool ascii = Array.TrueForAll(bytes, b => b < 0x80);
            if (!ascii)
            {
                // Ruby writes a non-ASCII symbol with its encoding, as an ivar on the symbol.
                Byte('I');
                Byte(':');
                Long(bytes.Length);
                _out.Write(bytes, 0, bytes.Length);
                Long(1);
                Symbol("E");
                Byte('T');
                return;
            }
            Byte(':');
            Long(bytes.Length);
            _out.Write(bytes, 0, bytes.Length);
        }

        private void Long(int n)
        {
            if (n == 0) { _out.WriteByte(0); return; }
            if (n > 0 && n < 123) { _out.WriteByte((byte)(n + 5)); return; }
            if (n < 0 && n > -124) { _out.WriteByte((byte)(n - 5)); return; }
            var buffer = new byte[5];
            int count = 0;
            long x = n;
            for (int i = 1; i <= 4; i++)
            {
                buffer[i] = (byte)(x & 0xFF);
                x >>= 8;
                count = i;
                if (n >= 0 && x == 0) break;
                if (n < 0 && x == -1) break;
            }
            buffer[0] = (byte)(n >= 0 ? count : -count);
            _out.Write(buffer, 0, count + 1);
        }

        private void Byte(char c) => _out.WriteByte((byte)c);

        private static MemcachedSerializationException Refuse(string path, string problem) =>
            new MemcachedSerializationException($"{Family}: the value {(path == "$" ? "" : "at " + path + " ")}{problem}.");
    }
}
