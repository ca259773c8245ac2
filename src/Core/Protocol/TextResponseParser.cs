namespace MemcachePS.Core.Protocol
{
    /// <summary>
    /// Parses one element of a classic text-protocol reply: a VALUE block with its data, an END line, a known status
    /// word (STORED, NOT_STORED, EXISTS, NOT_FOUND, DELETED, TOUCHED, OK), an error line, or any other line
    /// (numbers, STAT, VERSION) left for the caller to read. Pure: no sockets, no state.
    /// </summary>
    internal static class TextResponseParser
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
        public static int TryParse(byte[] buf, int offset, int count, out ParsedResponse r, int maxValueLength)
        {
            r = default;
            int lf = ParseHelpers.FindLineEnd(buf, offset, count);
            if (lf < 0) return 0;
            int lineLength = lf - 1 - offset;
            int lineConsumed = lf + 1 - offset;
            r.LineOffset = offset;
            r.LineLength = lineLength;

            if (ParseHelpers.StartsWith(buf, offset, lineLength, "VALUE "))
                return ParseValue(buf, offset, count, lineLength, lineConsumed, maxValueLength, ref r);

            if (ParseHelpers.TryParseError(buf, offset, lineLength, ref r)) return lineConsumed;

            r.Status = Classify(buf, offset, lineLength);
            return lineConsumed;
        }

        private static ResponseStatus Classify(byte[] buf, int offset, int length)
        {
            if (ParseHelpers.Equals(buf, offset, length, "END")) return ResponseStatus.End;
            if (ParseHelpers.Equals(buf, offset, length, "STORED")) return ResponseStatus.Success;
            if (ParseHelpers.Equals(buf, offset, length, "DELETED")) return ResponseStatus.Success;
            if (ParseHelpers.Equals(buf, offset, length, "TOUCHED")) return ResponseStatus.Success;
            if (ParseHelpers.Equals(buf, offset, length, "OK")) return ResponseStatus.Success;
            if (ParseHelpers.Equals(buf, offset, length, "NOT_STORED")) return ResponseStatus.NotStored;
            if (ParseHelpers.Equals(buf, offset, length, "EXISTS")) return ResponseStatus.Exists;
            if (ParseHelpers.Equals(buf, offset, length, "NOT_FOUND")) return ResponseStatus.NotFound;
            return ResponseStatus.Line;
        }

        /// <summary>VALUE &lt;key&gt; &lt;flags&gt; &lt;bytes&gt; [&lt;cas&gt;]\r\n&lt;data&gt;\r\n</summary>
        private static int ParseValue(byte[] buf, int offset, int count, int lineLength, int lineConsumed, int maxValueLength, ref ParsedResponse r)
        {
            int lineEnd = offset + lineLength;
            int p = offset + 6;
            int keyEnd = NextSpace(buf, p, lineEnd);
            if (keyEnd == p || keyEnd == lineEnd) throw ParseHelpers.Bad("VALUE line", buf, offset, lineLength);
            r.KeyOffset = p;
            r.KeyLength = keyEnd - p;

            p = keyEnd + 1;
            int flagsEnd = NextSpace(buf, p, lineEnd);
            ulong flags = ParseHelpers.ParseUInt64(buf, p, flagsEnd - p, "client flags");
            if (flags > uint.MaxValue || flagsEnd == lineEnd) throw ParseHelpers.Bad("VALUE line", buf, offset, lineLength);
            r.ClientFlags = (uint)flags;

            p = flagsEnd + 1;
            int sizeEnd = NextSpace(buf, p, lineEnd);
            ulong size = ParseHelpers.ParseUInt64(buf, p, sizeEnd - p, "value size");
            ParseHelpers.CheckValueSize(size, maxValueLength);

            if (sizeEnd < lineEnd)
            {
                p = sizeEnd + 1;
                r.Cas = ParseHelpers.ParseUInt64(buf, p, lineEnd - p, "CAS");
            }

            int needed = lineConsumed + (int)size + 2;
            if (count < needed)
            {
                r.PendingLength = needed;
                return 0;
            }
            int valueStart = offset + lineConsumed;
            if (buf[valueStart + (int)size] != (byte)'\r' || buf[valueStart + (int)size + 1] != (byte)'\n')
                throw new MemcachedProtocolException("Value data is not followed by CR LF (the reply does not match its announced size).");
            r.Status = ResponseStatus.Value;
            r.ValueOffset = valueStart;
            r.ValueLength = (int)size;
            return needed;
        }

        private static int NextSpace(byte[] buf, int from, int end)
        {
            for (int i = from; i < end; i++) if (buf[i] == (byte)' ') return i;
            return end;
        }
    }
}
