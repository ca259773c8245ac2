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
    /// which twemproxy and mcrouter answer: it shows the server serves before an item command is trusted to it.</item>
    /// </list>
    /// Only the steps: <see cref="OperationEngine"/> does the waiting, synchronously or not.
    /// </summary>
    internal struct ConnectionHandshake
    {
        private readonly ServerNode _node;
        private readonly bool _settings;
        private readonly bool _detect;
        private readonly bool _probe;
        private bool _settingsDone;
        private bool _started;

        public ConnectionHandshake(ServerNode node)
        {
            _node = node;
            _probe = node.Kind == ServerKind.Memcached && node.IsProxy;
            bool full = node.Kind == ServerKind.Memcached && !_probe;
            _settings = full && !node.ItemSizeMaxConfigured;
            _detect = full && node.Mode == ProtocolMode.Auto;
            _settingsDone = !_settings;
            _started = false;
        }

        /// <summary>Whether this handshake asks the server anything (nothing is sent, or waited for, when not).</summary>
        public bool SendsAnything => _settings || _detect || _probe;

        /// <summary>Whether it is the full handshake, the one a proxy nobody declared closes the connection on.</summary>
        public bool IsFull => _settings || _detect;

        /// <summary>Whether it is the <c>version</c> probe of a server found to be a proxy.</summary>
        public bool IsProbe => _probe;

        public void Write(ServerConnection conn)
        {
            conn.Output.Clear();
            if (_probe) TextRequestWriter.Command(conn.Output, "version");
            if (_settings) TextRequestWriter.Command(conn.Output, "stats", "settings");
            if (_detect) MetaRequestWriter.NoOp(conn.Output);
        }

        /// <summary>Reads what has arrived; true once the whole handshake reply was read.</summary>
        public bool TryRead(ServerConnection conn)
        {
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
            IsFull && !caller.IsCancellationRequested && !conn.IsTls && !_node.HandshakeAnswered &&
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
                "with a plain client: connect with UseTls (Connect-Memcached -UseTls). A proxy that knows neither stats settings, mn nor version does " +
                "too: declare it with ServerKind Proxy (Connect-Memcached -ServerKind Proxy). Otherwise the server may be refusing connections (maxconns).", e) { Server = server };
        }

        private static void ReadSetting(ref ParsedResponse reply, byte[] buffer, ServerNode node)
        {
            const string itemSizeMax = "STAT item_size_max ";
            const string casEnabled = "STAT cas_enabled ";
            if (ParseHelpers.StartsWith(buffer, reply.LineOffset, reply.LineLength, itemSizeMax))
            {
                ulong size = ParseHelpers.ParseUInt64(buffer, reply.LineOffset + itemSizeMax.Length, reply.LineLength - itemSizeMax.Length, "item_size_max");
                // Also the bound on every value this server may announce (ParseHelpers.CheckValueSize); memcached refuses an
                // item_size_max over 1 GiB, so a larger figure is clamped to that. A server that does not answer
                // stats settings (an old server, a proxy) keeps memcached's default of 1 MiB, or the configured ItemSizeMax.
                if (!node.ItemSizeMaxConfigured) node.ItemSizeMax = (int)Math.Min(ParseHelpers.MaxValueLength, size);
            }
            else if (ParseHelpers.StartsWith(buffer, reply.LineOffset, reply.LineLength, casEnabled))
            {
                node.CasEnabled = !ParseHelpers.Equals(buffer, reply.LineOffset + casEnabled.Length, reply.LineLength - casEnabled.Length, "no");
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
