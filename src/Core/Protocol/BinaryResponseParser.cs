using System.Text;

namespace MemcachePS.Core.Protocol
{
    /// <summary>
    /// Parses one binary-protocol response packet: a 24-byte header (magic 0x81, opcode, key length, extras length, data
    /// type, status, total body length, opaque, CAS) and its body (extras, key, value). Pure: no sockets, no state.
    /// The packet becomes the same <see cref="ParsedResponse"/> the text parsers give, so operations read it the same way:
    /// an item is <see cref="ResponseStatus.Value"/> with its flags, a miss <see cref="ResponseStatus.Miss"/>, and each
    /// binary status code the status (and for errors, the message) the meta and classic protocols give for the same case.
    /// </summary>
    /// <remarks>
    /// The body length is checked against the server's item_size_max (plus the largest key and extras) at the header,
    /// before any byte of the body is waited for: a hostile length allocates nothing. Binary replies are framed and carry
    /// the request's opaque, so every error reply leaves the stream in step; matching the opaque and opcode to the request
    /// is the caller's (the engine's) job.
    /// </remarks>
    internal static class BinaryResponseParser
    {
        public const int HeaderLength = 24;
        public const byte RequestMagic = 0x80;
        public const byte ResponseMagic = 0x81;

        /// <summary>Binary status codes (memcached's protocol_binary.h).</summary>
        public const ushort StatusSuccess = 0x00, StatusKeyNotFound = 0x01, StatusKeyExists = 0x02, StatusTooLarge = 0x03,
            StatusInvalidArguments = 0x04, StatusNotStored = 0x05, StatusNonNumeric = 0x06, StatusVBucket = 0x07,
            StatusAuthError = 0x20, StatusAuthContinue = 0x21, StatusUnknownCommand = 0x81, StatusOutOfMemory = 0x82,
            StatusNotSupported = 0x83, StatusInternalError = 0x84, StatusBusy = 0x85, StatusTemporaryFailure = 0x86;

        /// <summary>Parses with no bound but memcached's largest possible item (1 GiB): for tests and tools, not for a server's replies.</summary>
        public static int TryParse(byte[] buf, int offset, int count, out ParsedResponse r) =>
            TryParse(buf, offset, count, out r, ParseHelpers.MaxValueLength);

