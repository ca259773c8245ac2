using System;
using System.Threading;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// What runs once on each new connection, after authentication, pipelined into one round trip:
    /// <list type="bullet">
    /// <item>for memcached, <c>stats settings</c> (item_size_max, cas_enabled; not sent when
    /// <see cref="MemcachedClientOptions.ItemSizeMax"/> is given) and, in Auto mode, <c>mn</c> to learn whether the server
    /// speaks meta commands;</item>
    /// <item>for a configured proxy (<see cref="ServerKind.Proxy"/>), nothing: a proxy closes the connection on what it
    /// does not forward;</item>
    /// <item>for a server found to close the connection on the above (<see cref="ServerNode.DetectProxy"/>), <c>version</c>,
    /// which twemproxy and mcrouter answer: it shows the server serves before an item command is trusted to it;</item>
    /// <item>for a server spoken to in the binary protocol (<see cref="ProtocolMode.Binary"/>, or a SASL server Auto mode
    /// found), the binary <c>stat settings</c>, after SASL (<see cref="Transport.SaslAuthenticator"/>).</item>
    /// </list>
    /// The text requests are padded with spaces to at least 24 bytes, a binary header's length: memcached <c>-S</c> (SASL,
    /// binary only) waits for 24 bytes before it judges a request, so a shorter text request would get no answer until the
    /// deadline, while 24 bytes that are not a binary header make it close the connection at once (checked on 1.6.18), which
    /// Auto mode takes as the sign to ask in binary (<see cref="ServerNode.SuspectBinaryOnly"/>).
    /// Only the steps: <see cref="OperationEngine"/> does the waiting, synchronously or not.
    /// </summary>
    internal struct ConnectionHandshake
    {
        private readonly ServerNode _node;
        private readonly bool _settings;
        private readonly bool _detect;
        private readonly bool _probe;
        private readonly bool _binary;
        private readonly bool _binaryProbe;
        private bool _settingsDone;
        private bool _started;
        private uint _opaque;

        /// <summary>The shortest request memcached -S judges: a binary header.</summary>
        internal const int BinaryHeaderLength = 24;

        public ConnectionHandshake(ServerNode node)
        {
            _node = node;
            _binaryProbe = node.Kind == ServerKind.Memcached && node.Mode == ProtocolMode.Auto && node.ProbesBinary;
            _binary = _binaryProbe || node.UsesBinary;
            _probe = node.Kind == ServerKind.Memcached && node.IsProxy && !_binary;
            bool full = node.Kind == ServerKind.Memcached && !_probe;
            _settings = full && !node.ItemSizeMaxConfigured;
            _detect = full && node.Mode == ProtocolMode.Auto && !_binary;
            _settingsDone = !_settings;
            _started = false;
            _opaque = 0;
        }

        /// <summary>
        /// Whether SASL runs on this connection first (<see cref="Transport.SaslAuthenticator"/>): always for Auto mode's binary
        /// probe (it is the probe), and on a binary server when credentials are configured.
        /// </summary>
        public bool NegotiatesSasl(bool hasCredential) => _binaryProbe || (_binary && hasCredential);

        /// <summary>Whether this connection is Auto mode's binary probe of a server that closed the text handshake.</summary>
        public bool IsBinaryProbe => _binaryProbe;

        /// <summary>Whether any reply to the text handshake arrived (a server that answers text is no binary-only server).</summary>
        public bool AnsweredInText => _started;

        /// <summary>Whether the connection speaks the binary protocol (no ASCII authentication on it).</summary>
        public bool IsBinary => _binary;

        /// <summary>Whether this handshake asks the server anything (nothing is sent, or waited for, when not).</summary>
        public bool SendsAnything => _settings || _detect || _probe;

        /// <summary>Whether it is the full handshake, the one a proxy nobody declared closes the connection on.</summary>
        public bool IsFull => _settings || _detect;

        /// <summary>Whether it is the <c>version</c> probe of a server found to be a proxy.</summary>
        public bool IsProbe => _probe;

        public void Write(ServerConnection conn)
        {
            conn.Output.Clear();
            if (_binary)
            {
                _opaque = conn.NextOpaque();
                BinaryRequestWriter.Stat(conn.Output, "settings", _opaque);
                return;
            }
            if (_probe) TextRequestWriter.Command(conn.Output, "version");
            if (_settings) TextRequestWriter.Command(conn.Output, "stats", "settings");
            if (_detect) MetaRequestWriter.NoOp(conn.Output);
            // A proxy found (it closed on stats and mn) is asked nothing more than the plain version.
            if (!_probe) PadToBinaryHeader(conn.Output);
        }

        /// <summary>
        /// Spaces before the last line's CR LF, up to 24 bytes in all (see the class remarks): memcached reads runs of spaces as
        /// one separator, so the commands and their replies are unchanged (checked on 1.6.18 for <c>stats settings</c>,
        /// <c>mn</c> and <c>version</c>, with and without -Y).
        /// </summary>
        internal static void PadToBinaryHeader(RequestBuffer output)
        {
            if (output.Length == 0 || output.Length >= BinaryHeaderLength) return;
            int spaces = BinaryHeaderLength - output.Length;
            output.Truncate(output.Length - 2);
            for (int i = 0; i < spaces; i++) output.WriteByte((byte)' ');
            output.WriteCrLf();
        }

        /// <summary>Reads what has arrived; true once the whole handshake reply was read.</summary>
        public bool TryRead(ServerConnection conn)
        {
            if (_binary) return TryReadBinary(conn);
            if (!_started && !conn.IsTls && conn.Count > 0 && IsTlsRecord(conn.Buffer[conn.Start]))
                throw new MemcachedProtocolException(
                    $"{_node.Address} answered in TLS: it is a TLS port (memcached -Z). Connect with UseTls (Connect-Memcached -UseTls).") { Server = _node.Address.Name };
            while (true)
            {
                int n = TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply, MemcachedConstants.DefaultItemSizeMax);
                if (n == 0) return false;
                _started = true;
                conn.Consume(n);
                if (ServerRefusedConnectionException.IsRefusal(ref reply))
                    throw new ServerRefusedConnectionException(_node.Address);
                if (_probe)
                {
                    if (!ParseHelpers.StartsWith(conn.Buffer, reply.LineOffset, reply.LineLength, "VERSION "))
                        throw new MemcachedProtocolException($"Unexpected reply to version from {_node.Address}: '{reply.LineText(conn.Buffer)}'.") { Server = _node.Address.Name };
                    return true;
                }
                if (!_settingsDone)
                {
                    if (reply.Status == ResponseStatus.End || reply.IsError)
                    {
                        if (reply.Status == ResponseStatus.ClientError || reply.Status == ResponseStatus.ServerError)
                            ThrowIfAuthenticationRequired(reply.Message, _node);
                        _settingsDone = true;
                        if (!_detect) return Answered();
                        continue;
                    }
                    ReadSetting(ref reply, conn.Buffer, _node);
                    continue;
                }
                if (ParseHelpers.Equals(conn.Buffer, reply.LineOffset, reply.LineLength, "MN")) _node.SetProtocol(meta: true);
                else if (reply.Status == ResponseStatus.Error) _node.SetProtocol(meta: false);
                else throw new MemcachedProtocolException($"Unexpected reply to mn from {_node.Address}: '{reply.LineText(conn.Buffer)}'.");
                return Answered();
            }
        }

        /// <summary>
        /// The binary <c>stat settings</c>: one packet per setting, the one with an empty key ends them. An authentication
        /// error means the server wants SASL and this connection has not done it (no credentials configured).
        /// </summary>
        private bool TryReadBinary(ServerConnection conn)
        {
            if (!_settings) return Answered();
            while (true)
            {
                int n = BinaryResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply, MemcachedConstants.DefaultItemSizeMax);
                if (n == 0)
                {
                    if (reply.PendingLength > 0) conn.Reserve(reply.PendingLength);
                    return false;
                }
                conn.Consume(n);
                if (reply.Opaque != _opaque || reply.Opcode != BinaryOpcode.Stat)
                {
                    conn.MarkBroken();
                    throw ReplyErrors.BinaryOutOfStep(ref reply, BinaryOpcode.Stat, _opaque, _node);
                }
                if (reply.Status == ResponseStatus.AuthError) throw ReplyErrors.SaslRequired(_node);
                if (reply.IsError)
                    throw new MemcachedProtocolException($"Unexpected reply to stat settings from {_node.Address}: {reply.Message}.") { Server = _node.Address.Name };
                if (reply.KeyLength == 0) return Answered();
                ReadSetting(conn.Buffer, reply.KeyOffset, reply.KeyLength, reply.ValueOffset, reply.ValueLength, _node);
            }
        }

        private bool Answered()
        {
            _node.HandshakeAnswered = true;
            return true;
        }

        /// <summary>
        /// Whether a failure of this handshake means "a proxy nobody declared", to be spoken to as one (see
        /// <see cref="ServerKind.Memcached"/>): the full handshake of a plain connection to a server that never answered
        /// one, ended by the server closing the connection (not a timeout, not a refusal at its connection limit, not the
        /// caller's cancellation).
        /// </summary>
        public bool MayFallBack(MemcachedConnectionException e, ServerConnection conn, CancellationToken caller) =>
            (IsFull || _binaryProbe) && !caller.IsCancellationRequested && !conn.IsTls && !_node.HandshakeAnswered &&
            !(e is MemcachedTimeoutException) && !(e is MemcachedTlsException) && !(e is ServerRefusedConnectionException);

        /// <summary>A TLS record's first byte (alert 0x15, handshake 0x16): never the start of a memcached reply line.</summary>
        private static bool IsTlsRecord(byte b) => b == 0x15 || b == 0x16;

        /// <summary>
        /// What a broken first exchange on a new connection most likely means, when the server closed it without a word:
        /// on TLS, a server that wants a client certificate (memcached -Z with ssl_verify_mode 2 or 3 closes right after
        /// the handshake when none or an unknown one is given); on a plain connection, a TLS-only server (it drops a client
        /// that does not speak TLS), or a proxy that does not even answer <c>version</c>. A timeout, or anything else, is
        /// passed on as it is.
        /// </summary>
        public static MemcachedConnectionException Explain(MemcachedConnectionException e, ServerConnection conn, ServerNode node)
        {
            if (e is MemcachedTimeoutException || e is MemcachedTlsException) return e;
            string server = node.Address.Name;
            if (conn.IsTls)
            {
                string advice = conn.HasClientCertificate
                    ? "The server may not accept this client's certificate: check that the CA in its ssl_ca_cert issued it."
                    : "A server that requires client certificates (memcached -Z with ssl_verify_mode=2 or 3) does this when none is given: " +
                      "give one with ClientCertificateFile or ClientCertificate (Connect-Memcached -ClientCertificate).";
                return new MemcachedTlsException($"{server} closed the TLS connection right after the handshake, before answering ({e.Message}). {advice}",
                    System.Net.Security.SslPolicyErrors.None, e) { Server = server };
            }
            return new MemcachedConnectionException(
                $"{server} closed the connection at the first command, without a reply ({e.Message}). A memcached that speaks only TLS (-Z) does this " +
                "with a plain client: connect with UseTls (Connect-Memcached -UseTls). A memcached with SASL (-S) speaks only the binary protocol and " +
                "does this to text: connect with Protocol Binary (or Auto) and credentials (Connect-Memcached -Protocol Binary -Credential). A proxy that knows neither stats settings, mn nor version does " +
                "too: declare it with ServerKind Proxy (Connect-Memcached -ServerKind Proxy). Otherwise the server may be refusing connections (maxconns).", e) { Server = server };
        }

        private static void ReadSetting(ref ParsedResponse reply, byte[] buffer, ServerNode node)
        {
            const string stat = "STAT ";
            if (!ParseHelpers.StartsWith(buffer, reply.LineOffset, reply.LineLength, stat)) return;
            int nameStart = reply.LineOffset + stat.Length, end = reply.LineOffset + reply.LineLength;
            int space = nameStart;
            while (space < end && buffer[space] != (byte)' ') space++;
            if (space == end) return;
            ReadSetting(buffer, nameStart, space - nameStart, space + 1, end - space - 1, node);
        }

        /// <summary>One setting, by name and value (a text <c>STAT name value</c> line or a binary stat packet).</summary>
        private static void ReadSetting(byte[] buffer, int nameOffset, int nameLength, int valueOffset, int valueLength, ServerNode node)
        {
            if (ParseHelpers.Equals(buffer, nameOffset, nameLength, "item_size_max"))
            {
                ulong size = ParseHelpers.ParseUInt64(buffer, valueOffset, valueLength, "item_size_max");
                // Also the bound on every value this server may announce (ParseHelpers.CheckValueSize); memcached refuses an
                // item_size_max over 1 GiB, so a larger figure is clamped to that. A server that does not answer
                // stats settings (an old server, a proxy) keeps memcached's default of 1 MiB, or the configured ItemSizeMax.
                if (!node.ItemSizeMaxConfigured) node.ItemSizeMax = (int)Math.Min(ParseHelpers.MaxValueLength, size);
            }
            else if (ParseHelpers.Equals(buffer, nameOffset, nameLength, "cas_enabled"))
            {
                node.CasEnabled = !ParseHelpers.Equals(buffer, valueOffset, valueLength, "no");
            }
        }

        private static void ThrowIfAuthenticationRequired(string? message, ServerNode node)
        {
            // memcached -Y answers "CLIENT_ERROR unauthenticated" to anything but the authentication set.
            if (message != null && message.IndexOf("authenticat", StringComparison.OrdinalIgnoreCase) >= 0)
                throw new MemcachedAuthenticationException($"{node.Address} requires authentication: configure credentials.") { Server = node.Address.Name };
        }
    }
}
