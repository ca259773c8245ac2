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
        private CompareDataset(string[] keys, byte[][] values)
        {
            Keys = keys;
            Values = values;
        }

        public string[] Keys { get; }
        public byte[][] Values { get; }
        public int Count => Keys.Length;

        public static CompareDataset Load(string path)
        {
            var keys = new List<string>();
            var values = new List<byte[]>();
            foreach (string line in File.ReadLines(path))
            {
                if (line.Length == 0) continue;
                int tab = line.IndexOf('\t');
                if (tab <= 0) throw new FormatException($"{path}: expected 'key<TAB>length', got '{line}'.");
                string key = line.Substring(0, tab);
                keys.Add(key);
                values.Add(RepeatKey(key, int.Parse(line.Substring(tab + 1))));
            }
            return new CompareDataset(keys.ToArray(), values.ToArray());
        }

        /// <summary>The key's ASCII bytes repeated until <paramref name="length"/> bytes (memcslap's value pattern).</summary>
        public static byte[] RepeatKey(string key, int length)
        {
            byte[] pattern = Encoding.ASCII.GetBytes(key);
            var value = new byte[length];
            for (int i = 0; i < length; i++) value[i] = pattern[i % pattern.Length];
            return value;
        }
    }
}
