using System;
using System.Runtime.InteropServices;
using System.Security;

namespace MemcachePS.Core
{
    /// <summary>
    /// A user name and password for memcached's authentication. The password is kept in a read-only
    /// <see cref="SecureString"/> of this object's own and no public member returns it: serializers, object dumps and
    /// debuggers' property views see the user name only. It is read into a char array only while the authentication
    /// request is written, and that array is cleared at once.
    /// </summary>
    public sealed class MemcachedCredential
    {
        private readonly SecureString _password;

        /// <param name="userName">The user name, as in memcached's authfile.</param>
        /// <param name="password">The password; copied, so the caller may dispose its own.</param>
        public MemcachedCredential(string userName, SecureString password)
        {
            UserName = userName ?? throw new ArgumentNullException(nameof(userName));
            if (password == null) throw new ArgumentNullException(nameof(password));
            _password = password.Copy();
            _password.MakeReadOnly();
        }

        /// <param name="userName">The user name, as in memcached's authfile.</param>
        /// <param name="password">The password; copied into a SecureString (the caller's string is out of our reach).</param>
        public MemcachedCredential(string userName, string password)
        {
            UserName = userName ?? throw new ArgumentNullException(nameof(userName));
            if (password == null) throw new ArgumentNullException(nameof(password));
            _password = new SecureString();
            foreach (char c in password) _password.AppendChar(c);
            _password.MakeReadOnly();
        }

        public string UserName { get; }

        /// <summary>How many characters the password has (never the characters themselves).</summary>
        public int PasswordLength => _password.Length;

        /// <summary>
        /// The password's characters in a new array. The caller clears it (<see cref="Array.Clear(Array, int, int)"/>) as
        /// soon as it is written: no string of it is ever made, so nothing immutable holds it.
        /// </summary>
        internal char[] RevealPassword()
        {
            var chars = new char[_password.Length];
            IntPtr unmanaged = Marshal.SecureStringToGlobalAllocUnicode(_password);
            try
            {
                for (int i = 0; i < chars.Length; i++) chars[i] = (char)Marshal.ReadInt16(unmanaged, i * 2);
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
            }
            return chars;
        }

        public override string ToString() => $"{UserName} (password hidden)";
    }
}
