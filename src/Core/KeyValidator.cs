using System;
using System.Text;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core
{
    /// <summary>
    /// memcached's key rule: 1 to 250 bytes, none of them whitespace or control bytes (0x00-0x20, 0x7F).
    /// Checked on the exact bytes that would be sent, before anything is sent.
    /// </summary>
    public static class KeyValidator
    {
        private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>Throws <see cref="MemcachedClientException"/> when the key (with prefix) cannot be sent.</summary>
        public static void Validate(string prefix, string key, bool base64)
        {
            var buffer = new RequestBuffer(300);
            WriteKey(buffer, prefix, key, base64);
        }

        public static bool IsValid(string prefix, string key, bool base64, out string? error)
        {
            try
            {
                Validate(prefix, key, base64);
                error = null;
                return true;
            }
            catch (MemcachedClientException e)
            {
                error = e.Message;
                return false;
            }
        }

        internal static void ValidatePrefix(string prefix, bool base64)
        {
            if (prefix.Length == 0) return;
            byte[] bytes = Encode(prefix, "key prefix");
            if (!base64) CheckBytes(bytes, 0, bytes.Length, prefix, "key prefix");
            if (bytes.Length > MemcachedConstants.MaxKeyLength)
                throw new MemcachedClientException($"The key prefix is {bytes.Length} bytes; a whole key may be at most {MemcachedConstants.MaxKeyLength}.");
        }

        /// <summary>
        /// Encodes prefix + key into <paramref name="buffer"/> as it goes on the wire (base64 when asked) and checks it.
        /// On failure the buffer is left as it was and a <see cref="MemcachedClientException"/> is thrown.
        /// </summary>
        public static void WriteKey(RequestBuffer buffer, string prefix, string key, bool base64)
        {
            if (key == null) throw new MemcachedClientException("A key cannot be null.");
            if (key.Length == 0) throw new MemcachedClientException("A key cannot be empty.");
            int start = buffer.Length;
            int count;
            try
            {
                count = buffer.WriteUtf8(prefix) + buffer.WriteUtf8(key);
            }
            catch (EncoderFallbackException)
            {
                buffer.Truncate(start);
                throw new MemcachedClientException($"Key '{Printable(key)}' is not valid Unicode (it contains an unpaired surrogate).");
            }

            if (base64)
            {
                buffer.Base64InPlace(start, count);
                count = buffer.Length - start;
                if (count > MemcachedConstants.MaxKeyLength)
                {
                    buffer.Truncate(start);
                    throw new MemcachedClientException(
                        $"Key '{Printable(key)}' is {count} bytes once base64-encoded; memcached allows at most {MemcachedConstants.MaxKeyLength}.");
                }
                return;
            }

            if (count > MemcachedConstants.MaxKeyLength)
            {
                buffer.Truncate(start);
                throw new MemcachedClientException(
                    $"Key '{Printable(Shorten(key))}' is {count} bytes{(prefix.Length > 0 ? " with its prefix" : "")}; memcached allows at most {MemcachedConstants.MaxKeyLength}.");
            }
            try
            {
                CheckBytes(buffer.Bytes, start, count, key, "key");
            }
            catch
            {
                buffer.Truncate(start);
                throw;
            }
        }

        private static byte[] Encode(string text, string what)
        {
            try { return StrictUtf8.GetBytes(text); }
            catch (EncoderFallbackException) { throw new MemcachedClientException($"The {what} is not valid Unicode (it contains an unpaired surrogate)."); }
        }

        private static void CheckBytes(byte[] bytes, int offset, int count, string text, string what)
        {
            for (int i = offset; i < offset + count; i++)
            {
                byte b = bytes[i];
                if (b <= 0x20 || b == 0x7F)
                    throw new MemcachedClientException(
                        $"The {what} '{Printable(Shorten(text))}' contains {Describe(b)}; memcached keys cannot contain whitespace or control characters. Use base64 keys for such keys.");
            }
        }

        private static string Describe(byte b) => b switch
        {
            0x20 => "a space",
            0x0D => "a carriage return (CR)",
            0x0A => "a line feed (LF)",
            0x09 => "a tab",
            0x00 => "a NUL byte",
            0x7F => "a DEL byte",
            _ => $"the control byte 0x{b:X2}",
        };

        private static string Shorten(string key) => key.Length > 60 ? key.Substring(0, 57) + "..." : key;

        /// <summary>Shows control characters visibly so an error message never carries raw CR/LF.</summary>
        internal static string Printable(string text)
        {
            var sb = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (c < 0x20 || c == 0x7F) sb.Append("\\x").Append(((int)c).ToString("X2"));
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
