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

        public OperationEngine(TimeSpan operationTimeout, IConnectionAuthenticator? authenticator)
        {
            OperationTimeout = operationTimeout;
            _authenticator = authenticator;
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
                bool meta = op.MetaReply(node);
                while (true)
                {
                    var progress = ReadReply<TOp, TResult>(conn, node, ref op, meta, opaque, out TResult result);
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
                bool meta = op.MetaReply(node);
                while (true)
                {
                    var progress = ReadReply<TOp, TResult>(conn, node, ref op, meta, opaque, out TResult result);
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

        /// <summary>
        /// Takes the next reply element from the connection's buffer, if it is all there, and hands it to the
        /// operation: the one step the synchronous and asynchronous twins share (they differ only in how they wait).
        /// </summary>
        private static ReplyProgress ReadReply<TOp, TResult>(ServerConnection conn, ServerNode node, ref TOp op, bool meta, uint opaque, out TResult result)
            where TOp : struct, IOperation<TResult>
        {
            int n = meta
                ? MetaResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply, node.ItemSizeMax)
                : TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out reply, node.ItemSizeMax);
            if (n == 0)
            {
                if (reply.PendingLength > 0) conn.Reserve(reply.PendingLength);
                result = default!;
                return ReplyProgress.NeedMoreBytes;
            }
            conn.Consume(n);
            CheckReply(conn, node, ref reply, meta, opaque, op.SendsDataBlock);
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
                    if (_authenticator != null) _authenticator.Authenticate(conn, node.Address, deadline);
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
                AfterUnfinishedSetUp(node, conn, refused, fallBack);
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
                    if (_authenticator != null) await _authenticator.AuthenticateAsync(conn, node.Address, callToken).ConfigureAwait(false);
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
                AfterUnfinishedSetUp(node, conn, refused, fallBack);
            }
        }

        /// <summary>
        /// A new connection's set-up ended without an error to pass on, and the caller tries again: either the server
        /// turned out to be a proxy nobody declared (<paramref name="fallBack"/>: marked now, so the next connection sends
        /// nothing), or it refused the connection at its limit, which the pool learns (<see cref="ConnectionPool.Refused"/>)
        /// unless none of our connections is open, when the refusal is the call's error.
        /// </summary>
        private static void AfterUnfinishedSetUp(ServerNode node, ServerConnection conn, ServerRefusedConnectionException? refused, bool fallBack)
        {
            if (fallBack)
            {
                node.DetectProxy();
                return;
            }
            if (!node.Pool.Refused(conn)) throw refused!;
        }
    }
}
