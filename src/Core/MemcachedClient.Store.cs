using System;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core.Cluster;
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
        /// <summary>gat for many keys: each hit gets the new lifetime and comes back with its CAS token.</summary>
        public IReadOnlyList<KeyOutcome<CacheItem?>> GetAndTouchMany(IEnumerable<string> keys, Expiration expiration)
        {
            string[] list = keys.ToArray();
            long ttl = expiration.ToWireValue();
            return RunManyAsync<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas: true, touchTtl: ttl), quiet: false, sync: true)
                .GetAwaiter().GetResult();
        }

        /// <summary>
        /// StoreMany that, with <paramref name="withCas"/>, reads an explicit reply for every key so stored items come
        /// back with their new CAS tokens (quiet batches, the default, answer only failures and so carry none).
        /// </summary>
        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, bool withCas)
        {
            if (!withCas || !_options.QuietBatches) return StoreMany(requests);
            StoreRequest[] list = requests.ToArray();
            string[] keys = list.Select(r => r.Key).ToArray();
            return RunManyAsync<StoreOperation, StoreResult>(keys,
                i =>
                {
                    var r = list[i];
                    EncodedValue encoded = r.IsRaw ? new EncodedValue(r.RawData, r.RawFlags) : Transcoder.Encode(r.Value);
                    return new StoreOperation(_prefix, r.Key, _base64, r.Mode, encoded.Data, encoded.Flags, r.Expiration.ToWireValue(), r.Cas);
                },
                quiet: false, sync: true).GetAwaiter().GetResult();
        }

        /// <summary>touch for many keys; each outcome is true when the key existed.</summary>
        public IReadOnlyList<KeyOutcome<bool>> TouchMany(IEnumerable<string> keys, Expiration expiration)
        {
            string[] list = keys.ToArray();
            long ttl = expiration.ToWireValue();
            return RunManyAsync<TouchOperation, bool>(list, i => new TouchOperation(_prefix, list[i], _base64, ttl), quiet: false, sync: true)
                .GetAwaiter().GetResult();
        }

        /// <summary>
        /// incr/decr for many counters in one pipelined round trip per server. A missing counter gives null, or with
        /// <paramref name="initial"/> is created with <c>add</c> as <see cref="NewCounter"/> describes and holds that value.
        /// </summary>
        public IReadOnlyList<KeyOutcome<ulong?>> IncrementMany(IEnumerable<string> keys, bool decrement, ulong delta, ulong? initial, Expiration expiration)
        {
            string[] list = keys.ToArray();
            var outcomes = Step(list, decrement, delta).ToArray();
            if (!initial.HasValue) return outcomes;

            EncodedValue counter = NewCounter(initial.Value);
            for (int attempt = 0; attempt < CounterCreateAttempts; attempt++)
            {
                var missing = new List<int>();
                for (int i = 0; i < outcomes.Length; i++)
                    if (!outcomes[i].HasError && !outcomes[i].Result.HasValue) missing.Add(i);
                if (missing.Count == 0) return outcomes;

                var added = StoreMany(missing.Select(i => StoreRequest.Raw(list[i], counter.Data, counter.Flags, StoreMode.Add, expiration)));
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
                var again = Step(raced.Select(i => list[i]).ToArray(), decrement, delta);
                for (int r = 0; r < raced.Count; r++) outcomes[raced[r]] = again[r];
            }
            for (int i = 0; i < outcomes.Length; i++)
                if (!outcomes[i].HasError && !outcomes[i].Result.HasValue)
                    outcomes[i] = new KeyOutcome<ulong?>(list[i], CounterKeptVanishing(list[i]), outcomes[i].Server);
            return outcomes;
        }

        private IReadOnlyList<KeyOutcome<ulong?>> Step(string[] keys, bool decrement, ulong delta) =>
            RunManyAsync<ArithmeticOperation, ulong?>(keys, i => new ArithmeticOperation(_prefix, keys[i], _base64, decrement, delta), quiet: false, sync: true)
                .GetAwaiter().GetResult();

        /// <summary>
        /// Streams <c>lru_crawler metadump all</c> from one server to <paramref name="onKey"/> as lines arrive. Returning
        /// false stops the dump: the connection, still receiving, is closed rather than returned to the pool.
        /// </summary>
        /// <remarks>
        /// Read with its own line loop: memcached ends metadump lines with a bare LF (only END has CR LF), which the
        /// strict reply parser rightly refuses everywhere else.
        /// </remarks>
        public void DumpKeys(ServerAddress server, Func<KeyDumpEntry, bool> onKey)
        {
            if (onKey == null) throw new ArgumentNullException(nameof(onKey));
            ThrowIfDisposed();
            var node = NodeFor(server);
            ServerConnection conn = RentReady(node);
            bool replyComplete = false;
            try
            {
                conn.Output.Clear();
                TextRequestWriter.Command(conn.Output, "lru_crawler", "metadump all");
                conn.Flush();
                bool first = true;
                while (true)
                {
                    int lf = Array.IndexOf(conn.Buffer, (byte)'\n', conn.Start, conn.Count);
                    if (lf < 0)
                    {
                        if (conn.Count > MaxDumpLineLength)
                            throw new MemcachedProtocolException($"A metadump line from {node.Address} is longer than {MaxDumpLineLength} bytes.") { Server = node.Address.Name };
                        conn.Fill();
                        continue;
                    }
                    int length = lf - conn.Start;
                    if (length > 0 && conn.Buffer[lf - 1] == (byte)'\r') length--;
                    string line = Encoding.UTF8.GetString(conn.Buffer, conn.Start, length);
                    conn.Consume(lf + 1 - conn.Start);

                    if (line == "END")
                    {
                        replyComplete = true;
                        node.ReportSuccess();
                        return;
                    }
                    if (first) CheckDumpStart(line, node, ref replyComplete);
                    first = false;

                    var entry = MetadumpLineParser.Parse(line);
                    if (entry == null) continue;
                    if (_prefix.Length > 0)
                    {
                        if (!entry.Key.StartsWith(_prefix, StringComparison.Ordinal)) continue;
                        entry = entry.WithKey(entry.Key.Substring(_prefix.Length));
                    }
                    if (!onKey(entry)) return;
                }
            }
            catch (MemcachedConnectionException)
            {
                node.ReportFailure();
                throw;
            }
            finally
            {
                if (!replyComplete) conn.MarkBroken();
                node.Pool.Return(conn);
            }
        }

        private const int MaxDumpLineLength = 64 * 1024;

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
