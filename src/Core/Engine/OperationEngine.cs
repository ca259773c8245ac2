using System;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// Runs one operation on one server: rent a ready connection, write, read the whole reply, give the connection back
    /// (or close it). The synchronous and asynchronous twins share every step but waiting; see ARCHITECTURE.md.
    /// </summary>
    /// <remarks>
    /// Synchronous: blocking socket calls on the calling thread, each bounded by what is left of the call's
    /// <see cref="Deadline"/> (socket timeouts); cancellation closes the socket. Asynchronous: one token for the whole
    /// call that fires at the deadline or when the caller cancels, and closes the socket when it does. Either way a
    /// connection that did not finish its reply is closed, never pooled again.
    /// </remarks>
    internal sealed class OperationEngine
    {
        private static readonly Action<object?> s_abort = c => ((ServerConnection)c!).Abort();
        private readonly IConnectionAuthenticator? _authenticator;
        private readonly SaslAuthenticator? _sasl;

        /// <param name="operationTimeout">How long one call may take.</param>
        /// <param name="authenticator">ASCII authentication for the text protocols, when credentials are configured.</param>
        /// <param name="sasl">SASL for the binary protocol (and Auto mode's binary probe), with the credentials if any.</param>
        public OperationEngine(TimeSpan operationTimeout, IConnectionAuthenticator? authenticator, SaslAuthenticator? sasl = null)
        {
            OperationTimeout = operationTimeout;
            _authenticator = authenticator;
            _sasl = sasl ?? new SaslAuthenticator(null);
        }

        public TimeSpan OperationTimeout { get; }

        /// <summary>Closes the connection when <paramref name="token"/> fires; nothing is registered (or allocated) for a token that cannot.</summary>
        public static CancellationTokenRegistration AbortOn(CancellationToken token, ServerConnection conn) =>
            token.CanBeCanceled ? token.Register(s_abort, conn) : default;

        // ------------------------------------------------------------------ one operation

        public TResult Run<TOp, TResult>(ServerNode node, ref TOp op, CancellationToken token) where TOp : struct, IOperation<TResult>
        {
            var deadline = Deadline.Start(OperationTimeout);
            ServerConnection conn = RentReady(node, deadline, token)!;
            bool awaitingReply = false;
            CancellationTokenRegistration cancel = AbortOn(token, conn);
            try
            {
                uint opaque = Send<TOp, TResult>(conn, node, ref op);
                awaitingReply = true;
                conn.Flush(deadline);
                var dialect = DialectOf<TOp, TResult>(node, ref op, conn);
                while (true)
                {
                    var progress = ReadReply<TOp, TResult>(conn, node, ref op, dialect, opaque, out TResult result);
                    if (progress == ReplyProgress.Complete)
                    {
                        awaitingReply = false;
                        node.ReportSuccess();
                        return result;
                    }
                    if (progress == ReplyProgress.NeedMoreBytes) conn.Fill(deadline);
                }
            }
            catch (MemcachedServerException e) when (!conn.IsBroken)
            {
                // A per-key error that left the stream in step (ReplyErrors): the reply is complete, the connection stays
                // usable, and the server answered, so it is not failing.
                awaitingReply = false;
                node.ReportSuccess();
                e.Server ??= node.Address.Name;
                throw;
            }
            catch (MemcachedConnectionException e)
            {
                throw Failed(node, e, token);
            }
            finally
            {
                cancel.Dispose();
                if (awaitingReply) conn.MarkBroken();
                node.Pool.Return(conn);
            }
        }

        public async Task<TResult> RunAsync<TOp, TResult>(ServerNode node, TOp op, CancellationToken token) where TOp : struct, IOperation<TResult>
        {
            var deadline = Deadline.Start(OperationTimeout);
            using var call = NewCallTokenSource(token);
            ServerConnection conn = await RentReadyAsync(node, deadline, call.Token, token).ConfigureAwait(false);
            bool awaitingReply = false;
            var abort = AbortOn(call.Token, conn);
            try
            {
                uint opaque = Send<TOp, TResult>(conn, node, ref op);
                awaitingReply = true;
                await conn.FlushAsync(call.Token).ConfigureAwait(false);
                var dialect = DialectOf<TOp, TResult>(node, ref op, conn);
                while (true)
                {
                    var progress = ReadReply<TOp, TResult>(conn, node, ref op, dialect, opaque, out TResult result);
                    if (progress == ReplyProgress.Complete)
                    {
                        awaitingReply = false;
                        node.ReportSuccess();
                        return result;
                    }
                    if (progress == ReplyProgress.NeedMoreBytes) await conn.FillAsync(call.Token).ConfigureAwait(false);
                }
            }
            catch (MemcachedServerException e) when (!conn.IsBroken)
            {
                awaitingReply = false;
                node.ReportSuccess();
                e.Server ??= node.Address.Name;
                throw;
            }
            catch (MemcachedConnectionException e)
            {
                throw Failed(node, e, token);
            }
            finally
            {
                abort.Dispose(); // once back in the pool the connection may be another caller's: no late timeout may abort it
                if (awaitingReply) conn.MarkBroken();
                node.Pool.Return(conn);
            }
        }

        /// <summary>The token of one asynchronous call (or batch window): it fires at the timeout or when the caller cancels.</summary>
        public CancellationTokenSource NewCallTokenSource(CancellationToken caller)
        {
            var source = caller.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller) : new CancellationTokenSource();
            source.CancelAfter(OperationTimeout);
            return source;
        }

        /// <summary>
        /// What a failed I/O becomes: the caller's cancellation when they cancelled (the server is not to blame), else
        /// the failure itself, counted against the server.
        /// </summary>
        public static Exception Failed(ServerNode node, MemcachedConnectionException e, CancellationToken caller)
        {
            if (caller.IsCancellationRequested) return Canceled(node, e, caller);
            node.ReportFailure();
            return e;
        }

        /// <summary>
        /// A new connection's first exchange failed: explained when the server closed it without a word
        /// (<see cref="ConnectionHandshake.Explain"/>). A TLS refusal is a configuration error, not counted against the server.
        /// </summary>
        private static Exception FailedHandshake(ServerNode node, ServerConnection conn, MemcachedConnectionException e, ConnectionHandshake handshake,
            CancellationToken caller)
        {
            // The version probe of a server taken for a proxy failed too: it was not shown to be one; the next connection starts over.
            if (handshake.IsProbe) node.ForgetProxy();
            if (caller.IsCancellationRequested) return Canceled(node, e, caller);
            MemcachedConnectionException explained = ConnectionHandshake.Explain(e, conn, node);
            if (explained is MemcachedTlsException) return explained;
            return Failed(node, explained, caller);
        }

        public static OperationCanceledException Canceled(ServerNode node, Exception? cause, CancellationToken caller) =>
            new OperationCanceledException($"The operation on {node.Address} was cancelled; its connection was closed.", cause, caller);

        private static uint Send<TOp, TResult>(ServerConnection conn, ServerNode node, ref TOp op) where TOp : struct, IOperation<TResult>
        {
            uint opaque = conn.NextOpaque();
            conn.Output.Clear();
            op.Write(conn.Output, node, opaque, quiet: false);
            return opaque;
        }

        private enum ReplyProgress { NeedMoreBytes, Partial, Complete }

        /// <summary>How a reply is read: which parser, and for the binary protocol the request's opcode it must echo.</summary>
        private readonly struct ReplyDialect
        {
            public ReplyDialect(bool meta, bool binary, byte opcode)
            {
                Meta = meta;
                Binary = binary;
                Opcode = opcode;
            }

            public bool Meta { get; }
            public bool Binary { get; }
            public byte Opcode { get; }
        }

        /// <summary>After the request was written: the binary request's opcode is its header's second byte.</summary>
        private static ReplyDialect DialectOf<TOp, TResult>(ServerNode node, ref TOp op, ServerConnection conn) where TOp : struct, IOperation<TResult> =>
            node.UsesBinary ? new ReplyDialect(false, true, conn.Output.Bytes[1]) : new ReplyDialect(op.MetaReply(node), false, 0);

        /// <summary>
        /// Takes the next reply element from the connection's buffer, if it is all there, and hands it to the
        /// operation: the one step the synchronous and asynchronous twins share (they differ only in how they wait).
        /// </summary>
        private static ReplyProgress ReadReply<TOp, TResult>(ServerConnection conn, ServerNode node, ref TOp op, ReplyDialect dialect, uint opaque, out TResult result)
            where TOp : struct, IOperation<TResult>
        {
            ParsedResponse reply;
            int n = dialect.Binary
                ? BinaryResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out reply, node.ItemSizeMax)
                : dialect.Meta
                    ? MetaResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out reply, node.ItemSizeMax)
                    : TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out reply, node.ItemSizeMax);
            if (n == 0)
            {
                if (reply.PendingLength > 0) conn.Reserve(reply.PendingLength);
                result = default!;
                return ReplyProgress.NeedMoreBytes;
            }
            conn.Consume(n);
            if (dialect.Binary) CheckBinaryReply(conn, node, ref reply, dialect.Opcode, opaque);
            else CheckReply(conn, node, ref reply, dialect.Meta, opaque, op.SendsDataBlock);
            return op.Read(ref reply, conn.Buffer, node, out result) ? ReplyProgress.Complete : ReplyProgress.Partial;
        }

        /// <summary>
        /// Turns error replies into exceptions and checks that a meta reply echoes the request's opaque token: a reply
        /// meant for another request means the stream is out of step, and the connection is dropped.
        /// </summary>
        private static void CheckReply(ServerConnection conn, ServerNode node, ref ParsedResponse reply, bool meta, uint opaque, bool sentDataBlock)
        {
            if (reply.IsError)
            {
                // An error that leaves the stream in step fails this call only; after any other the server may have lost
                // its place in our stream, and the connection is not trusted again.
                if (!ReplyErrors.KeepsStreamInStep(reply.Status, sentDataBlock)) conn.MarkBroken();
                throw ReplyErrors.ToException(ref reply, node);
            }
            if (meta && reply.Status != ResponseStatus.NoOp && reply.Opaque != opaque)
            {
                conn.MarkBroken();
                throw new MemcachedProtocolException(
                    $"Reply from {node.Address} carries opaque {(reply.Opaque.HasValue ? reply.Opaque.Value.ToString() : "none")}, expected {opaque}: the connection is out of step and was closed.")
                { Server = node.Address.Name };
            }
        }

        /// <summary>
        /// A binary reply must echo its request's opaque token and opcode, errors included (they are framed and carry both):
        /// anything else means the stream is out of step, and the connection is dropped; no other request's value is returned.
        /// </summary>
        private static void CheckBinaryReply(ServerConnection conn, ServerNode node, ref ParsedResponse reply, byte opcode, uint opaque)
        {
            if (reply.Opaque != opaque || reply.Opcode != opcode)
            {
                conn.MarkBroken();
                throw ReplyErrors.BinaryOutOfStep(ref reply, opcode, opaque, node);
            }
            if (reply.IsError)
            {
                if (!ReplyErrors.KeepsStreamInStep(reply.Status, requestSentDataBlock: false, binary: true)) conn.MarkBroken();
                throw ReplyErrors.ToException(ref reply, node);
            }
        }

        // ------------------------------------------------------------------ ready connections

        /// <summary>
        /// A pooled connection, opened and set up (<see cref="ConnectionHandshake"/>) when new, within the deadline. With
        /// <paramref name="wait"/> false, null when every connection to the server is busy right now. A pool that stays
        /// busy until the deadline is a timeout, but not the server's failure: it is not counted against its health.
        /// A new connection the server refuses (at its connection limit) is not counted either: the call waits for one of
        /// the connections the server admitted (<see cref="ConnectionPool.Refused"/>), or fails with the refusal when
        /// there is none.
        /// </summary>
        public ServerConnection? RentReady(ServerNode node, Deadline deadline, CancellationToken token, bool wait = true)
        {
            while (true)
            {
                ServerConnection? conn;
                try
                {
                    conn = node.Pool.Rent(deadline, token, wait);
                }
                catch (MemcachedConnectionException e) when (!(e is MemcachedTlsException))
                {
                    throw Failed(node, e, token);
                }
                if (conn == null)
                {
                    if (!wait) return null;
                    throw node.Pool.Exhausted(deadline.Timeout);
                }
                if (conn.Initialized) return conn;
                bool ok = false;
                bool fallBack = false;
                ServerRefusedConnectionException? refused = null;
                CancellationTokenRegistration cancel = AbortOn(token, conn);
                var handshake = new ConnectionHandshake(node);
                try
                {
                    if (handshake.NegotiatesSasl(_authenticator != null)) _sasl!.Negotiate(conn, node, handshake.IsBinaryProbe, deadline);
                    else if (_authenticator != null && !handshake.IsBinary) _authenticator.Authenticate(conn, node, deadline);
                    if (handshake.SendsAnything)
                    {
                        handshake.Write(conn);
                        conn.Flush(deadline);
                        while (!handshake.TryRead(conn)) conn.Fill(deadline);
                    }
                    conn.Initialized = true;
                    ok = true;
                    return conn;
                }
                catch (MemcachedException e) when (!token.IsCancellationRequested &&
                                                   (refused = ServerRefusedConnectionException.Detect(e, conn, node.Address)) != null)
                {
                    // handled below, once the registration is gone
                }
                catch (MemcachedConnectionException e) when (handshake.MayFallBack(e, conn, token))
                {
                    fallBack = true; // a proxy nobody declared: below, once this connection is closed
                }
                catch (MemcachedConnectionException e)
                {
                    throw FailedHandshake(node, conn, e, handshake, token);
                }
                finally
                {
                    cancel.Dispose();
                    if (!ok && refused == null)
                    {
                        conn.MarkBroken();
                        node.Pool.Return(conn);
                    }
                }
                AfterUnfinishedSetUp(node, conn, refused, fallBack, handshake);
                if (!wait && !fallBack) return null;
            }
        }

        /// <summary>
        /// The asynchronous twin: <paramref name="callToken"/> fires at the call's deadline or on the caller's
        /// cancellation (<paramref name="caller"/>), and closes the connection when it does.
        /// </summary>
        public async Task<ServerConnection> RentReadyAsync(ServerNode node, Deadline deadline, CancellationToken callToken, CancellationToken caller)
        {
            while (true)
            {
                ServerConnection? conn;
                try
                {
                    conn = await node.Pool.RentAsync(deadline, callToken).ConfigureAwait(false);
                }
                catch (MemcachedConnectionException e) when (!(e is MemcachedTlsException))
                {
                    throw Failed(node, e, caller);
                }
                catch (OperationCanceledException e) when (!caller.IsCancellationRequested)
                {
                    // The call's own deadline ended the connect (a busy pool returns null instead): the server's failure.
                    throw Failed(node, new MemcachedTimeoutException($"Connecting to {node.Address} did not finish within the operation timeout ({OperationTimeout.TotalMilliseconds:0} ms).", e) { Server = node.Address.Name }, caller);
                }
                if (conn == null)
                {
                    if (caller.IsCancellationRequested) throw Canceled(node, null, caller);
                    throw node.Pool.Exhausted(deadline.Timeout); // busy, not failing: nothing is counted against the server
                }
                if (conn.Initialized) return conn;
                bool ok = false;
                bool fallBack = false;
                ServerRefusedConnectionException? refused = null;
                var abort = AbortOn(callToken, conn);
                var handshake = new ConnectionHandshake(node);
                try
                {
                    if (handshake.NegotiatesSasl(_authenticator != null))
                        await _sasl!.NegotiateAsync(conn, node, handshake.IsBinaryProbe, callToken).ConfigureAwait(false);
                    else if (_authenticator != null && !handshake.IsBinary) await _authenticator.AuthenticateAsync(conn, node, callToken).ConfigureAwait(false);
                    if (handshake.SendsAnything)
                    {
                        handshake.Write(conn);
                        await conn.FlushAsync(callToken).ConfigureAwait(false);
                        while (!handshake.TryRead(conn)) await conn.FillAsync(callToken).ConfigureAwait(false);
                    }
                    conn.Initialized = true;
                    ok = true;
                    return conn;
                }
                catch (MemcachedException e) when (!callToken.IsCancellationRequested &&
                                                   (refused = ServerRefusedConnectionException.Detect(e, conn, node.Address)) != null)
                {
                    // handled below
                }
                catch (MemcachedConnectionException e) when (handshake.MayFallBack(e, conn, callToken))
                {
                    fallBack = true;
                }
                catch (MemcachedConnectionException e)
                {
                    throw FailedHandshake(node, conn, e, handshake, caller);
                }
                finally
                {
                    abort.Dispose();
                    if (!ok && refused == null)
                    {
                        conn.MarkBroken();
                        node.Pool.Return(conn);
                    }
                }
                AfterUnfinishedSetUp(node, conn, refused, fallBack, handshake);
            }
        }

        /// <summary>
        /// A new connection's set-up ended without an error to pass on, and the caller tries again: either the server
        /// closed it on the handshake (<paramref name="fallBack"/>: in Auto mode it is asked in binary next, see
        /// <see cref="ServerNode.SuspectBinaryOnly"/>; otherwise, or when that is closed too, it is a proxy nobody declared,
        /// asked only <c>version</c> from now on), or it refused the connection at its limit, which the pool learns (<see cref="ConnectionPool.Refused"/>)
        /// unless none of our connections is open, when the refusal is the call's error.
        /// </summary>
        private static void AfterUnfinishedSetUp(ServerNode node, ServerConnection conn, ServerRefusedConnectionException? refused, bool fallBack,
            ConnectionHandshake handshake)
        {
            if (fallBack)
            {
                // Auto mode: a server that closes text without a word may speak binary only (memcached -S); it is asked in
                // binary first, and taken for a proxy when it closes that too (or answered part of the text handshake). A mode that was given is kept: the server can only be a proxy.
                if (handshake.IsBinaryProbe) node.BinaryProbeFailed();
                else if (node.Mode == ProtocolMode.Auto && !handshake.AnsweredInText) node.SuspectBinaryOnly();
                else node.DetectProxy();
                return;
            }
            if (!node.Pool.Refused(conn)) throw refused!;
        }
    }
}
