using System;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Transport
{
    /// <summary>
    /// memcached's ASCII authentication (<c>-Y authfile</c>): on a new connection, <c>set &lt;any key&gt; 0 0 &lt;n&gt;</c>
    /// carrying <c>"user password"</c>, answered STORED or <c>CLIENT_ERROR authentication failure</c>.
    /// The credentials are sent only after the server has shown it wants them (a <c>version</c> probe answered
    /// <c>CLIENT_ERROR unauthenticated</c>): to a server without authentication that set would store the password as an
    /// ordinary item anyone could read.
    /// </summary>
    internal sealed class AsciiAuthenticator : IConnectionAuthenticator
    {
        private readonly MemcachedCredential _credential;

        public AsciiAuthenticator(MemcachedCredential credential) => _credential = credential;

        /// <summary>
        /// memcached splits the payload at spaces and its authfile at ':' and line ends: credentials with such characters
        /// could never match, so they are refused up front (without repeating the password).
        /// </summary>
        public static void ValidateCredential(MemcachedCredential credential)
        {
            string user = credential.UserName;
            if (user.Length == 0) throw new MemcachedClientException("The credential has no user name.");
            if (credential.PasswordLength == 0) throw new MemcachedClientException($"The credential for user '{KeyValidator.Printable(user)}' has no password.");
            foreach (char c in user)
                if (c <= ' ' || c == 0x7F || c == ':')
                    throw new MemcachedClientException($"The user name '{KeyValidator.Printable(user)}' contains a space, a colon or a control character, which memcached's authentication cannot carry.");
            char[] password = credential.RevealPassword();
            try
            {
                foreach (char c in password)
                    if (c <= ' ' || c == 0x7F)
                        throw new MemcachedClientException($"The password for user '{KeyValidator.Printable(user)}' contains a space or a control character, which memcached's authentication cannot carry.");
                for (int i = 0; i < password.Length; i++)
                    if (char.IsSurrogate(password[i]) && !(char.IsHighSurrogate(password[i]) && i + 1 < password.Length && char.IsLowSurrogate(password[++i])))
                        throw new MemcachedClientException($"The password for user '{KeyValidator.Printable(user)}' contains an unpaired surrogate, which UTF-8 cannot carry.");
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
        }

        public void Authenticate(ServerConnection connection, ServerNode node, Deadline deadline)
        {
            ServerAddress server = node.Address;
            WriteProbe(connection, node);
            connection.Flush(deadline);
            if (!WantsCredentials(connection, ReadLine(connection, deadline), server)) return;
            WriteCredentials(connection, out int written);
            try { connection.Flush(deadline); }
            finally { Wipe(connection, written); }
            CheckVerdict(connection, ReadLine(connection, deadline), server);
        }

        public async Task AuthenticateAsync(ServerConnection connection, ServerNode node, CancellationToken token)
        {
            ServerAddress server = node.Address;
            WriteProbe(connection, node);
            await connection.FlushAsync(token).ConfigureAwait(false);
            if (!WantsCredentials(connection, await ReadLineAsync(connection, token).ConfigureAwait(false), server)) return;
            WriteCredentials(connection, out int written);
            try { await connection.FlushAsync(token).ConfigureAwait(false); }
            finally { Wipe(connection, written); }
            CheckVerdict(connection, await ReadLineAsync(connection, token).ConfigureAwait(false), server);
        }

        /// <summary>
        /// 1. Does the server want credentials at all? A <c>version</c> answers that without revealing any. To memcached it
        /// is padded with spaces to 24 bytes (memcached reads them as separators): memcached -S (SASL, binary only) waits for
        /// 24 bytes before judging a request, and closes the connection at once on 24 that are not a binary header, which
        /// Auto mode takes as the sign to speak binary and SASL (<see cref="ServerNode.SuspectBinaryOnly"/>). A declared
        /// proxy gets the plain command.
        /// </summary>
        private static void WriteProbe(ServerConnection connection, ServerNode node)
        {
            connection.Output.Clear();
            TextRequestWriter.Command(connection.Output, "version");
            if (node.Kind == ServerKind.Memcached) Engine.ConnectionHandshake.PadToBinaryHeader(connection.Output);
        }

        private static bool WantsCredentials(ServerConnection connection, ParsedResponse probe, ServerAddress server)
        {
            connection.Consume(probe.LineLength + 2);
            if (ServerRefusedConnectionException.IsRefusal(ref probe)) throw new ServerRefusedConnectionException(server);
            if (probe.Status != ResponseStatus.ClientError) return false; // VERSION …: no authentication on this server
            string probeMessage = probe.Message ?? string.Empty;
            if (probeMessage.IndexOf("authenticat", StringComparison.OrdinalIgnoreCase) < 0)
                throw new MemcachedProtocolException($"Unexpected reply to version from {server}: 'CLIENT_ERROR {probeMessage}'.") { Server = server.Name };
            return true;
        }

        /// <summary>2. The credentials, wiped from the request buffer by <see cref="Wipe"/> once written.</summary>
        private void WriteCredentials(ServerConnection connection, out int written)
        {
            RequestBuffer b = connection.Output;
            b.Clear();
            char[] password = _credential.RevealPassword();
            try
            {
                int payload = Utf8Length(_credential.UserName) + 1 + System.Text.Encoding.UTF8.GetByteCount(password);
                b.WriteAscii("set auth 0 0 ");
                b.WriteNumber((ulong)payload);
                b.WriteCrLf();
                b.WriteUtf8(_credential.UserName);
                b.WriteByte((byte)' ');
                b.WriteUtf8(password);
                b.WriteCrLf();
                written = b.Length;
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
        }

        private static void Wipe(ServerConnection connection, int written)
        {
            Array.Clear(connection.Output.Bytes, 0, written);
            connection.Output.Clear();
        }

        private void CheckVerdict(ServerConnection connection, ParsedResponse reply, ServerAddress server)
        {
            connection.Consume(reply.LineLength + 2);
            if (reply.Status == ResponseStatus.Success) return;
            if (reply.Status == ResponseStatus.ClientError || reply.Status == ResponseStatus.ServerError)
            {
                connection.MarkBroken();
                throw new MemcachedAuthenticationException(
                    $"{server} refused the credentials of user '{KeyValidator.Printable(_credential.UserName)}' ({(reply.Status == ResponseStatus.ClientError ? "CLIENT_ERROR" : "SERVER_ERROR")} {Redact(reply.Message)}).")
                { Server = server.Name };
            }
            throw new MemcachedProtocolException($"Unexpected reply to authentication from {server}: '{reply.LineText(connection.Buffer)}'.") { Server = server.Name };
        }

        /// <summary>Whatever a server says back, the password does not travel on in an exception.</summary>
        private string Redact(string? message)
        {
            string text = message ?? string.Empty;
            char[] password = _credential.RevealPassword();
            try
            {
                if (password.Length == 0) return text;
                var redacted = new System.Text.StringBuilder(text.Length);
                for (int i = 0; i < text.Length;)
                {
                    if (StartsWith(text, i, password)) { redacted.Append("********"); i += password.Length; }
                    else redacted.Append(text[i++]);
                }
                return redacted.ToString();
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
        }

        private static bool StartsWith(string text, int at, char[] part)
        {
            if (text.Length - at < part.Length) return false;
            for (int j = 0; j < part.Length; j++)
                if (text[at + j] != part[j]) return false;
            return true;
        }

        private static int Utf8Length(string text) => System.Text.Encoding.UTF8.GetByteCount(text);

        /// <summary>One classic reply line (these replies never carry a value block); not consumed yet.</summary>
        private static ParsedResponse ReadLine(ServerConnection connection, Deadline deadline)
        {
            ParsedResponse reply;
            while (!TryTakeLine(connection, out reply)) connection.Fill(deadline);
            return reply;
        }

        private static async Task<ParsedResponse> ReadLineAsync(ServerConnection connection, CancellationToken token)
        {
            ParsedResponse reply;
            while (!TryTakeLine(connection, out reply)) await connection.FillAsync(token).ConfigureAwait(false);
            return reply;
        }

        private static bool TryTakeLine(ServerConnection connection, out ParsedResponse reply)
        {
            if (TextResponseParser.TryParse(connection.Buffer, connection.Start, connection.Count, out reply, MemcachedConstants.DefaultItemSizeMax) == 0) return false;
            if (reply.Status == ResponseStatus.Value)
            {
                connection.MarkBroken();
                throw new MemcachedProtocolException($"Unexpected value block from {connection.Server} during authentication.") { Server = connection.Server.Name };
            }
            return true;
        }
    }
}
