using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;
using MemcachePS.Core.KeyDump;
using System.Text;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core
{
    /// <summary>The multi-key calls the PowerShell cmdlets batch pipeline input into, beyond get/store/delete.</summary>
    public sealed partial class MemcachedClient : IMemcachedStore
    {
        /// <summary>
        /// incr/decr for many counters in one pipelined round trip per server. A missing counter gives null, or with
        /// <paramref name="initial"/> is created with <c>add</c> as <see cref="NewCounter"/> describes and holds that value.
        /// </summary>
        public IReadOnlyList<KeyOutcome<ulong?>> IncrementMany(IEnumerable<string> keys, bool decrement, ulong delta, ulong? initial, Expiration expiration,
            CancellationToken cancellationToken = default) =>
            IncrementMany(keys.ToArray(), null, decrement, delta, initial, expiration, cancellationToken);

        /// <summary>
        /// <see cref="IncrementMany(IEnumerable{string}, bool, ulong, ulong?, Expiration, CancellationToken)"/> with each
        /// counter stepped (and, with <paramref name="initial"/>, created) on the server it names (<see cref="KeyOnServer"/>).
        /// </summary>
        public IReadOnlyList<KeyOutcome<ulong?>> IncrementMany(IEnumerable<KeyOnServer> keys, bool decrement, ulong delta, ulong? initial, Expiration expiration,
            CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return IncrementMany(list, servers, decrement, delta, initial, expiration, cancellationToken);
        }

        private KeyOutcome<ulong?>[] IncrementMany(string[] list, ServerAddress?[]? servers, bool decrement, ulong delta, ulong? initial, Expiration expiration,
            CancellationToken cancellationToken)
        {
            var refused = RefusedLifetime(expiration);
            if (refused != null) return list.Select(k => new KeyOutcome<ulong?>(k, refused, null)).ToArray();
            var outcomes = Step(list, servers, decrement, delta, cancellationToken);
            if (!initial.HasValue) return outcomes;

            EncodedValue counter = NewCounter(initial.Value);
            for (int attempt = 0; attempt < CounterCreateAttempts; attempt++)
            {
                var missing = new List<int>();
                for (int i = 0; i < outcomes.Length; i++)
                    if (!outcomes[i].HasError && !outcomes[i].Result.HasValue) missing.Add(i);
                if (missing.Count == 0) return outcomes;

                var adds = missing.Select(i => StoreRequest.Raw(list[i], counter.Data, counter.Flags, StoreMode.Add, expiration)).ToArray();
                var added = RunMany<StoreOperation, StoreResult>(KeysOf(adds), StoreOperations(adds), _options.QuietBatches, cancellationToken,
                    servers == null ? null : missing.Select(i => servers[i]).ToArray());
                var raced = new List<int>();
                for (int m = 0; m < missing.Count; m++)
                {
                    int i = missing[m];
                    var add = added[m];
                    if (add.HasError) outcomes[i] = new KeyOutcome<ulong?>(list[i], add.Error!, add.Server);
                    else if (add.Result.IsStored) outcomes[i] = new KeyOutcome<ulong?>(list[i], initial, add.Server);
                    else raced.Add(i);
                }
                if (raced.Count == 0) return outcomes;
                var again = Step(raced.Select(i => list[i]).ToArray(), servers == null ? null : raced.Select(i => servers[i]).ToArray(), decrement, delta, cancellationToken);
                for (int r = 0; r < raced.Count; r++) outcomes[raced[r]] = again[r];
            }
            for (int i = 0; i < outcomes.Length; i++)
                if (!outcomes[i].HasError && !outcomes[i].Result.HasValue)
                    outcomes[i] = new KeyOutcome<ulong?>(list[i], CounterKeptVanishing(list[i]), outcomes[i].Server);
            return outcomes;
        }

        /// <summary>
        /// The refusal of a counter lifetime memcached cannot hold (see <see cref="Expiration.ToWireValue()"/>), or null:
        /// checked before the first step, so nothing is sent for a counter that could only be created already expired.
        /// </summary>
        private static MemcachedClientException? RefusedLifetime(Expiration expiration)
        {
            try
            {
                expiration.ToWireValue();
                return null;
            }
            catch (MemcachedClientException e)
            {
                return e;
            }
        }

        private KeyOutcome<ulong?>[] Step(string[] keys, ServerAddress?[]? servers, bool decrement, ulong delta, CancellationToken token) =>
            RunMany<ArithmeticOperation, ulong?>(keys, i => new ArithmeticOperation(_prefix, keys[i], _base64, decrement, delta), quiet: false, token, servers);

        /// <summary>
        /// Streams <c>lru_crawler metadump all</c> from one server to <paramref name="onKey"/> as lines arrive. Returning
        /// false stops the dump: the connection, still receiving, is closed rather than returned to the pool. A proxy
        /// (<see cref="ServerKind.Proxy"/>) cannot list keys: that fails with a <see cref="MemcachedClientException"/> before
        /// anything is sent.
        /// </summary>
        /// <remarks>
        /// A dump has no total deadline (a server holds as many keys as it holds): renting, sending and the first line
        /// must arrive within the operation timeout, and then each next line within it; bytes trickling in do not extend
        /// it, a whole line does. <paramref name="cancellationToken"/> stops the dump at once. memcached runs one LRU
        /// crawl at a time: a dump answered BUSY asks again (pauses of 5 ms doubling to 100 ms) until the operation
        /// timeout, and only then fails with the server's word.
        /// Read with its own line loop: memcached ends metadump lines with a bare LF (only END has CR LF), which the
        /// strict reply parser rightly refuses everywhere else.
        /// </remarks>
        public void DumpKeys(ServerAddress server, Func<KeyDumpEntry, bool> onKey, CancellationToken cancellationToken = default)
        {
            if (onKey == null) throw new ArgumentNullException(nameof(onKey));
            ThrowIfDisposed();
            var node = NodeFor(server);
            ProxyRefusals.ThrowIfProxy(node, KeyListing, "lru_crawler metadump", ProxyRefusals.AskTheServers);
            var deadline = Deadline.Start(_options.OperationTimeout);
            ServerConnection conn = _engine.RentReady(node, deadline, cancellationToken)!;
            // A server found to be a proxy only now, on this first connection: nothing was sent yet.
            var refusal = ProxyRefusals.Check(node, KeyListing, "lru_crawler metadump", ProxyRefusals.AskTheServers);
            // The binary protocol (memcached -S, or Protocol Binary) has no key listing: said so, never an empty listing.
            if (refusal == null && node.UsesBinary)
                refusal = Operations.GetOperation.BinaryCannot("a key listing (lru_crawler metadump is a text command)", node);
            if (refusal != null)
            {
                node.Pool.Return(conn);
                throw refusal;
            }
            bool replyComplete = false;
            CancellationTokenRegistration cancel = OperationEngine.AbortOn(cancellationToken, conn);
            // memcached runs one LRU crawl at a time and answers BUSY to a dump that meets another still being written: ask
            // again on the same connection (the BUSY line is the whole reply) until the call's first deadline.
            Deadline busyUntil = deadline;
            int busyPauseMs = 5;
            try
            {
                bool send = true, first = true, sawLine = false;
                while (true)
                {
                    if (send)
                    {
                        conn.Output.Clear();
                        TextRequestWriter.Command(conn.Output, "lru_crawler", "metadump all");
                        conn.Flush(deadline);
                        send = false;
                        first = true;
                    }
                    int lf = Array.IndexOf(conn.Buffer, (byte)'\n', conn.Start, conn.Count);
                    if (lf < 0)
                    {
                        if (conn.Count > MaxDumpLineLength)
                            throw new MemcachedProtocolException($"A metadump line from {node.Address} is longer than {MaxDumpLineLength} bytes.") { Server = node.Address.Name };
                        // A whole line since the last read is progress: the next read has a timeout of its own. Bytes
                        // trickling in without a line do not extend it.
                        if (sawLine) deadline = Deadline.Start(_options.OperationTimeout);
                        sawLine = false;
                        // Room for many lines per read: a dump is megabytes, and each read is a poll and a system call.
                        if (conn.Buffer.Length < DumpReadBuffer) conn.Reserve(DumpReadBuffer);
                        conn.Fill(deadline);
                        continue;
                    }
                    int start = conn.Start;
                    int length = lf - start;
                    if (length > 0 && conn.Buffer[lf - 1] == (byte)'\r') length--;
                    sawLine = true;
                    // Key lines are read where they arrived; only the rare other lines (END, BUSY, errors) become strings.
                    var entry = MetadumpLineParser.Parse(conn.Buffer, start, length);
                    if (entry == null)
                    {
                        string line = Encoding.UTF8.GetString(conn.Buffer, start, length);
                        conn.Consume(lf + 1 - start);
                        if (line == "END")
                        {
                            replyComplete = true;
                            node.ReportSuccess();
                            return;
                        }
                        if (first && line.StartsWith("BUSY", StringComparison.Ordinal) && busyUntil.RemainingMilliseconds > busyPauseMs)
                        {
                            if (cancellationToken.WaitHandle.WaitOne(busyPauseMs)) cancellationToken.ThrowIfCancellationRequested();
                            busyPauseMs = Math.Min(busyPauseMs * 2, 100);
                            send = true;
                            continue;
                        }
                        if (first) CheckDumpStart(line, node, ref replyComplete);
                        first = false;
                        continue;
                    }
                    conn.Consume(lf + 1 - start);
                    first = false;
                    if (_prefix.Length > 0)
                    {
                        if (!entry.Key.StartsWith(_prefix, StringComparison.Ordinal)) continue;
                        entry = entry.WithKey(entry.Key.Substring(_prefix.Length));
                    }
                    if (!onKey(entry)) return;
                }
            }
            catch (MemcachedConnectionException e)
            {
                throw OperationEngine.Failed(node, e, cancellationToken);
            }
            finally
            {
                cancel.Dispose();
                if (!replyComplete) conn.MarkBroken();
                node.Pool.Return(conn); // the pool gives a grown read buffer back (TrimReadBuffer)
            }
        }

        private const int MaxDumpLineLength = 64 * 1024;

        /// <summary>The read buffer a dump asks for (the pool trims it back to the usual size when the dump ends).</summary>
        private const int DumpReadBuffer = 256 * 1024;

        private const string KeyListing = "listing keys (lru_crawler metadump)";

        /// <summary>The first line may instead be a refusal: BUSY (another crawl runs), an error, or ERROR from an old server.</summary>
        private static void CheckDumpStart(string line, ServerNode node, ref bool replyComplete)
        {
            if (line.StartsWith("BUSY", StringComparison.Ordinal))
            {
                replyComplete = true;
                throw new MemcachedServerException($"{node.Address} is busy with another LRU crawl ({line}); try again shortly.") { Server = node.Address.Name };
            }
            if (line.StartsWith("SERVER_ERROR", StringComparison.Ordinal))
            {
                replyComplete = true;
                throw new MemcachedServerException(line) { Server = node.Address.Name };
            }
            if (line.StartsWith("CLIENT_ERROR", StringComparison.Ordinal))
                throw new MemcachedServerException(line) { Server = node.Address.Name };
            if (line == "ERROR")
                throw new MemcachedProtocolException($"{node.Address} does not know lru_crawler metadump (memcached 1.4.31 or later lists keys).") { Server = node.Address.Name };
        }
    }
}
