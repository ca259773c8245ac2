using System;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Transport
{
    /// <summary>
    /// SASL over the binary protocol (memcached <c>-S</c>), on a new connection before anything else: list the mechanisms
    /// (opcode 0x20), then authenticate with PLAIN (0x21: an empty authorization id, the user name and the password, each
    /// after a NUL), stepping (0x22) while the server asks to continue. The credentials are sent only to a server that
    /// lists mechanisms, so a server without SASL never sees them; a SASL server without configured credentials is a clear
    /// error. The password is read into a char array while the request is written, wiped from the request buffer once sent,
    /// and never reaches a message.
    /// </summary>
    /// <remarks>
    /// Also the probe of Auto mode (<see cref="ServerNode.ProbesBinary"/>): a server that closed the text handshake is asked
    /// for its mechanisms in binary. A binary answer makes it a binary server (SASL or not); a close, or an answer in text,
    /// is reported as a <see cref="MemcachedConnectionException"/>, and the engine then takes the server for a proxy.
    /// </remarks>
    internal sealed class SaslAuthenticator
    {
        /// <summary>Most SASL steps followed before the exchange is given up (PLAIN takes one).</summary>
        private const int MaxSteps = 4;

        /// <summary>A SASL reply is a few bytes (mechanism names, "Authenticated"); larger is not one.</summary>
        private const int MaxReplyBody = 4096;

        private readonly MemcachedCredential? _credential;

        public SaslAuthenticator(MemcachedCredential? credential) => _credential = credential;

        public void Negotiate(ServerConnection connection, ServerNode node, bool probe, Deadline deadline)
        {
            uint opaque = WriteListMechanisms(connection);
            connection.Flush(deadline);
            if (!WantsCredentials(connection, node, probe, ReadReply(connection, node, probe, deadline), opaque)) return;
            for (int step = 0; ; step++)
            {
                opaque = WriteAuthentication(connection, step, out int written);
                try { connection.Flush(deadline); }
                finally { Wipe(connection, written); }
                if (Verdict(connection, node, ReadReply(connection, node, false, deadline), opaque, step)) return;
            }
        }

        public async Task NegotiateAsync(ServerConnection connection, ServerNode node, bool probe, CancellationToken token)
        {
            uint opaque = WriteListMechanisms(connection);
            await connection.FlushAsync(token).ConfigureAwait(false);
            if (!WantsCredentials(connection, node, probe, await ReadReplyAsync(connection, node, probe, token).ConfigureAwait(false), opaque)) return;
            for (int step = 0; ; step++)
            {
                opaque = WriteAuthentication(connection, step, out int written);
                try { await connection.FlushAsync(token).ConfigureAwait(false); }
                finally { Wipe(connection, written); }
                if (Verdict(connection, node, await ReadReplyAsync(connection, node, false, token).ConfigureAwait(false), opaque, step)) return;
            }
        }

        private static uint WriteListMechanisms(ServerConnection connection)
        {
            connection.Output.Clear();
            uint opaque = connection.NextOpaque();
            BinaryRequestWriter.Bare(connection.Output, BinaryOpcode.SaslListMechs, opaque);
            return opaque;
        }

        /// <summary>
        /// 1. The mechanisms: none (unknown command: no SASL on this server, nothing to send) or a list that must hold PLAIN.
        /// A server that lists mechanisms while no credentials are configured is refused here, with a clear error.
        /// </summary>
        private bool WantsCredentials(ServerConnection connection, ServerNode node, bool probe, ParsedResponse reply, uint opaque)
        {
            CheckInStep(connection, node, ref reply, BinaryOpcode.SaslListMechs, opaque);
            if (probe)
            {
                node.SetBinary(); // it answered in binary: the binary protocol it is, SASL or not
                node.HandshakeAnswered = true; // no proxy: a later close is a failure, not a reason to fall back
            }
            if (reply.BinaryStatus == BinaryResponseParser.StatusUnknownCommand) return false; // a binary server without SASL
            if (reply.Status != ResponseStatus.Value)
            {
                connection.MarkBroken();
                throw new MemcachedProtocolException($"Unexpected reply to SASL list mechanisms from {node.Address}: status 0x{reply.BinaryStatus:X4} ({reply.Message}).") { Server = node.Address.Name };
            }
            string mechanisms = BinaryResponseParser.BodyText(connection.Buffer, ref reply).Trim();
            if (_credential == null)
            {
                connection.MarkBroken();
                throw new MemcachedAuthenticationException(
                    $"{node.Address} requires SASL authentication (memcached -S; it offers {Quote(mechanisms)}): configure credentials " +
                    "(MemcachedClientOptions.Credential; Connect-Memcached -Credential).")
                { Server = node.Address.Name };
            }
            if (Array.IndexOf(mechanisms.Split(' '), "PLAIN") < 0)
            {
                connection.MarkBroken();
                throw new MemcachedAuthenticationException(
                    $"{node.Address} offers the SASL mechanisms {Quote(mechanisms)}, and this client authenticates with PLAIN only: add PLAIN to the server's mech_list.")
                { Server = node.Address.Name };
            }
            return true;
        }

        /// <summary>2. AUTH PLAIN (or a STEP after "continue"): key "PLAIN", value NUL user NUL password. Wiped once sent.</summary>
        private uint WriteAuthentication(ServerConnection connection, int step, out int written)
        {
            RequestBuffer b = connection.Output;
            b.Clear();
            uint opaque = connection.NextOpaque();
            int start = BinaryRequestWriter.Header(b, step == 0 ? BinaryOpcode.SaslAuth : BinaryOpcode.SaslStep, opaque, 0);
            b.WriteAscii("PLAIN");
            if (step == 0)
            {
                char[] password = _credential!.RevealPassword();
                try
                {
                    b.WriteByte(0); // no authorization identity: act as the user authenticated
                    b.WriteUtf8(_credential.UserName);
                    b.WriteByte(0);
                    b.WriteUtf8(password);
                }
                finally
                {
                    Array.Clear(password, 0, password.Length);
                }
            }
            BinaryRequestWriter.Finish(b, start, 0, 5);
            written = b.Length;
            return opaque;
        }

        private static void Wipe(ServerConnection connection, int written)
        {
            Array.Clear(connection.Output.Bytes, 0, written);
            connection.Output.Clear();
        }

        /// <summary>3. The server's verdict: true when authenticated, false to send another step.</summary>
        private bool Verdict(ServerConnection connection, ServerNode node, ParsedResponse reply, uint opaque, int step)
        {
            CheckInStep(connection, node, ref reply, step == 0 ? BinaryOpcode.SaslAuth : BinaryOpcode.SaslStep, opaque);
            if (reply.BinaryStatus == BinaryResponseParser.StatusSuccess) return true;
            if (reply.Status == ResponseStatus.AuthContinue && step + 1 < MaxSteps) return false; // in step: the server asks for the next step
            connection.MarkBroken();
            if (reply.Status == ResponseStatus.AuthError)
            {
                // memcached answers "Auth failure." for a wrong password and an unknown user alike; the password is not named.
                throw new MemcachedAuthenticationException(
                    $"{node.Address} refused the SASL PLAIN credentials of user '{KeyValidator.Printable(_credential!.UserName)}' (wrong user name or password, " +
                    "or a user not in the server's sasldb).")
                { Server = node.Address.Name };
            }
            throw new MemcachedProtocolException($"Unexpected reply to SASL authentication from {node.Address}: status 0x{reply.BinaryStatus:X4}.") { Server = node.Address.Name };
        }

        private static void CheckInStep(ServerConnection connection, ServerNode node, ref ParsedResponse reply, byte opcode, uint opaque)
        {
            connection.Consume(reply.ValueOffset + reply.ValueLength - reply.LineOffset); // header, extras, key and value
            if (reply.Opaque != opaque || reply.Opcode != opcode)
            {
                connection.MarkBroken();
                throw ReplyErrors.BinaryOutOfStep(ref reply, opcode, opaque, node);
            }
        }

        private static string Quote(string mechanisms) => mechanisms.Length == 0 ? "no mechanism" : "'" + KeyValidator.Printable(mechanisms) + "'";

        private static ParsedResponse ReadReply(ServerConnection connection, ServerNode node, bool probe, Deadline deadline)
        {
            ParsedResponse reply;
            while (!TryTake(connection, node, probe, out reply)) connection.Fill(deadline);
            return reply;
        }

        private static async Task<ParsedResponse> ReadReplyAsync(ServerConnection connection, ServerNode node, bool probe, CancellationToken token)
        {
            ParsedResponse reply;
            while (!TryTake(connection, node, probe, out reply)) await connection.FillAsync(token).ConfigureAwait(false);
            return reply;
        }

        /// <summary>One whole reply, not consumed yet. In a probe, an answer in text means "not a binary server".</summary>
        private static bool TryTake(ServerConnection connection, ServerNode node, bool probe, out ParsedResponse reply)
        {
            if (probe && connection.Count > 0 && connection.Buffer[connection.Start] != BinaryResponseParser.ResponseMagic)
            {
                connection.MarkBroken();
                throw new NotBinaryException(node, ParseHelpers.Describe(connection.Buffer, connection.Start, Math.Min(connection.Count, 40)));
            }
            return BinaryResponseParser.TryParse(connection.Buffer, connection.Start, connection.Count, out reply, MaxReplyBody) != 0;
        }

        /// <summary>A server asked in binary answered in text: it is no binary server (a proxy, most likely).</summary>
        internal sealed class NotBinaryException : MemcachedConnectionException
        {
            public NotBinaryException(ServerNode node, string reply)
                : base($"{node.Address} answered a binary request in text ('{reply}'): it does not speak the binary protocol.")
            {
                Server = node.Address.Name;
            }
        }
    }
}
