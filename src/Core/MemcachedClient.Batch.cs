using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core
{
    public sealed partial class MemcachedClient
    {
        /// <summary>Encoded requests sent per window; each window is written while its replies are read.</summary>
        private const int BatchWindowBytes = 256 * 1024;
        private const int BatchWindowOperations = 4096;
        /// <summary>
        /// A synchronous window is written whole before its replies are read. When the replies carry values they can
        /// fill the socket buffers and stop the server reading, so such a window must fit in the buffers by itself
        /// (Linux: 16 KiB send + 128 KiB receive by default). Other replies are a few bytes a key (at most ~80 KiB for
        /// a full window) and never stop the server.
        /// </summary>
        private const int SyncWindowBytes = 32 * 1024;

        // ------------------------------------------------------------------ public multi-key API

        /// <summary>
        /// Reads many keys: one pipelined round trip per server (per window of keys), servers in parallel. The outcomes
        /// follow the input order; a hit has a non-null Result, a miss a null one, and a key whose server failed an Error.
        /// </summary>
        public Task<IReadOnlyList<KeyOutcome<CacheItem?>>> GetManyAsync(IEnumerable<string> keys, bool withCas = false)
        {
            string[] list = keys.ToArray();
            return RunManyAsync<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas, null), quiet: false);
        }

        public IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<string> keys, bool withCas = false)
        {
            string[] list = keys.ToArray();
            return RunManyAsync<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas, null), quiet: false, sync: true)
                .GetAwaiter().GetResult();
        }

        /// <summary>
        /// Writes many items, pipelined per server, servers in parallel, with an outcome per key. By default in quiet
        /// mode (see <see cref="MemcachedClientOptions.QuietBatches"/>): only failures answer, and stored keys carry
        /// no new CAS token.
        /// </summary>
        public Task<IReadOnlyList<KeyOutcome<StoreResult>>> StoreManyAsync(IEnumerable<StoreRequest> requests) =>
            StoreManyCore(requests, sync: false);

        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests) =>
            StoreManyCore(requests, sync: true).GetAwaiter().GetResult();

        private Task<IReadOnlyList<KeyOutcome<StoreResult>>> StoreManyCore(IEnumerable<StoreRequest> requests, bool sync)
        {
            StoreRequest[] list = requests.ToArray();
            string[] keys = new string[list.Length];
            for (int i = 0; i < list.Length; i++) keys[i] = list[i].Key;
            return RunManyAsync<StoreOperation, StoreResult>(keys,
                i =>
                {
                    // Encoded as its window is written; a value the transcoder refuses fails its own key only.
                    var r = list[i];
                    EncodedValue encoded = r.IsRaw ? new EncodedValue(r.RawData, r.RawFlags) : Transcoder.Encode(r.Value);
                    return new StoreOperation(_prefix, r.Key, _base64, r.Mode, encoded.Data, encoded.Flags, r.Expiration.ToWireValue(), r.Cas);
                },
                quiet: _options.QuietBatches, sync);
        }

        /// <summary>Sets many key/value pairs with one lifetime.</summary>
        public Task<IReadOnlyList<KeyOutcome<StoreResult>>> SetManyAsync(IEnumerable<KeyValuePair<string, object?>> items, Expiration expiration = default) =>
            StoreManyAsync(items.Select(kv => new StoreRequest(kv.Key, kv.Value, StoreMode.Set, expiration)));

        public IReadOnlyList<KeyOutcome<StoreResult>> SetMany(IEnumerable<KeyValuePair<string, object?>> items, Expiration expiration = default) =>
            StoreMany(items.Select(kv => new StoreRequest(kv.Key, kv.Value, StoreMode.Set, expiration)));

        /// <summary>Deletes many keys; each outcome is true when the key existed.</summary>
        public Task<IReadOnlyList<KeyOutcome<bool>>> DeleteManyAsync(IEnumerable<string> keys)
        {
            string[] list = keys.ToArray();
            // Not quiet: a quiet md hides "not found" as well as success, and callers need to know which keys existed.
            return RunManyAsync<DeleteOperation, bool>(list, i => new DeleteOperation(_prefix, list[i], _base64), quiet: false);
        }

        public IReadOnlyList<KeyOutcome<bool>> DeleteMany(IEnumerable<string> keys)
        {
            string[] list = keys.ToArray();
            return RunManyAsync<DeleteOperation, bool>(list, i => new DeleteOperation(_prefix, list[i], _base64), quiet: false, sync: true)
                .GetAwaiter().GetResult();
        }

        // ------------------------------------------------------------------ grouping by server

        /// <summary>
        /// Groups the keys by server and runs each group. With <paramref name="sync"/> (the synchronous API) a batch for
        /// one server runs on the calling thread with blocking I/O, and the returned task is already complete; batches
        /// for several servers always run in parallel.
        /// </summary>
        private async Task<IReadOnlyList<KeyOutcome<TResult>>> RunManyAsync<TOp, TResult>(string[] keys, Func<int, TOp> create, bool quiet, bool sync = false)
            where TOp : struct, IOperation<TResult>
        {
            ThrowIfDisposed();
            var outcomes = new KeyOutcome<TResult>[keys.Length];
            var groups = new Dictionary<ServerNode, List<int>>();
            for (int i = 0; i < keys.Length; i++)
            {
                ServerNode node;
                try
                {
                    node = Locate(keys[i]);
                }
                catch (MemcachedClientException e)
                {
                    outcomes[i] = new KeyOutcome<TResult>(keys[i], e, null);
                    continue;
                }
                catch (MemcachedConnectionException e)
                {
                    outcomes[i] = _options.IgnoreServerErrors
                        ? new KeyOutcome<TResult>(keys[i], default(TOp).UnavailableResult, null)
                        : new KeyOutcome<TResult>(keys[i], e, null);
                    continue;
                }
                if (!groups.TryGetValue(node, out var list)) groups[node] = list = new List<int>();
                list.Add(i);
            }

            if (groups.Count == 1)
            {
                foreach (var group in groups)
                    await RunNodeBatchAsync<TOp, TResult>(group.Key, group.Value, keys, create, outcomes, quiet, parallel: false, sync).ConfigureAwait(false);
                return outcomes;
            }
            var tasks = new List<Task>(groups.Count);
            foreach (var group in groups)
                tasks.Add(RunNodeBatchAsync<TOp, TResult>(group.Key, group.Value, keys, create, outcomes, quiet, parallel: true, sync: false));
            await Task.WhenAll(tasks).ConfigureAwait(false);
            return outcomes;
        }

        // ------------------------------------------------------------------ one server's share of a batch

        private async Task RunNodeBatchAsync<TOp, TResult>(ServerNode node, List<int> indices, string[] keys, Func<int, TOp> create,
            KeyOutcome<TResult>[] outcomes, bool quiet, bool parallel, bool sync) where TOp : struct, IOperation<TResult>
        {
            if (parallel) await Task.Yield(); // let the servers' batches proceed in parallel
            ServerConnection conn;
            try
            {
                conn = sync ? RentReady(node) : await RentReadyAsync(node).ConfigureAwait(false);
            }
            catch (MemcachedException e)
            {
                FailAll(indices, 0, keys, outcomes, node, e, default(TOp).UnavailableResult);
                return;
            }

            bool quietMode = quiet && node.UsesMeta;
            int windowSize = Math.Min(BatchWindowOperations, indices.Count);
            // Only replies that carry values can grow large enough to stall a server whose client is still writing.
            int windowBytes = sync && typeof(TOp) == typeof(GetOperation) ? SyncWindowBytes : BatchWindowBytes;
            var window = new BatchWindow<TOp>(windowSize);
            int next = 0;
            try
            {
                while (true)
                {
                    EncodeWindow<TOp, TResult>(window, conn, node, indices, ref next, create, keys, outcomes, quietMode, windowBytes);
                    if (window.Count == 0) break;
                    using var timeout = new CancellationTokenSource(_options.OperationTimeout);
                    using var abort = timeout.Token.Register(c => ((ServerConnection)c!).Abort(), conn);
                    Task write = StartWindowWrite(conn, sync, timeout.Token);
                    bool ok = quietMode
                        ? await ExchangeQuietWindowAsync<TOp, TResult>(conn, node, window, write, timeout, keys, outcomes, sync).ConfigureAwait(false)
                        : await ExchangeWindowAsync<TOp, TResult>(conn, node, window, write, timeout, keys, outcomes, sync).ConfigureAwait(false);
                    if (!ok)
                    {
                        // The connection failed: this window's unanswered keys are already marked; the rest were never sent.
                        var error = new MemcachedConnectionException($"Not sent: the connection to {node.Address} failed earlier in the batch.") { Server = node.Address.Name };
                        FailAll(indices, next, keys, outcomes, node, error, default(TOp).UnavailableResult);
                        return;
                    }
                }
                node.ReportSuccess();
            }
            catch
            {
                // I/O and protocol failures are outcomes; anything else escaping (a bug) may leave replies on the way, so
                // the connection is not worth keeping.
                conn.MarkBroken();
                throw;
            }
            finally
            {
                node.Pool.Return(conn);
            }
        }

        /// <summary>
        /// One window of a server's share of a batch, encoded into the connection's request buffer: the operations that
        /// read its replies and each one's input index. Replies are matched by opaque = <see cref="FirstOpaque"/> + slot.
        /// A batch reuses one window object for all its windows.
        /// </summary>
        private sealed class BatchWindow<TOp>
        {
            public BatchWindow(int size)
            {
                Ops = new TOp[size];
                Indices = new int[size];
            }

            public TOp[] Ops { get; }
            public int[] Indices { get; }
            public int Count { get; set; }
            public uint FirstOpaque { get; set; }
        }

        /// <summary>
        /// Encodes the next keys of <paramref name="indices"/> as <paramref name="window"/> until it is full. Input that
        /// cannot be sent fails for its own key only, before anything is sent. Count is 0 only when no keys are left.
        /// </summary>
        private static void EncodeWindow<TOp, TResult>(BatchWindow<TOp> window, ServerConnection conn, ServerNode node, List<int> indices, ref int next,
            Func<int, TOp> create, string[] keys, KeyOutcome<TResult>[] outcomes, bool quiet, int windowBytes) where TOp : struct, IOperation<TResult>
        {
            RequestBuffer buffer = conn.Output;
            buffer.Clear();
            window.Count = 0;
            while (next < indices.Count && window.Count < window.Ops.Length && buffer.Length < windowBytes)
            {
                // A window's tokens must be consecutive: a token is only used up once its request is encoded, and a window
                // ends where the token wraps past 0.
                uint opaque = conn.PeekNextOpaque();
                if (window.Count > 0 && opaque != window.FirstOpaque + (uint)window.Count) break;
                int index = indices[next++];
                int mark = buffer.Length;
                try
                {
                    TOp op = Create<TOp>(create, index, keys);
                    op.Write(buffer, node, opaque, quiet);
                    conn.NextOpaque();
                    if (window.Count == 0) window.FirstOpaque = opaque;
                    window.Ops[window.Count] = op;
                    window.Indices[window.Count] = index;
                    window.Count++;
                }
                catch (MemcachedException e)
                {
                    buffer.Truncate(mark);
                    outcomes[index] = new KeyOutcome<TResult>(keys[index], e, node.Address);
                }
            }
            if (window.Count > 0 && quiet) MetaRequestWriter.NoOp(buffer);
        }

        /// <summary>
        /// Builds one key's operation. A custom transcoder's own exception (not a <see cref="MemcachedException"/>) becomes
        /// that key's <see cref="MemcachedClientException"/>, so one value it cannot encode fails its key only.
        /// </summary>
        private static TOp Create<TOp>(Func<int, TOp> create, int index, string[] keys)
        {
            try
            {
                return create(index);
            }
            catch (Exception e) when (!(e is MemcachedException))
            {
                throw new MemcachedClientException($"The value for '{keys[index]}' could not be encoded: {e.Message}", e);
            }
        }

        /// <summary>Reads one window's replies in order, one per request, while its write goes on. False when the connection failed.</summary>
        private async Task<bool> ExchangeWindowAsync<TOp, TResult>(ServerConnection conn, ServerNode node, BatchWindow<TOp> w, Task write,
            CancellationTokenSource timeout, string[] keys, KeyOutcome<TResult>[] outcomes, bool sync) where TOp : struct, IOperation<TResult>
        {
            TOp[] ops = w.Ops;
            int[] window = w.Indices;
            int count = w.Count;
            uint firstOpaque = w.FirstOpaque;
            bool meta = ops[0].MetaReply(node);
            int done = 0;
            try
            {
                while (done < count)
                {
                    int n = meta
                        ? MetaResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply)
                        : TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out reply);
                    if (n == 0)
                    {
                        if (sync) conn.Fill(); else await conn.FillAsync(timeout.Token).ConfigureAwait(false);
                        timeout.CancelAfter(_options.OperationTimeout);
                        continue;
                    }
                    conn.Consume(n);
                    int index = window[done];
                    if (reply.IsError)
                    {
                        outcomes[index] = new KeyOutcome<TResult>(keys[index], ReplyError(conn, node, ref reply), node.Address);
                        done++;
                        continue;
                    }
                    uint expected = firstOpaque + (uint)done;
                    if (meta && reply.Opaque != expected)
                        throw new MemcachedProtocolException($"Reply from {node.Address} carries opaque {reply.Opaque?.ToString() ?? "none"}, expected {expected}: the connection is out of step and was closed.") { Server = node.Address.Name };
                    if (ops[done].Read(ref reply, conn.Buffer, node, out TResult result))
                    {
                        outcomes[index] = new KeyOutcome<TResult>(keys[index], result, node.Address);
                        done++;
                    }
                }
                await write.ConfigureAwait(false);
                conn.Output.Clear();
                return true;
            }
            catch (MemcachedException e) when (e is MemcachedConnectionException || e is MemcachedProtocolException)
            {
                conn.MarkBroken();
                if (e is MemcachedConnectionException) node.ReportFailure();
                for (int i = done; i < count; i++)
                    outcomes[window[i]] = FailedOutcome(keys[window[i]], e, node, ops[i].UnavailableResult);
                await ObserveAsync(write).ConfigureAwait(false);
                return false;
            }
        }

        /// <summary>
        /// Reads a quiet window's replies: only failures and hits answer, each carrying its opaque, and <c>mn</c> closes the window.
        /// An error line carries no opaque; when one arrives, every key of the window that got no reply is reported
        /// failed rather than guessed stored.
        /// </summary>
        private async Task<bool> ExchangeQuietWindowAsync<TOp, TResult>(ServerConnection conn, ServerNode node, BatchWindow<TOp> w, Task write,
            CancellationTokenSource timeout, string[] keys, KeyOutcome<TResult>[] outcomes, bool sync) where TOp : struct, IOperation<TResult>
        {
            TOp[] ops = w.Ops;
            int[] window = w.Indices;
            int count = w.Count;
            uint firstOpaque = w.FirstOpaque;
            var answered = new bool[count];
            MemcachedException? unattributed = null;
            try
            {
                while (true)
                {
                    int n = MetaResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply);
                    if (n == 0)
                    {
                        if (sync) conn.Fill(); else await conn.FillAsync(timeout.Token).ConfigureAwait(false);
                        timeout.CancelAfter(_options.OperationTimeout);
                        continue;
                    }
                    conn.Consume(n);
                    if (reply.Status == ResponseStatus.NoOp) break;
                    if (reply.IsError)
                    {
                        unattributed = ReplyError(conn, node, ref reply);
                        continue;
                    }
                    uint slot = reply.Opaque.HasValue ? reply.Opaque.Value - firstOpaque : uint.MaxValue;
                    if (slot >= (uint)count || answered[slot])
                        throw new MemcachedProtocolException($"Reply from {node.Address} carries opaque {reply.Opaque?.ToString() ?? "none"}, which no request of this batch used.") { Server = node.Address.Name };
                    if (ops[slot].Read(ref reply, conn.Buffer, node, out TResult result))
                    {
                        answered[slot] = true;
                        outcomes[window[slot]] = new KeyOutcome<TResult>(keys[window[slot]], result, node.Address);
                    }
                }
                await write.ConfigureAwait(false);
                conn.Output.Clear();
                for (int i = 0; i < count; i++)
                {
                    if (answered[i]) continue;
                    outcomes[window[i]] = unattributed == null
                        ? new KeyOutcome<TResult>(keys[window[i]], ops[i].QuietResult, node.Address)
                        : new KeyOutcome<TResult>(keys[window[i]], new MemcachedServerException($"Unconfirmed: the server reported an error for an unidentified key of this quiet batch ({unattributed.Message}).") { Server = node.Address.Name }, node.Address);
                }
                return true;
            }
            catch (MemcachedException e) when (e is MemcachedConnectionException || e is MemcachedProtocolException)
            {
                conn.MarkBroken();
                if (e is MemcachedConnectionException) node.ReportFailure();
                for (int i = 0; i < count; i++)
                    if (!answered[i]) outcomes[window[i]] = FailedOutcome(keys[window[i]], e, node, ops[i].UnavailableResult);
                await ObserveAsync(write).ConfigureAwait(false);
                return false;
            }
        }

        /// <summary>
        /// Sends the encoded window: concurrently with the reads (async), or whole before them (sync; the window is
        /// small enough for the socket buffers). A failed synchronous write surfaces through the returned task, so both
        /// paths report it the same way.
        /// </summary>
        private static Task StartWindowWrite(ServerConnection conn, bool sync, CancellationToken token)
        {
            if (!sync) return conn.WriteAsync(conn.Output.Bytes, conn.Output.Length, token);
            try
            {
                conn.Flush();
                return Task.CompletedTask;
            }
            catch (MemcachedConnectionException e)
            {
                var failed = new TaskCompletionSource<bool>();
                failed.SetException(e);
                return failed.Task;
            }
        }

        private static MemcachedException ReplyError(ServerConnection conn, ServerNode node, ref ParsedResponse reply)
        {
            switch (reply.Status)
            {
                case ResponseStatus.ServerError:
                    return new MemcachedServerException("SERVER_ERROR " + reply.Message) { Server = node.Address.Name };
                case ResponseStatus.ClientError:
                    conn.MarkBroken();
                    return new MemcachedServerException("CLIENT_ERROR " + reply.Message) { Server = node.Address.Name };
                default:
                    conn.MarkBroken();
                    return new MemcachedProtocolException($"{node.Address} does not know the command (ERROR).") { Server = node.Address.Name };
            }
        }

        /// <summary>
        /// A key whose reply never came: an error saying it is unconfirmed, or, when errors are ignored and the
        /// connection failed, the operation's "unavailable" result (a miss, not stored) — never a success.
        /// </summary>
        private KeyOutcome<TResult> FailedOutcome<TResult>(string key, MemcachedException cause, ServerNode node, TResult unavailable) =>
            _options.IgnoreServerErrors && cause is MemcachedConnectionException
                ? new KeyOutcome<TResult>(key, unavailable, node.Address)
                : new KeyOutcome<TResult>(key, Unconfirmed(cause, node), node.Address);

        private static MemcachedException Unconfirmed(MemcachedException cause, ServerNode node)
        {
            if (cause is MemcachedTimeoutException)
                return new MemcachedTimeoutException($"Unconfirmed: {cause.Message}", cause) { Server = node.Address.Name };
            if (cause is MemcachedConnectionException)
                return new MemcachedConnectionException($"Unconfirmed: {cause.Message}", cause) { Server = node.Address.Name };
            return cause;
        }

        private void FailAll<TResult>(List<int> indices, int from, string[] keys, KeyOutcome<TResult>[] outcomes, ServerNode node,
            MemcachedException error, TResult unavailable)
        {
            bool ignore = _options.IgnoreServerErrors && error is MemcachedConnectionException;
            for (int i = from; i < indices.Count; i++)
            {
                int index = indices[i];
                outcomes[index] = ignore
                    ? new KeyOutcome<TResult>(keys[index], unavailable, node.Address)
                    : new KeyOutcome<TResult>(keys[index], error, node.Address);
            }
        }

        private static async Task ObserveAsync(Task task)
        {
            try { await task.ConfigureAwait(false); }
            catch (Exception) { /* the read side already reported the failure */ }
        }
    }
}
