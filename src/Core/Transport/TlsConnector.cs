using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Core.Transport
{
    /// <summary>
    /// Puts TLS over a new connection's stream (the <see cref="TransportSettings.WrapStreamAsync"/> hook) and decides
    /// whether the server's certificate is acceptable: the system's trusted roots, or only the configured CA; the host
    /// name always; nothing at all with SkipCertificateCheck.
    /// </summary>
    internal sealed class TlsConnector
    {
        private readonly string? _targetHost;
        private readonly X509Certificate2Collection? _trustedCas;
        private readonly string? _caFile;
        private readonly X509CertificateCollection? _clientCertificates;
        private readonly bool _skipCertificateCheck;

        private TlsConnector(string? targetHost, X509Certificate2Collection? trustedCas, string? caFile,
            X509CertificateCollection? clientCertificates, bool skipCertificateCheck)
        {
            _targetHost = targetHost;
            _trustedCas = trustedCas;
            _caFile = caFile;
            _clientCertificates = clientCertificates;
            _skipCertificateCheck = skipCertificateCheck;
        }

        /// <summary>Reads the certificate files once, when the client is created, so a bad path fails there and not on first use.</summary>
        public static TlsConnector Create(MemcachedClientOptions options)
        {
            X509Certificate2Collection? cas = null;
            if (options.CaCertificateFile != null) cas = LoadCaCertificates(options.CaCertificateFile);

            X509CertificateCollection? clientCertificates = null;
            X509Certificate2? client = options.ClientCertificate;
            if (options.ClientCertificateFile != null) client = LoadClientCertificate(options.ClientCertificateFile, options);
            if (client != null)
            {
                if (!client.HasPrivateKey)
                    throw new MemcachedClientException($"The client certificate '{client.Subject}' has no private key; use a .pfx file that holds the key.");
                clientCertificates = new X509CertificateCollection { client };
            }
            return new TlsConnector(options.TlsTargetHost, cas, options.CaCertificateFile, clientCertificates, options.SkipCertificateCheck);
        }

        /// <summary>Whether a client certificate is offered to servers that ask for one.</summary>
        public bool HasClientCertificate => _clientCertificates != null;

        /// <summary>The name the certificate must carry for this server.</summary>
        public string TargetHostFor(ServerAddress server) => _targetHost ?? server.Host;

        // SslProtocols.None lets the operating system pick (TLS 1.2 and 1.3 today; memcached refuses older by default).

        /// <summary>The TLS handshake on the calling thread; the socket's timeouts (set by the caller) bound it.</summary>
        public Stream Wrap(Stream inner, ServerAddress server, Func<bool> deadlinePassed)
        {
            string host = TargetHostFor(server);
            var check = new CertificateCheck(this, server, host);
            var ssl = new SslStream(inner, leaveInnerStreamOpen: false, check.Validate);
            try
            {
                ssl.AuthenticateAsClient(host, _clientCertificates, SslProtocols.None, checkCertificateRevocation: false);
                return ssl;
            }
            catch (Exception e) when (IsHandshakeFailure(e))
            {
                ssl.Dispose();
                throw Refused(e, check, server, timedOut: deadlinePassed() || IsSocketTimeout(e));
            }
        }

        public async Task<Stream> WrapAsync(Stream inner, ServerAddress server, CancellationToken token)
        {
            string host = TargetHostFor(server);
            var check = new CertificateCheck(this, server, host);
            var ssl = new SslStream(inner, leaveInnerStreamOpen: false, check.Validate);
            try
            {
                // netstandard2.0 has no cancellable overload: on timeout the caller disposes the socket, which ends this.
                await ssl.AuthenticateAsClientAsync(host, _clientCertificates, SslProtocols.None, checkCertificateRevocation: false).ConfigureAwait(false);
                return ssl;
            }
            catch (Exception e) when (IsHandshakeFailure(e))
            {
                ssl.Dispose();
                throw Refused(e, check, server, timedOut: token.IsCancellationRequested);
            }
        }

        private static bool IsSocketTimeout(Exception e) =>
            (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode == SocketError.TimedOut;

        private static bool IsHandshakeFailure(Exception e) =>
            e is AuthenticationException || e is IOException || e is ObjectDisposedException || e is System.ComponentModel.Win32Exception;

        /// <summary>
        /// What a failed handshake means: a refused certificate (with the reason), the connect timeout (the exception
        /// itself, which the caller reports as a timeout), or a server that does not speak TLS.
        /// </summary>
        private static Exception Refused(Exception e, CertificateCheck check, ServerAddress server, bool timedOut)
        {
            if (check.Rejection != null)
                return new MemcachedTlsException(check.Rejection, check.PolicyErrors, e) { Server = server.Name };
            if (timedOut) return e;
            // A frame that is not TLS at all: .NET reports it with no inner error (a TLS alert or a protocol mismatch
            // carries the TLS library's error inside). A plain memcached answers a ClientHello with ERROR.
            if (e is AuthenticationException && e.InnerException == null)
                return new MemcachedTlsException(
                    $"TLS handshake with {server} failed: the server answered with bytes that are not TLS ({e.Message}), so it does not speak TLS on this port. " +
                    "Start memcached with TLS (-Z), or connect without UseTls if the server is meant to be plain.",
                    SslPolicyErrors.None, e)
                { Server = server.Name };
            return new MemcachedTlsException(
                $"TLS handshake with {server} failed: {e.Message}{(e.InnerException != null ? " (" + e.InnerException.Message + ")" : "")}. " +
                "Is the server started with TLS (memcached -Z), and does it accept this client's certificate?",
                SslPolicyErrors.None, e)
            { Server = server.Name };
        }

        /// <summary>One handshake's certificate decision, with the reason kept for the exception when it refuses.</summary>
        private sealed class CertificateCheck
        {
            private readonly TlsConnector _owner;
            private readonly ServerAddress _server;
            private readonly string _host;

            public CertificateCheck(TlsConnector owner, ServerAddress server, string host)
            {
                _owner = owner;
                _server = server;
                _host = host;
            }

            public string? Rejection { get; private set; }
            public SslPolicyErrors PolicyErrors { get; private set; }

            public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
            {
                if (_owner._skipCertificateCheck) return true;
                PolicyErrors = errors;
                if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                    return Refuse($"{_server} presented no TLS certificate.");

                var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
                if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return Refuse(
                        $"The TLS certificate of {_server} does not match the host name '{_host}' (name mismatch): it is for {DescribeNames(leaf)}. " +
                        "Connect by a name the certificate carries, or set TlsTargetHost to one.");
                }

                if (_owner._trustedCas == null)
                {
                    if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                        return Refuse($"The TLS certificate of {_server} ({leaf.Subject}, issued by {leaf.Issuer}) is not trusted (untrusted CA, or a broken chain): {DescribeChain(chain)}. " +
                                      "Give the issuing CA with CaCertificateFile, or trust it on this system.");
                    return true;
                }
                return ValidateAgainstCustomCa(leaf);
            }

            /// <summary>The chain must be valid in every respect except that its root is unknown to the system, and that root must be one of ours.</summary>
            private bool ValidateAgainstCustomCa(X509Certificate2 leaf)
            {
                if (!ValidForServerAuthentication(leaf, out string usages))
                {
                    PolicyErrors |= SslPolicyErrors.RemoteCertificateChainErrors;
                    return Refuse($"The TLS certificate of {_server} ({leaf.Subject}, issued by {leaf.Issuer}) is not valid for server authentication: its extended key usage " +
                                  $"allows {usages}, not serverAuth ({ServerAuthentication}). The server must present a certificate issued for TLS servers.");
                }
                using var custom = new X509Chain();
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                custom.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                // As on the system-trust path (SslStream asks for it): the chain must be valid for TLS server authentication.
                custom.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
                custom.ChainPolicy.ExtraStore.AddRange(_owner._trustedCas!);
                custom.Build(leaf);

                foreach (X509ChainStatus status in custom.ChainStatus)
                {
                    if (status.Status == X509ChainStatusFlags.NoError || status.Status == X509ChainStatusFlags.UntrustedRoot) continue;
                    PolicyErrors |= SslPolicyErrors.RemoteCertificateChainErrors;
                    return Refuse($"The TLS certificate of {_server} ({leaf.Subject}, issued by {leaf.Issuer}) does not chain to the CA in '{_owner._caFile}' (untrusted CA, or a broken chain): {DescribeChain(custom)}.");
                }

                X509Certificate2 root = custom.ChainElements[custom.ChainElements.Count - 1].Certificate;
                foreach (X509Certificate2 ca in _owner._trustedCas!)
                    if (string.Equals(ca.Thumbprint, root.Thumbprint, StringComparison.OrdinalIgnoreCase)) return true;

                PolicyErrors |= SslPolicyErrors.RemoteCertificateChainErrors;
                return Refuse($"The TLS certificate of {_server} ({leaf.Subject}) is issued by '{root.Subject}', which is not the CA in '{_owner._caFile}' (untrusted CA).");
            }

            private bool Refuse(string reason)
            {
                Rejection = reason;
                return false;
            }
        }

        private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
        private const string AnyExtendedKeyUsage = "2.5.29.37.0";

        /// <summary>
        /// A certificate without an extended key usage extension may serve any purpose; with one, it must list serverAuth
        /// (or anyExtendedKeyUsage). <paramref name="usages"/> names what it does list, for the message.
        /// </summary>
        private static bool ValidForServerAuthentication(X509Certificate2 certificate, out string usages)
        {
            usages = string.Empty;
            foreach (X509Extension extension in certificate.Extensions)
            {
                if (extension.Oid?.Value != "2.5.29.37") continue;
                var eku = extension as X509EnhancedKeyUsageExtension ?? new X509EnhancedKeyUsageExtension(extension, extension.Critical);
                var names = new List<string>();
                foreach (Oid oid in eku.EnhancedKeyUsages)
                {
                    if (oid.Value == ServerAuthentication || oid.Value == AnyExtendedKeyUsage) return true;
                    names.Add(string.IsNullOrEmpty(oid.FriendlyName) ? oid.Value ?? "?" : $"{oid.FriendlyName} ({oid.Value})");
                }
                usages = names.Count == 0 ? "no purpose" : "only " + string.Join(", ", names);
                return false;
            }
            return true;
        }

        private static string DescribeNames(X509Certificate2 certificate)
        {
            foreach (X509Extension extension in certificate.Extensions)
                if (extension.Oid?.Value == "2.5.29.17") return $"'{certificate.Subject}' with alternative names {extension.Format(false)}";
            return $"'{certificate.Subject}' (no alternative names)";
        }

        private static string DescribeChain(X509Chain? chain)
        {
            if (chain == null || chain.ChainStatus.Length == 0) return "chain errors";
            var sb = new StringBuilder();
            foreach (X509ChainStatus status in chain.ChainStatus)
            {
                if (status.Status == X509ChainStatusFlags.NoError) continue;
                if (sb.Length > 0) sb.Append("; ");
                sb.Append(status.Status);
                string info = status.StatusInformation?.Trim() ?? string.Empty;
                if (info.Length > 0) sb.Append(" (").Append(info).Append(')');
            }
            return sb.Length == 0 ? "chain errors" : sb.ToString();
        }

        /// <summary>Every certificate in a PEM file (a CA or a bundle), or the one in a DER file.</summary>
        private static X509Certificate2Collection LoadCaCertificates(string path)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                throw new MemcachedClientException($"Cannot read the CA certificate file '{path}': {e.Message}", e);
            }

            var result = new X509Certificate2Collection();
            try
            {
                string text = Encoding.ASCII.GetString(bytes);
                const string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
                int at = text.IndexOf(begin, StringComparison.Ordinal);
                if (at < 0)
                {
                    result.Add(new X509Certificate2(bytes)); // DER
                }
                while (at >= 0)
                {
                    int stop = text.IndexOf(end, at, StringComparison.Ordinal);
                    if (stop < 0) throw new MemcachedClientException($"The CA certificate file '{path}' has a BEGIN CERTIFICATE line without its END line.");
                    string base64 = text.Substring(at + begin.Length, stop - at - begin.Length);
                    result.Add(new X509Certificate2(Convert.FromBase64String(base64)));
                    at = text.IndexOf(begin, stop, StringComparison.Ordinal);
                }
            }
            catch (Exception e) when (e is CryptographicException || e is FormatException)
            {
                throw new MemcachedClientException($"The CA certificate file '{path}' holds no readable certificate (PEM or DER expected): {e.Message}", e);
            }
            return result;
        }

        private static X509Certificate2 LoadClientCertificate(string path, MemcachedClientOptions options)
        {
            try
            {
                return options.ClientCertificatePassword != null
                    ? new X509Certificate2(path, options.ClientCertificatePassword)
                    : new X509Certificate2(path);
            }
            catch (CryptographicException e)
            {
                // The message of a wrong password names no password; still, keep ours generic.
                throw new MemcachedClientException($"Cannot load the client certificate '{path}' (wrong password, or not a PKCS#12 file with its private key): {e.Message}", e);
            }
        }
    }
}
