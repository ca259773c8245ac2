using System;
using System.Text;

namespace MemcachePS.Core.Protocol
{
    /// <summary>A reusable, growing byte buffer that requests are encoded into before one write to the socket.</summary>
    internal sealed class RequestBuffer
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(false, true);
        private byte[] _bytes;
        private int _length;

        public RequestBuffer(int initialCapacity = 4096)
        {
            _bytes = new byte[initialCapacity];
        }

        public byte[] Bytes => _bytes;
        public int Length => _length;

        public void Clear() => _length = 0;

        /// <summary>Drops the bytes after <paramref name="length"/>: undoes a partly written request that failed validation.</summary>
        public void Truncate(int length)
        {
            if (length < 0 || length > _length) throw new ArgumentOutOfRangeException(nameof(length));
            _length = length;
        }

        private void Ensure(int extra)
        {
            int needed = _length + extra;
            if (needed <= _bytes.Length) return;
            int size = Math.Max(needed, _bytes.Length * 2);
            Array.Resize(ref _bytes, size);
        }

        public void WriteByte(byte b)
        {
            Ensure(1);
            _bytes[_length++] = b;
        }

        /// <summary>Writes a command token or literal that is known to be ASCII.</summary>
        public void WriteAscii(string text)
        {
            Ensure(text.Length);
            for (int i = 0; i < text.Length; i++) _bytes[_length++] = (byte)text[i];
        }

        public void WriteBytes(byte[] data, int offset, int count)
        {
            Ensure(count);
            Buffer.BlockCopy(data, offset, _bytes, _length, count);
            _length += count;
        }

        public void WriteBytes(ArraySegment<byte> data) => WriteBytes(data.Array!, data.Offset, data.Count);

        /// <summary>Writes text as UTF-8 and returns how many bytes that took. Throws on unpaired surrogates.</summary>
        public int WriteUtf8(string text)
        {
            if (text.Length == 0) return 0;
            Ensure(Utf8.GetMaxByteCount(text.Length));
            int written = Utf8.GetBytes(text, 0, text.Length, _bytes, _length);
            _length += written;
            return written;
        }

        /// <summary>Writes characters as UTF-8 (no string is made of them) and returns how many bytes that took.</summary>
        public int WriteUtf8(char[] text)
        {
            if (text.Length == 0) return 0;
            Ensure(Utf8.GetMaxByteCount(text.Length));
            int written = Utf8.GetBytes(text, 0, text.Length, _bytes, _length);
            _length += written;
            return written;
        }

        public void WriteNumber(ulong value)
        {
            Ensure(20);
            if (value == 0) { _bytes[_length++] = (byte)'0'; return; }
            int digits = 0;
            for (ulong v = value; v != 0; v /= 10) digits++;
            int end = _length + digits;
            for (int i = end - 1; i >= _length; i--) { _bytes[i] = (byte)('0' + (int)(value % 10)); value /= 10; }
            _length = end;
        }

        public void WriteNumber(long value)
        {
            if (value < 0) { WriteByte((byte)'-'); WriteNumber((ulong)(-(value + 1)) + 1UL); }
            else WriteNumber((ulong)value);
        }

        /// <summary>Writes the low <paramref name="bytes"/> bytes of <paramref name="value"/>, most significant first (binary protocol fields).</summary>
        public void WriteBigEndian(ulong value, int bytes)
        {
            Ensure(bytes);
            for (int i = bytes - 1; i >= 0; i--) _bytes[_length++] = (byte)(value >> (8 * i));
        }

        /// <summary>Overwrites <paramref name="bytes"/> bytes at <paramref name="at"/>, most significant first (a header's lengths, once known).</summary>
        public void PatchBigEndian(int at, ulong value, int bytes)
        {
            if (at < 0 || at + bytes > _length) throw new ArgumentOutOfRangeException(nameof(at));
            for (int i = bytes - 1; i >= 0; i--) _bytes[at++] = (byte)(value >> (8 * i));
        }

        public void WriteCrLf()
        {
            Ensure(2);
            _bytes[_length++] = (byte)'\r';
            _bytes[_length++] = (byte)'\n';
        }

        /// <summary>Replaces bytes [start, start+count) with their base64 form (used for meta 'b' keys).</summary>
        public void Base64InPlace(int start, int count)
        {
            string encoded = Convert.ToBase64String(_bytes, start, count);
            _length = start;
            WriteAscii(encoded);
        }
    }
}
