namespace MemcachePS.Core.Protocol
{
    /// <summary>
    /// Parses one meta-protocol reply (VA, HD, EN, NS, EX, NF, MN, ME, or an error line) from a byte buffer.
    /// Pure: no sockets, no state.
    /// </summary>
    internal static class MetaResponseParser
    {
        /// <summary>Parses with no bound but memcached's largest possible item (1 GiB): for tests and tools, not for a server's replies.</summary>
        public static int TryParse(byte[] buf, int offset, int count, out ParsedResponse r) =>
            TryParse(buf, offset, count, out r, ParseHelpers.MaxValueLength);

        /// <summary>Parses one reply, refusing a value larger than <paramref name="maxValueLength"/> at its header.</summary>
        /// <param name="buf">The received bytes.</param>
        /// <param name="offset">Where the reply starts in <paramref name="buf"/>.</param>
        /// <param name="count">How many received bytes follow <paramref name="offset"/>.</param>
        /// <param name="r">The reply, when it is complete.</param>
        /// <param name="maxValueLength">The largest value size accepted (the server's item_size_max); a larger one is a
        /// protocol error at its header, before its bytes are waited for.</param>
        /// <returns>The number of bytes the reply takes, or 0 when the buffer does not hold all of it yet.</returns>
        /// <exception cref="MemcachedProtocolException">The bytes are not a meta reply.</exception>
        public static int TryParse(byte[] buf, int offset, int count, out ParsedResponse r, int maxValueLength)
        {
            r = default;
            int lf = ParseHelpers.FindLineEnd(buf, offset, count);
            if (lf < 0) return 0;
            int lineLength = lf - 1 - offset;
            int lineConsumed = lf + 1 - offset;
            r.LineOffset = offset;
            r.LineLength = lineLength;

            if (ParseHelpers.TryParseError(buf, offset, lineLength, ref r)) return lineConsumed;

            if (lineLength < 2 || (lineLength > 2 && buf[offset + 2] != (byte)' '))
                throw new MemcachedProtocolException("Unexpected reply: '" + ParseHelpers.Describe(buf, offset, lineLength) + "'.");

            byte c0 = buf[offset], c1 = buf[offset + 1];
            int pos = offset + 2;
            int lineEnd = offset + lineLength;
            if (c0 == 'V' && c1 == 'A')
            {
                r.Status = ResponseStatus.Value;
                int sizeStart = pos + 1;
                if (sizeStart > lineEnd) throw new MemcachedProtocolException("VA reply without a size.");
                int sizeEnd = IndexOfSpace(buf, sizeStart, lineEnd);
                ulong size = ParseHelpers.ParseUInt64(buf, sizeStart, sizeEnd - sizeStart, "value size");
                ParseHelpers.CheckValueSize(size, maxValueLength);
                ParseFlags(buf, sizeEnd, lineEnd, ref r);
                int needed = lineConsumed + (int)size + 2;
                if (count < needed)
                {
                    r.PendingLength = needed;
                    return 0;
                }
                int valueStart = offset + lineConsumed;
                if (buf[valueStart + (int)size] != (byte)'\r' || buf[valueStart + (int)size + 1] != (byte)'\n')
                    throw new MemcachedProtocolException("Value data is not followed by CR LF (the reply does not match its announced size).");
                r.ValueOffset = valueStart;
                r.ValueLength = (int)size;
                return needed;
            }

            if (c0 == 'H' && c1 == 'D') r.Status = ResponseStatus.Success;
            else if (c0 == 'E' && c1 == 'N') r.Status = ResponseStatus.Miss;
            else if (c0 == 'N' && c1 == 'S') r.Status = ResponseStatus.NotStored;
            else if (c0 == 'E' && c1 == 'X') r.Status = ResponseStatus.Exists;
            else if (c0 == 'N' && c1 == 'F') r.Status = ResponseStatus.NotFound;
            else if (c0 == 'M' && c1 == 'N') r.Status = ResponseStatus.NoOp;
            else if (c0 == 'M' && c1 == 'E') { r.Status = ResponseStatus.Line; return lineConsumed; }
            else throw new MemcachedProtocolException("Unexpected reply: '" + ParseHelpers.Describe(buf, offset, lineLength) + "'.");

            ParseFlags(buf, pos, lineEnd, ref r);
            return lineConsumed;
        }

        private static int IndexOfSpace(byte[] buf, int from, int end)
        {
            for (int i = from; i < end; i++) if (buf[i] == (byte)' ') return i;
            return end;
        }

        /// <summary>Reads the " f1 c2 kfoo" tokens that follow the status code.</summary>
        private static void ParseFlags(byte[] buf, int pos, int lineEnd, ref ParsedResponse r)
        {
            while (pos < lineEnd)
            {
                if (buf[pos] != (byte)' ') throw ParseHelpers.Bad("meta flags", buf, pos, lineEnd - pos);
                int start = pos + 1;
                int end = IndexOfSpace(buf, start, lineEnd);
                if (end == start) throw ParseHelpers.Bad("meta flags (double space)", buf, pos, lineEnd - pos);
                byte flag = buf[start];
                int tokenStart = start + 1, tokenLength = end - start - 1;
                switch (flag)
                {
                    case (byte)'f':
                        ulong f = ParseHelpers.ParseUInt64(buf, tokenStart, tokenLength, "client flags");
                        if (f > uint.MaxValue) throw ParseHelpers.Bad("client flags", buf, tokenStart, tokenLength);
                        r.ClientFlags = (uint)f;
                        break;
                    case (byte)'c':
                        r.Cas = ParseHelpers.ParseUInt64(buf, tokenStart, tokenLength, "CAS");
                        break;
                    case (byte)'t':
                        r.Ttl = ParseHelpers.ParseInt64(buf, tokenStart, tokenLength, "TTL");
                        break;
                    case (byte)'s':
                        r.Size = ParseHelpers.ParseInt64(buf, tokenStart, tokenLength, "size");
                        break;
                    case (byte)'O':
                        ulong o = ParseHelpers.ParseUInt64(buf, tokenStart, tokenLength, "opaque");
                        if (o > uint.MaxValue) throw ParseHelpers.Bad("opaque", buf, tokenStart, tokenLength);
                        r.Opaque = (uint)o;
                        break;
                    case (byte)'k':
                        r.KeyOffset = tokenStart;
                        r.KeyLength = tokenLength;
                        break;
                    case (byte)'b': r.KeyIsBase64 = true; break;
                    case (byte)'W': r.Win = true; break;
                    case (byte)'X': r.Stale = true; break;
                    case (byte)'Z': r.AlreadyWon = true; break;
                    default:
                        // Flags this client did not ask for (h, l, …) are skipped: newer servers may add more.
                        if (flag < (byte)'!' || flag > (byte)'~') throw ParseHelpers.Bad("meta flag", buf, start, tokenLength + 1);
                        break;
                }
                pos = end;
            }
        }
    }
}
