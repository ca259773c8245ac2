using System;
using System.Net.Security;

namespace MemcachePS.Core
{
    /// <summary>
    /// The TLS handshake failed or the server's certificate was refused (untrusted issuer, host name mismatch, expired,
    /// no certificate). A configuration or security problem rather than an outage: it does not count towards marking the
    /// server dead, so every attempt reports this cause.
    /// </summary>
    public sealed class MemcachedTlsException : MemcachedConnectionException
    {
        public MemcachedTlsException(string message, SslPolicyErrors policyErrors, Exception? inner = null) : base(message, inner)
        {
            PolicyErrors = policyErrors;
        }

        /// <summary>What the certificate check found (None when the handshake failed for another reason).</summary>
        public SslPolicyErrors PolicyErrors { get; }
    }
}
