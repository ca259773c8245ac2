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

        /// <summary>
        /// Throws <see cref="MemcachedClientException"/> when prefix + key cannot be sent. Works on the string itself,
        /// allocating nothing: UTF-8 maps every character at or above U+0080 to bytes at or above 0x80, so only
        /// characters below U+0021, DEL and unpaired surrogates can make a byte memcached refuses.
        /// </summary>
        public static void Validate(string prefix, string key, bool base64)
        {
            if (key == null) throw new MemcachedClientException("A key cannot be null.");
            if (key.Length == 0) throw new MemcachedClientException("A key cannot be empty.");
            int bytes = Utf8Length(prefix, key, base64) + Utf8Length(key, key, base64);
            int wire = base64 ? (bytes + 2) / 3 * 4 : bytes;
            if (wire > MemcachedConstants.MaxKeyLength)
            {
                throw new MemcachedClientException(base64
                    ? $"Key '{Printable(Shorten(key))}' is {wire} bytes once base64-encoded; memcached allows at most {MemcachedConstants.MaxKeyLength}."
                    : $"Key '{Printable(Shorten(key))}' is {wire} bytes{(prefix.Length > 0 ? " with its prefix" : "")}; memcached allows at most {MemcachedConstants.MaxKeyLength}.");
            }
        }

        /// <summary>UTF-8 length of <paramref name="text"/>, refusing characters memcached cannot take in a plain key.</summary>
        private static int Utf8Length(string text, string key, bool base64)
        {
            int n = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                {
                    if (!base64 && (c <= 0x20 || c == 0x7F))
                        throw new MemcachedClientException(
                            $"Key '{Printable(Shorten(key))}' contains {Describe((byte)c)}; memcached keys cannot contain whitespace or control characters (use base64 keys for such keys).");
                    n += 1;
                }
                else if (c < 0x800) n += 2;
                else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { n += 4; i++; }
                else if (char.IsSurrogate(c))
                    throw new MemcachedClientException($"Key '{Printable(Shorten(key))}' is not valid Unicode (it contains an unpaired surrogate).");
                else n += 3;
            }
            return n;
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
            int bytes = Utf8Length(prefix, prefix, base64);
            if (bytes >= MemcachedConstants.MaxKeyLength)
                throw new MemcachedClientException($"The key prefix is {bytes} bytes, leaving no room for a key within memcached's {MemcachedConstants.MaxKeyLength}.");
        }

        /// <summary>Validates prefix + key, then encodes it into <paramref name="buffer"/> as it goes on the wire.</summary>
        internal static void WriteKey(RequestBuffer buffer, string prefix, string key, bool base64)
        {
            Validate(prefix, key, base64);
            WriteValidatedKey(buffer, prefix, key, base64);
        }

        /// <summary>Encodes a key already checked by <see cref="Validate"/>.</summary>
        internal static void WriteValidatedKey(RequestBuffer buffer, string prefix, string key, bool base64)
        {
            int start = buffer.Length;
            int count = buffer.WriteUtf8(prefix) + buffer.WriteUtf8(key);
            if (base64) buffer.Base64InPlace(start, count);
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
