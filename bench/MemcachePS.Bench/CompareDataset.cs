using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MemcachePS.Bench
{
    /// <summary>
    /// The items every client of bench/compare.sh uses: one "key TAB value-length" line each, written by
    /// bench/compare/dataset.py. A value is its key repeated up to its length, the way memcslap builds values.
    /// </summary>
    public sealed class CompareDataset
    {
        private byte[][]? _values;

        private CompareDataset(string[] keys, int[] valueLengths)
        {
            Keys = keys;
            ValueLengths = valueLengths;
        }

        public string[] Keys { get; }
        public int[] ValueLengths { get; }
        public int Count => Keys.Length;

        /// <summary>The values (about 250 MB for 100,000 items), built on first use so get-many and bulk runs skip them.</summary>
        public byte[][] Values
        {
            get
            {
                if (_values != null) return _values;
                var values = new byte[Count][];
                for (int i = 0; i < Count; i++) values[i] = RepeatKey(Keys[i], ValueLengths[i]);
                return _values = values;
            }
        }

        public static CompareDataset Load(string path)
        {
            var keys = new List<string>();
            var lengths = new List<int>();
            foreach (string line in File.ReadLines(path))
            {
                if (line.Length == 0) continue;
                int tab = line.IndexOf('\t');
                if (tab <= 0) throw new FormatException($"{path}: expected 'key<TAB>length', got '{line}'.");
                keys.Add(line.Substring(0, tab));
                lengths.Add(int.Parse(line.Substring(tab + 1)));
            }
            return new CompareDataset(keys.ToArray(), lengths.ToArray());
        }

        /// <summary>The key's ASCII bytes repeated until <paramref name="length"/> bytes (memcslap's value pattern).</summary>
        public static byte[] RepeatKey(string key, int length)
        {
            byte[] pattern = Encoding.ASCII.GetBytes(key);
            var value = new byte[length];
            for (int filled = 0; filled < length; filled += pattern.Length)
                Buffer.BlockCopy(pattern, 0, value, filled, Math.Min(pattern.Length, length - filled));
            return value;
        }
    }
}
