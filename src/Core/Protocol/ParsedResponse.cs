using System;
using System.Text;

namespace MemcachePS.Core.Protocol
{
    /// <summary>
    /// One reply element, as positions into the buffer it was parsed from (valid until that buffer is consumed).
    /// Nothing is allocated for a reply except an error message.
    /// </summary>
    internal struct ParsedResponse
    {
        public ResponseStatus Status;

        /// <summary>The whole first line without CR LF (binary protocol: the 24-byte header), as offset/length into the buffer.</summary>
        public int LineOffset, LineLength;

        /// <summary>The value bytes (Status == Value), as offset/length into the buffer.</summary>
        public int ValueOffset, ValueLength;

        /// <summary>The key echoed back (meta k flag or classic VALUE line), as offset/length; length 0 when absent.</summary>
        public int KeyOffset, KeyLength;

        /// <summary>
        /// When the parser returned 0 for a value whose header has arrived: the bytes the whole element takes from its
        /// offset (header, value, CR LF), already checked against the size limit, so the reader can make room at once.
        /// </summary>
        public int PendingLength;

        public uint ClientFlags;
        public ulong Cas;
        /// <summary>Remaining TTL in seconds (meta t flag): -1 for never; null when not returned.</summary>
        public long? Ttl;
        public long? Size;
        public uint? Opaque;
        /// <summary>Meta b flag in the reply: the echoed key is base64.</summary>
        public bool KeyIsBase64;
        /// <summary>Meta W / X / Z flags (win, stale, win already sent).</summary>
        public bool Win, Stale, AlreadyWon;

        /// <summary>Binary protocol: the reply's opcode and status code (the status code is 0 for success).</summary>
        public byte Opcode;
        public ushort BinaryStatus;

        /// <summary>For error statuses, the server's message.</summary>
        public string? Message;

        public bool IsError => Status == ResponseStatus.Error || Status == ResponseStatus.ClientError || Status == ResponseStatus.ServerError ||
                               Status == ResponseStatus.AuthError;

        public ArraySegment<byte> Line(byte[] buffer) => new ArraySegment<byte>(buffer, LineOffset, LineLength);

        public string LineText(byte[] buffer) => Encoding.UTF8.GetString(buffer, LineOffset, LineLength);

        public byte[] CopyValue(byte[] buffer)
        {
            if (ValueLength == 0) return EmptyBytes;
            var value = new byte[ValueLength];
            Buffer.BlockCopy(buffer, ValueOffset, value, 0, ValueLength);
            return value;
        }

        internal static readonly byte[] EmptyBytes = new byte[0];
    }
}
