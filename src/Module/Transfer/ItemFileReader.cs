using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace MemcachePS.Transfer
{
    /// <summary>The formats Import-MemcachedItem reads.</summary>
    public enum ItemFileFormat
    {
        /// <summary>Export-MemcachedItem's JSON Lines.</summary>
        JsonLines,
        /// <summary>memcached-tool's <c>dump</c>: <c>add KEY FLAGS EXPTIME BYTES\r\nDATA\r\n</c> per item (EXPTIME a unix time, 0 never).</summary>
        MemcachedTool,
    }

    /// <summary>
    /// Reads an export file one record at a time from a stream, so memory stays flat whatever its size: the format is
    /// told by its first byte ('{' JSON Lines, 'a'/'s' memcached-tool's dump). A malformed record is an
    /// <see cref="ItemFileException"/> naming its line; a last line cut short (an export stopped mid-write) says so.
    /// </summary>
    internal sealed class ItemFileReader
    {
        /// <summary>The longest line read: a 128 MiB value in base64, and then some.</summary>
        public const int MaxLineLength = 180 * 1024 * 1024;

        private readonly Stream _input;
        private byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;
        private bool _eof;
        private long _line;

        public ItemFileReader(Stream input) => _input = input;

        public ItemFileFormat? Format { get; private set; }

        /// <summary>How far into the file the reader is (bytes), for progress.</summary>
        public long Position => _input.CanSeek ? _input.Position - (_end - _start) : 0;

        /// <summary>The next record; null at the end of the file.</summary>
        public ItemRecord? Next()
        {
            while (true)
            {
                if (!ReadLine(out int offset, out int length, out bool terminated)) return null;
                _line++;
                if (length == 0 || (length == 1 && _buffer[offset] == '\r')) continue; // blank lines between records
                if (Format == null) Format = _buffer[offset] == '{' ? ItemFileFormat.JsonLines : ItemFileFormat.MemcachedTool;
                try
                {
                    return Format == ItemFileFormat.JsonLines ? JsonLinesFormat.Parse(_buffer, offset, length, _line) : ToolRecord(offset, length);
                }
                catch (ItemFileException) when (!terminated)
                {
                    throw new ItemFileException(_line,
                        "is cut off: the file ends in the middle of it (an export that was stopped or killed while writing leaves such a line). " +
                        "The records before it were read; export again for a whole file.", false);
                }
            }
        }

        /// <summary><c>add|set KEY FLAGS EXPTIME BYTES</c>, then BYTES of data and CR LF.</summary>
        private ItemRecord ToolRecord(int offset, int length)
        {
            long line = _line;
            string header = Encoding.UTF8.GetString(_buffer, offset, length).TrimEnd('\r');
            string[] parts = header.Split(' ');
            if (parts.Length != 5 || (parts[0] != "add" && parts[0] != "set"))
                throw new ItemFileException(line, $"is not a memcached-tool dump record ('add KEY FLAGS EXPTIME BYTES'): '{Shorten(header)}'.", false);
            if (!uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint flags))
                throw new ItemFileException(line, $"the flags '{Shorten(parts[2])}' are not a 32-bit unsigned number.", false);
            if (!long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long exptime))
                throw new ItemFileException(line, $"the exptime '{Shorten(parts[3])}' is not a number.", false);
            if (!int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out int size) || size > MaxLineLength)
                throw new ItemFileException(line, $"the size '{Shorten(parts[4])}' is not a byte count this reader takes (at most {MaxLineLength:N0}).", false);
            if (!Fill(size + 2))
                throw new ItemFileException(line, $"is cut off: the file ends before the {size:N0} bytes of '{Shorten(parts[1])}' and their CR LF.", false);
            if (_buffer[_start + size] != '\r' || _buffer[_start + size + 1] != '\n')
                throw new ItemFileException(line, $"the {size:N0} bytes of '{Shorten(parts[1])}' are not followed by CR LF (the size does not match the data).", false);
            var value = new byte[size];
            Buffer.BlockCopy(_buffer, _start, value, 0, size);
            _start += size + 2;
            // The data may hold LF bytes: the next record's header is counted from the lines they take.
            for (int i = 0; i < size; i++) if (value[i] == '\n') _line++;
            _line++;
            return new ItemRecord(parts[1], flags, value, exptime == 0 ? (long?)null : exptime, line);
        }

        private static string Shorten(string s) => s.Length > 80 ? s.Substring(0, 80) + "…" : s;

        /// <summary>The next line, without its LF; terminated is false for a last line with no LF.</summary>
        private bool ReadLine(out int offset, out int length, out bool terminated)
        {
            int searched = _start;
            while (true)
            {
                int lf = Array.IndexOf(_buffer, (byte)'\n', searched, _end - searched);
                if (lf >= 0)
                {
                    offset = _start;
                    length = lf - _start;
                    terminated = true;
                    _start = lf + 1;
                    return true;
                }
                searched = _end;
                if (_eof)
                {
                    offset = _start;
                    length = _end - _start;
                    terminated = false;
                    _start = _end;
                    return length > 0;
                }
                if (_end - _start > MaxLineLength)
                    throw new ItemFileException(_line + 1, $"is longer than {MaxLineLength:N0} bytes.", false);
                int before = _start;
                ReadMore();
                searched -= before - _start;
            }
        }

        /// <summary>Makes <paramref name="count"/> bytes from the current position available; false when the file ends first.</summary>
        private bool Fill(int count)
        {
            while (_end - _start < count)
            {
                if (_eof) return false;
                ReadMore();
            }
            return true;
        }

        private void ReadMore()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxLineLength + 4));
            int n = _input.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _eof = true;
            else _end += n;
        }
    }
}
