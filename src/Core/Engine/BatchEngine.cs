using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// Runs a batch: each server's share (<see cref="NodeBatch{TOp, TResult}"/>) written as pipelined windows, the
    /// servers side by side, an outcome for every key. One server's failure never discards another's results.
    /// </summary>
    /// <remarks>
    /// Every window has its own deadline (the first one from the call's start, so it also bounds renting, connecting
    /// and the handshake); bytes trickling in never extend it.
    /// Synchronous: on the calling thread. Every server's window is written, then the replies are read from whichever
    /// connection has bytes waiting (poll/select over the sockets), so the servers work in parallel and no thread-pool
    /// thread is ever waited for. Asynchronous: one task per server, each writing its window while reading its replies.
    /// Cancelling closes the connections in flight and ends the call with <see cref="OperationCanceledException"/>.
    /// </remarks>
    internal sealed class BatchEngine
    {
        /// <summary>Encoded requests sent per window.</summary>
        public const int WindowBytes = 256 * 1024;
        public const int WindowOperations = 4096;

        /// <summary>
        /// A synchronous window is written whole before its replies are read. When the replies carry values they can
        /// fill the socket buffers and stop the server reading, so such a window must fit in the buffers by itself
        /// (Linux: 16 KiB send + 128 KiB receive by default). Other replies are a few bytes a key (at most ~80 KiB for
        /// a full window) and never stop the server.
        /// </summary>
        public const int SyncValueWindowBytes = 32 * 1024;

        /// <summary>How often a cancellable synchronous batch, waiting on several servers, looks at its token.</summary>
        private const int CancellationPollMilliseconds = 100;

        private readonly OperationEngine _engine;

        public BatchEngine(OperationEngine engine) => _engine = engine;

        // ------------------------------------------------------------------ synchronous

        public void Run<TOp, TResult>(IReadOnlyList<NodeBatch<TOp, TResult>> batches, CancellationToken token)
            where TOp : struct, IOperation<TResult>
        {
            if (batches.Count == 0) return;
            var deadline = Deadline.Start(_engine.OperationTimeout);
            int windowBytes = typeof(TOp) == typeof(GetOperation) ? SyncValueWindowBytes : WindowBytes;
            var waiting = new List<NodeBatch<TOp, TResult>>(batches);
            var rented = new List<NodeBatch<TOp, TResult>>(batches.Count);
            var gate = new object();
            CancellationTokenRegistration cancel = token.CanBeCanceled ? token.Register(() => AbortAll(batches, gate)) : default;
            bool clean = false;
            try
            {
                // Rounds: the servers whose connections are free now run together; a caller never waits for one server's
                // connection while it holds another's (two callers taking servers in different orders would deadlock).
                while (waiting.Count > 0)
                {
                    RentRound(waiting, rented, deadline, token);
                    RunWindows(rented, deadline, windowBytes, token);
                    ReturnConnections(rented, gate, clean: true);
                    rented.Clear();
                    deadline = Deadline.Start(_engine.OperationTimeout);
                }
                clean = true;
            }
            finally
            {
                cancel.Dispose();
                ReturnConnections(batches, gate, clean);
            }
            if (token.IsCancellationRequested) throw OperationEngine.Canceled(batches[0].Node, null, token);
        }

        /// <summary>
        /// Takes the connections free right now from <paramref name="waiting"/>; when none is, waits (by the deadline) for
        /// the first server's while holding nothing. A server whose connection fails has all its keys failed here.
        /// </summary>
        private void RentRound<TOp, TResult>(List<NodeBatch<TOp, TResult>> waiting, List<NodeBatch<TOp, TResult>> rented, Deadline deadline,
            CancellationToken token) where TOp : struct, IOperation<TResult>
        {
            for (int i = 0; i < waiting.Count;)
            {
                var batch = waiting[i];
                if (TryRent(batch, deadline, token, wait: false)) waiting.RemoveAt(i);
                else i++;
                if (batch.Connection != null) rented.Add(batch);
            }
            if (rented.Count == 0 && waiting.Count > 0)
            {
                var first = waiting[0];
                waiting.RemoveAt(0);
                TryRent(first, deadline, token, wait: true);
                if (first.Connection != null) rented.Add(first);
            }
        }

        /// <summary>True when the batch is settled for this round: rented, or failed. False: busy, try later.</summary>
        private bool TryRent<TOp, TResult>(NodeBatch<TOp, TResult> batch, Deadline deadline, CancellationToken token, bool wait)
            where TOp : struct, IOperation<TResult>
        {
            try
            {
                var conn = _engine.RentReady(batch.Node, deadline, token, wait);
                if (conn == null) return false;
                batch.Connection = conn;
            }
            catch (MemcachedException e) when (!token.IsCancellationRequested)
            {
                batch.FailUnsent(e);
            }
            return true;
        }

        /// <summary>Writes every batch's windows and reads their replies, all batches side by side, until each is finished.</summary>
        private static void RunWindows<TOp, TResult>(List<NodeBatch<TOp, TResult>> rented, Deadline deadline, int windowBytes, CancellationToken token)
            where TOp : struct, IOperation<TResult>
        {
            var active = new List<NodeBatch<TOp, TResult>>(rented);
            var sent = new List<NodeBatch<TOp, TResult>>(active.Count);
            bool first = true;
            while (active.Count > 0)
            {
                var window = first ? deadline : Deadline.Start(deadline.Timeout);
                first = false;
                sent.Clear();
                foreach (var batch in active)
                {
                    if (!batch.EncodeNextWindow(windowBytes)) continue;
                    try
                    {
                        batch.Connection!.Flush(window);
                        sent.Add(batch);
                    }
                    catch (MemcachedException e) when (e is MemcachedConnectionException || e is MemcachedProtocolException)
                    {
                        if (token.IsCancellationRequested) throw OperationEngine.Canceled(batch.Node, e, token);
                        batch.Fail(e);
                    }
                }
                ReadReplies(sent, window, token);
                active.RemoveAll(b => b.Finished);
            }
        }

        /// <summary>
        /// Reads the replies of every window sent, from whichever connection has bytes waiting, until each window is
        /// complete, failed, or past <paramref name="deadline"/>. One connection (or a TLS one, whose stream may hold
        /// bytes its socket does not show) is read with blocking calls bounded by the deadline.
        /// </summary>
        private static void ReadReplies<TOp, TResult>(List<NodeBatch<TOp, TResult>> sent, Deadline deadline, CancellationToken token)
            where TOp : struct, IOperation<TResult>
        {
            var pending = new List<NodeBatch<TOp, TResult>>(sent);
            List<Socket>? waitOn = null;
            while (pending.Count > 0)
            {
                bool progressed = false;
                for (int i = pending.Count - 1; i >= 0; i--)
                {
                    var batch = pending[i];
                    ServerConnection conn = batch.Connection!;
                    try
                    {
                        if (batch.TryReadWindow())
                        {
                            batch.CompleteWindow();
                            pending.RemoveAt(i);
                            progressed = true;
                        }
                        else if (pending.Count == 1 || conn.IsTls || conn.HasBytesWaiting || deadline.HasPassed)
                        {
                            conn.Fill(deadline); // past the deadline this throws the timeout
                            progressed = true;
                        }
                    }
                    catch (MemcachedException e) when (e is MemcachedConnectionException || e is MemcachedProtocolException)
                    {
                        // A connection closed by the caller's cancellation is not the server's failure.
                        if (token.IsCancellationRequested) throw OperationEngine.Canceled(batch.Node, e, token);
                        batch.Fail(e);
                        pending.RemoveAt(i);
                        progressed = true;
                    }
                }
                if (progressed || pending.Count == 0) continue;
                if (token.IsCancellationRequested) throw OperationEngine.Canceled(pending[0].Node, null, token);

                // Nothing to read yet on any connection: wait for the first bytes, no later than the deadline. Closing a
                // socket does not wake a select, so a cancellable call waits in slices short enough for Ctrl+C.
                waitOn ??= new List<Socket>(pending.Count);
                waitOn.Clear();
                foreach (var batch in pending) waitOn.Add(batch.Connection!.Socket);
                long waitMs = Math.Max(1L, deadline.RemainingMilliseconds);
                if (token.CanBeCanceled) waitMs = Math.Min(waitMs, CancellationPollMilliseconds);
                try
                {
                    Socket.Select(waitOn, null, null, (int)Math.Min(int.MaxValue, waitMs * 1000L));
                }
                catch (Exception e) when (e is SocketException || e is ObjectDisposedException)
                {
                    // A socket closed under us (cancellation): the next read reports it.
                }
            }
        }

        // ------------------------------------------------------------------ asynchronous

        public async Task RunAsync<TOp, TResult>(IReadOnlyList<NodeBatch<TOp, TResult>> batches, CancellationToken token)
            where TOp : struct, IOperation<TResult>
        {
            if (batches.Count == 0) return;
            var deadline = Deadline.Start(_engine.OperationTimeout);
            if (batches.Count == 1)
            {
                await RunNodeAsync(batches[0], deadline, parallel: false, token).ConfigureAwait(false);
            }
            else
            {
                var tasks = new Task[batches.Count];
                for (int i = 0; i < batches.Count; i++) tasks[i] = RunNodeAsync(batches[i], deadline, parallel: true, token);
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            if (token.IsCancellationRequested) throw OperationEngine.Canceled(batches[0].Node, null, token);
        }

        private async Task RunNodeAsync<TOp, TResult>(NodeBatch<TOp, TResult> batch, Deadline deadline, bool parallel, CancellationToken caller)
            where TOp : struct, IOperation<TResult>
        {
            if (parallel) await Task.Yield(); // the servers' shares proceed side by side
            // The first window's token also bounds renting, connecting and the handshake: it fires at the call's deadline.
            CancellationTokenSource window = _engine.NewCallTokenSource(caller);
            window.CancelAfter(deadline.Remaining);
            bool clean = false;
            try
            {
                try
                {
                    batch.Connection = await _engine.RentReadyAsync(batch.Node, deadline, window.Token, caller).ConfigureAwait(false);
                }
                catch (MemcachedException e) when (!caller.IsCancellationRequested)
                {
                    batch.FailUnsent(e);
                    return;
                }
                catch (OperationCanceledException) when (caller.IsCancellationRequested)
                {
                    return;
                }

                ServerConnection conn = batch.Connection;
                bool first = true;
                while (batch.EncodeNextWindow(WindowBytes))
                {
                    if (!first)
                    {
                        window.Dispose();
                        window = _engine.NewCallTokenSource(caller);
                    }
                    first = false;
                    using var abort = OperationEngine.AbortOn(window.Token, conn);
                    Task write = conn.WriteAsync(conn.Output.Bytes, conn.Output.Length, window.Token);
                    try
                    {
                        while (!batch.TryReadWindow()) await conn.FillAsync(window.Token).ConfigureAwait(false);
                        await write.ConfigureAwait(false);
                        batch.CompleteWindow();
                    }
                    catch (MemcachedException e) when (e is MemcachedConnectionException || e is MemcachedProtocolException)
                    {
                        await ObserveAsync(write).ConfigureAwait(false);
                        if (caller.IsCancellationRequested) throw OperationEngine.Canceled(batch.Node, e, caller);
                        batch.Fail(e);
                        break;
                    }
                }
                clean = true;
            }
            finally
            {
                window.Dispose();
                if (batch.Connection != null)
                {
                    // Anything else escaping (a bug) may leave replies on the way: the connection is not worth keeping.
                    if (!clean) batch.Connection.MarkBroken();
                    batch.Node.Pool.Return(batch.Connection);
                    batch.Connection = null;
                }
            }
        }

        private static async Task ObserveAsync(Task task)
        {
            try { await task.ConfigureAwait(false); }
            catch (Exception) { /* the read side already reported the failure */ }
        }

        /// <summary>Cancellation: closes the connections this call holds (under <paramref name="gate"/>, so never one already given back).</summary>
        private static void AbortAll<TOp, TResult>(IReadOnlyList<NodeBatch<TOp, TResult>> batches, object gate) where TOp : struct, IOperation<TResult>
        {
            lock (gate)
                foreach (var batch in batches) batch.Connection?.Abort();
        }

        private static void ReturnConnections<TOp, TResult>(IReadOnlyList<NodeBatch<TOp, TResult>> batches, object gate, bool clean)
            where TOp : struct, IOperation<TResult>
        {
            foreach (var batch in batches)
            {
                ServerConnection? conn;
                lock (gate)
                {
                    conn = batch.Connection;
                    batch.Connection = null;
                }
                if (conn == null) continue;
                if (!clean) conn.MarkBroken();
                batch.Node.Pool.Return(conn);
            }
        }
    }
}
