using System;

namespace MemcachePS.Core.Protocol
{
    /// <summary>Encodes classic text-protocol commands.</summary>
    internal static class TextRequestWriter
    {
        /// <summary><c>get|gets &lt;key&gt;</c>, or <c>gat|gats &lt;exptime&gt; &lt;key&gt;</c> when touching.</summary>
        public static void Get(RequestBuffer b, string prefix, string key, bool withCas, long? touchTtl)
        {
            if (touchTtl.HasValue)
            {
                b.WriteAscii(withCas ? "gats " : "gat ");
                b.WriteNumber(touchTtl.Value);
                b.WriteByte((byte)' ');
            }
            else b.WriteAscii(withCas ? "gets " : "get ");
            KeyValidator.WriteValidatedKey(b, prefix, key, false);
            b.WriteCrLf();
        }

        /// <summary><c>set|add|replace|append|prepend|cas &lt;key&gt; &lt;flags&gt; &lt;exptime&gt; &lt;bytes&gt; [&lt;cas&gt;] [noreply]</c> then the data.</summary>
        public static void Store(RequestBuffer b, string prefix, string key, StoreMode mode, ArraySegment<byte> value, uint flags, long ttl, ulong cas, bool noReply = false)
        {
            if (cas != 0) b.WriteAscii("cas ");
            else
            {
                b.WriteAscii(mode switch
                {
                    StoreMode.Add => "add ",
                    StoreMode.Replace => "replace ",
                    StoreMode.Append => "append ",
                    StoreMode.Prepend => "prepend ",
                    _ => "set ",
                });
            }
            KeyValidator.WriteValidatedKey(b, prefix, key, false);
            b.WriteByte((byte)' ');
            b.WriteNumber((ulong)flags);
            b.WriteByte((byte)' ');
            b.WriteNumber(ttl);
            b.WriteByte((byte)' ');
            b.WriteNumber((ulong)value.Count);
            if (cas != 0) { b.WriteByte((byte)' '); b.WriteNumber(cas); }
            if (noReply) b.WriteAscii(" noreply");
            b.WriteCrLf();
            b.WriteBytes(value);
            b.WriteCrLf();
        }

        public static void Delete(RequestBuffer b, string prefix, string key, bool noReply = false)
        {
            b.WriteAscii("delete ");
            KeyValidator.WriteValidatedKey(b, prefix, key, false);
            if (noReply) b.WriteAscii(" noreply");
            b.WriteCrLf();
        }

        public static void Arithmetic(RequestBuffer b, string prefix, string key, bool decrement, ulong delta)
        {
            b.WriteAscii(decrement ? "decr " : "incr ");
            KeyValidator.WriteValidatedKey(b, prefix, key, false);
            b.WriteByte((byte)' ');
            b.WriteNumber(delta);
            b.WriteCrLf();
        }

        public static void Touch(RequestBuffer b, string prefix, string key, long ttl)
        {
            b.WriteAscii("touch ");
            KeyValidator.WriteValidatedKey(b, prefix, key, false);
            b.WriteByte((byte)' ');
            b.WriteNumber(ttl);
            b.WriteCrLf();
        }

        /// <summary>A whole command line for the server-level commands (stats, flush_all, version, verbosity, …).</summary>
        public static void Command(RequestBuffer b, string command, string? argument = null)
        {
            ValidateCommand(command, argument);
            b.WriteAscii(command);
            if (!string.IsNullOrEmpty(argument))
            {
                b.WriteByte((byte)' ');
                b.WriteAscii(argument!);
            }
            b.WriteCrLf();
        }

        /// <summary>
        /// Refuses what cannot be one command line: a name that is not one token of printable ASCII (0x21-0x7E), or an
        /// argument with anything but printable ASCII and spaces. Checked on the characters, before any byte is encoded:
        /// a character such as U+010A would otherwise reach the wire as its low byte, 0x0A, a line end.
        /// </summary>
        public static void ValidateCommand(string command, string? argument)
        {
            if (string.IsNullOrEmpty(command))
                throw new MemcachedClientException("The command name is empty.");
            foreach (char c in command)
            {
                if (c <= ' ' || c >= 0x7F)
                    throw new MemcachedClientException(
                        $"The command name '{KeyValidator.Printable(command)}' contains {Describe(c)}: a command name is one word of printable ASCII; give what follows it as the arguments.");
            }
            if (string.IsNullOrEmpty(argument)) return;
            foreach (char c in argument!)
                if (c < ' ' || c >= 0x7F)
                    throw new MemcachedClientException($"The argument '{KeyValidator.Printable(argument)}' of '{command}' contains {Describe(c)}, which cannot be sent: arguments are printable ASCII and spaces.");
        }

        private static string Describe(char c) =>
            c == ' ' ? "a space" : c < ' ' || c == 0x7F ? $"the control character U+{(int)c:X4}" : $"the non-ASCII character U+{(int)c:X4}";
    }
}
