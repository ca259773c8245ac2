using System;

namespace MemcachePS.Transfer
{
    /// <summary>One item of an export file: key, client flags, the stored bytes, and its absolute expiry (unix seconds; null for never).</summary>
    internal sealed class ItemRecord
    {
        public ItemRecord(string key, uint flags, byte[] value, long? expires, long line)
        {
            Key = key;
            Flags = flags;
            Value = value;
            Expires = expires;
            Line = line;
        }

        public string Key { get; }
        public uint Flags { get; }
        public byte[] Value { get; }
        public long? Expires { get; }
        /// <summary>The line of the file the record starts on (1-based).</summary>
        public long Line { get; }
    }

    /// <summary>A line of an import file that is not a record: its number, and what is wrong with it.</summary>
    internal sealed class ItemFileException : Exception
    {
        public ItemFileException(long line, string message, bool canContinue) : base($"Line {line}: {message}")
        {
            Line = line;
            CanContinue = canContinue;
        }

        public long Line { get; }

        /// <summary>Whether later records can still be found (JSON Lines: yes; a memcached-tool header: no).</summary>
        public bool CanContinue { get; }
    }
}