        /// <summary>Parses one response packet, refusing a body larger than the server could send at its header.</summary>
        /// <returns>The bytes the packet takes, or 0 when the buffer does not hold all of it yet (then
        /// <see cref="ParsedResponse.PendingLength"/> says how many it takes, once the header is in).</returns>
        /// <exception cref="MemcachedProtocolException">The bytes are not a binary response.</exception>
        public static int TryParse(byte[] buf, int offset, int count, out ParsedResponse r, int maxValueLength)
        {
            r = default;
            if (count > 0 && buf[offset] != ResponseMagic)
                throw new MemcachedProtocolException(
                    $"The reply does not start with the binary protocol's response magic 0x81 but with 0x{buf[offset]:X2} ('{ParseHelpers.Describe(buf, offset, System.Math.Min(count, 24))}'): it is not a binary reply.");
            if (count < HeaderLength) return 0;
            byte opcode = buf[offset + 1];
            int keyLength = (buf[offset + 2] << 8) | buf[offset + 3];
            int extrasLength = buf[offset + 4];
            byte dataType = buf[offset + 5];
            ushort status = (ushort)((buf[offset + 6] << 8) | buf[offset + 7]);
            uint bodyLength = ReadUInt32(buf, offset + 8);
            uint opaque = ReadUInt32(buf, offset + 12);
            ulong cas = ReadUInt64(buf, offset + 16);
            if (dataType != 0)
                throw new MemcachedProtocolException($"Binary reply with data type 0x{dataType:X2} (only 0, raw bytes, exists).");
            if ((ulong)keyLength + (ulong)extrasLength > bodyLength)
                throw new MemcachedProtocolException($"Binary reply whose key ({keyLength} bytes) and extras ({extrasLength} bytes) do not fit in its body of {bodyLength} bytes.");
            if (keyLength > 250)
                throw new MemcachedProtocolException($"Binary reply with a key of {keyLength} bytes: memcached keys are at most 250 bytes.");
            ulong valueLength = bodyLength - (ulong)keyLength - (ulong)extrasLength;
            ParseHelpers.CheckValueSize(valueLength, maxValueLength);
            int total = HeaderLength + (int)bodyLength;
            if (count < total)
            {
                r.PendingLength = total;
                return 0;
            }

            r.Opcode = opcode;
            r.BinaryStatus = status;
            r.Opaque = opaque;
            r.Cas = cas;
            r.LineOffset = offset;
            r.LineLength = HeaderLength;
            int extrasOffset = offset + HeaderLength;
            r.KeyOffset = extrasOffset + extrasLength;
            r.KeyLength = keyLength;
            r.ValueOffset = r.KeyOffset + keyLength;
            r.ValueLength = (int)valueLength;

            if (status == StatusSuccess)
            {
                if (BinaryOpcode.ReturnsItem(opcode))
                {
                    if (extrasLength != 4)
                        throw new MemcachedProtocolException($"Binary reply to opcode 0x{opcode:X2} with {extrasLength} bytes of extras, not the 4 bytes of client flags.");
                    r.ClientFlags = ReadUInt32(buf, extrasOffset);
                    r.Status = ResponseStatus.Value;
                }
                else if (BinaryOpcode.ReturnsCounter(opcode))
                {
                    if (valueLength != 8) throw new MemcachedProtocolException($"Binary counter reply of {valueLength} bytes, not 8.");
                    r.Status = ResponseStatus.Value;
                }
                else if (opcode == BinaryOpcode.NoOp) r.Status = ResponseStatus.NoOp;
                else if (BinaryOpcode.ReturnsBody(opcode)) r.Status = ResponseStatus.Value;
                else r.Status = ResponseStatus.Success;
                return total;
            }

            switch (status)
            {
                case StatusKeyNotFound:
                    r.Status = BinaryOpcode.ReturnsItem(opcode) ? ResponseStatus.Miss : ResponseStatus.NotFound;
                    break;
                case StatusKeyExists: r.Status = ResponseStatus.Exists; break;
                case StatusNotStored: r.Status = ResponseStatus.NotStored; break;
                // The errors below carry the words memcached's text protocols use for the same case, so callers (and the
                // module's error ids) see one message whatever the protocol; the binary status is kept in BinaryStatus.
                case StatusTooLarge: Error(ref r, ResponseStatus.ServerError, "object too large for cache"); break;
                case StatusNonNumeric: Error(ref r, ResponseStatus.ClientError, "cannot increment or decrement non-numeric value"); break;
                case StatusOutOfMemory: Error(ref r, ResponseStatus.ServerError, "out of memory storing object"); break;
                case StatusInvalidArguments: Error(ref r, ResponseStatus.ClientError, "invalid arguments (" + Body(buf, ref r) + ")"); break;
                case StatusBusy: Error(ref r, ResponseStatus.ServerError, "busy (" + Body(buf, ref r) + ")"); break;
                case StatusTemporaryFailure: Error(ref r, ResponseStatus.ServerError, "temporary failure (" + Body(buf, ref r) + ")"); break;
                case StatusInternalError: Error(ref r, ResponseStatus.ServerError, "internal error (" + Body(buf, ref r) + ")"); break;
                case StatusNotSupported: Error(ref r, ResponseStatus.ServerError, "not supported (" + Body(buf, ref r) + ")"); break;
                case StatusVBucket: Error(ref r, ResponseStatus.ServerError, "not my vbucket (" + Body(buf, ref r) + ")"); break;
                case StatusUnknownCommand: Error(ref r, ResponseStatus.Error, "unknown command (" + Body(buf, ref r) + ")"); break;
                case StatusAuthError: Error(ref r, ResponseStatus.AuthError, Body(buf, ref r)); break;
                case StatusAuthContinue: r.Status = ResponseStatus.AuthContinue; break;
                default: Error(ref r, ResponseStatus.ServerError, $"binary status 0x{status:X4} ({Body(buf, ref r)})"); break;
            }
            return total;
        }

        private static void Error(ref ParsedResponse r, ResponseStatus status, string message)
        {
            r.Status = status;
            r.Message = message;
        }

        /// <summary>An error reply's text (memcached sends e.g. "Not found"), printable and at most 80 bytes of it.</summary>
        private static string Body(byte[] buf, ref ParsedResponse r) =>
            r.ValueLength == 0 ? "no message" : ParseHelpers.Describe(buf, r.ValueOffset, r.ValueLength);

        public static uint ReadUInt32(byte[] buf, int at) =>
            ((uint)buf[at] << 24) | ((uint)buf[at + 1] << 16) | ((uint)buf[at + 2] << 8) | buf[at + 3];

        public static ulong ReadUInt64(byte[] buf, int at) => ((ulong)ReadUInt32(buf, at) << 32) | ReadUInt32(buf, at + 4);

        /// <summary>A reply body as text (version string, stat values, SASL mechanisms).</summary>
        public static string BodyText(byte[] buf, ref ParsedResponse r) => Encoding.UTF8.GetString(buf, r.ValueOffset, r.ValueLength);
    }
}
