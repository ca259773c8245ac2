using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Core
{
    /// <summary>Calls over many keys: each server's keys go as pipelined windows, the servers side by side.</summary>
    public sealed partial class MemcachedClient
    {
        /// <summary>
        /// Reads many keys: one pipelined round trip per server (per window of keys), servers in parallel. The outcomes
        /// follow the input order; a hit has a non-null Result, a miss a null one, and a key whose server failed an Error.
        /// </summary>
        public IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<string> keys, bool withCas = false, CancellationToken cancellationToken = default)
        {
            string[] list = keys.ToArray();
            return RunMany<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas, null), quiet: false, cancellationToken);
        }

        public Task<IReadOnlyList<KeyOutcome<CacheItem?>>> GetManyAsync(IEnumerable<string> keys, bool withCas = false, CancellationToken cancellationToken = default)
        {
            string[] list = keys.ToArray();
            return RunManyAsync<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas, null), quiet: false, cancellationToken);
        }

        /// <summary>
        /// <see cref="GetMany(IEnumerable{string}, bool, CancellationToken)"/> with each key sent to the server it names
        /// (<see cref="KeyOnServer"/>), in the same round trips per server; keys without a server are placed as usual.
        /// </summary>
        public IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<KeyOnServer> keys, bool withCas = false, CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return RunMany<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas, null), quiet: false, cancellationToken, servers);
        }

        /// <summary>The asynchronous twin of <see cref="GetMany(IEnumerable{KeyOnServer}, bool, CancellationToken)"/>.</summary>
        public Task<IReadOnlyList<KeyOutcome<CacheItem?>>> GetManyAsync(IEnumerable<KeyOnServer> keys, bool withCas = false, CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return RunManyAsync<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas, null), quiet: false, cancellationToken, servers);
        }

        /// <summary>
        /// Writes many items, pipelined per server, servers in parallel, with an outcome per key. By default in quiet
        /// mode (see <see cref="MemcachedClientOptions.QuietBatches"/>): only failures answer, and stored keys carry
        /// no new CAS token.
        /// </summary>
        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, CancellationToken cancellationToken = default) =>
            StoreMany(requests, withCas: false, cancellationToken);

        public Task<IReadOnlyList<KeyOutcome<StoreResult>>> StoreManyAsync(IEnumerable<StoreRequest> requests, CancellationToken cancellationToken = default)
        {
            StoreRequest[] list = requests.ToArray();
            return RunManyAsync<StoreOperation, StoreResult>(KeysOf(list), StoreOperations(list), _options.QuietBatches, cancellationToken);
        }

        /// <summary>
        /// StoreMany that, with <paramref name="withCas"/>, reads an explicit reply for every key so stored items come
        /// back with their new CAS tokens (quiet batches, the default, answer only failures and so carry none).
        /// </summary>
        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, bool withCas, CancellationToken cancellationToken = default)
        {
            StoreRequest[] list = requests.ToArray();
            return RunMany<StoreOperation, StoreResult>(KeysOf(list), StoreOperations(list), _options.QuietBatches && !withCas, cancellationToken);
        }

        /// <summary>Sets many key/value pairs with one lifetime.</summary>
        public IReadOnlyList<KeyOutcome<StoreResult>> SetMany(IEnumerable<KeyValuePair<string, object?>> items, Expiration expiration = default,
            CancellationToken cancellationToken = default) =>
            StoreMany(items.Select(kv => new StoreRequest(kv.Key, kv.Value, StoreMode.Set, expiration)), cancellationToken);

        public Task<IReadOnlyList<KeyOutcome<StoreResult>>> SetManyAsync(IEnumerable<KeyValuePair<string, object?>> items, Expiration expiration = default,
            CancellationToken cancellationToken = default) =>
            StoreManyAsync(items.Select(kv => new StoreRequest(kv.Key, kv.Value, StoreMode.Set, expiration)), cancellationToken);

        /// <summary>Deletes many keys; each outcome is true when the key existed.</summary>
        /// <remarks>Not quiet: a quiet md hides "not found" as well as success, and callers need to know which keys existed.</remarks>
        public IReadOnlyList<KeyOutcome<bool>> DeleteMany(IEnumerable<string> keys, CancellationToken cancellationToken = default)
        {
            string[] list = keys.ToArray();
            return RunMany<DeleteOperation, bool>(list, i => new DeleteOperation(_prefix, list[i], _base64), quiet: false, cancellationToken);
        }

        public Task<IReadOnlyList<KeyOutcome<bool>>> DeleteManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
        {
            string[] list = keys.ToArray();
            return RunManyAsync<DeleteOperation, bool>(list, i => new DeleteOperation(_prefix, list[i], _base64), quiet: false, cancellationToken);
        }

        /// <summary><see cref="DeleteMany(IEnumerable{string}, CancellationToken)"/> with each key sent to the server it names (<see cref="KeyOnServer"/>).</summary>
        public IReadOnlyList<KeyOutcome<bool>> DeleteMany(IEnumerable<KeyOnServer> keys, CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return RunMany<DeleteOperation, bool>(list, i => new DeleteOperation(_prefix, list[i], _base64), quiet: false, cancellationToken, servers);
        }

        /// <summary>The asynchronous twin of <see cref="DeleteMany(IEnumerable{KeyOnServer}, CancellationToken)"/>.</summary>
        public Task<IReadOnlyList<KeyOutcome<bool>>> DeleteManyAsync(IEnumerable<KeyOnServer> keys, CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return RunManyAsync<DeleteOperation, bool>(list, i => new DeleteOperation(_prefix, list[i], _base64), quiet: false, cancellationToken, servers);
        }

        /// <summary>gat for many keys: each hit gets the new lifetime and comes back with its CAS token.</summary>
        public IReadOnlyList<KeyOutcome<CacheItem?>> GetAndTouchMany(IEnumerable<string> keys, Expiration expiration, CancellationToken cancellationToken = default)
        {
            string[] list = keys.ToArray();
            // A lifetime memcached cannot hold fails each key, before anything is sent (see Expiration.ToWireValue).
            return RunMany<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas: true, touchTtl: expiration.ToWireValue()), quiet: false, cancellationToken);
        }

        /// <summary><see cref="GetAndTouchMany(IEnumerable{string}, Expiration, CancellationToken)"/> with each key sent to the server it names (<see cref="KeyOnServer"/>).</summary>
        public IReadOnlyList<KeyOutcome<CacheItem?>> GetAndTouchMany(IEnumerable<KeyOnServer> keys, Expiration expiration, CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return RunMany<GetOperation, CacheItem?>(list, i => new GetOperation(_prefix, list[i], _base64, withCas: true, touchTtl: expiration.ToWireValue()), quiet: false, cancellationToken, servers);
        }

        /// <summary>
        /// Whether each key holds an item, without reading values (meta <c>mg</c> with no flags; the classic protocol reads
        /// the value and drops it). True or false is what a server answered; a key whose server failed carries an Error,
        /// and with <see cref="MemcachedClientOptions.IgnoreServerErrors"/> a null Result (unknown), never false.
        /// </summary>
        public IReadOnlyList<KeyOutcome<bool?>> ContainsMany(IEnumerable<string> keys, CancellationToken cancellationToken = default)
        {
            string[] list = keys.ToArray();
            return RunMany<ExistsOperation, bool?>(list, i => new ExistsOperation(_prefix, list[i], _base64), quiet: false, cancellationToken);
        }

        /// <summary><see cref="ContainsMany(IEnumerable{string}, CancellationToken)"/> with each key asked of the server it names (<see cref="KeyOnServer"/>).</summary>
        public IReadOnlyList<KeyOutcome<bool?>> ContainsMany(IEnumerable<KeyOnServer> keys, CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return RunMany<ExistsOperation, bool?>(list, i => new ExistsOperation(_prefix, list[i], _base64), quiet: false, cancellationToken, servers);
        }

        /// <summary>touch for many keys; each outcome is true when the key existed.</summary>
        public IReadOnlyList<KeyOutcome<bool>> TouchMany(IEnumerable<string> keys, Expiration expiration, CancellationToken cancellationToken = default)
        {
            string[] list = keys.ToArray();
            return RunMany<TouchOperation, bool>(list, i => new TouchOperation(_prefix, list[i], _base64, expiration.ToWireValue()), quiet: false, cancellationToken);
        }

        /// <summary><see cref="TouchMany(IEnumerable{string}, Expiration, CancellationToken)"/> with each key sent to the server it names (<see cref="KeyOnServer"/>).</summary>
        public IReadOnlyList<KeyOutcome<bool>> TouchMany(IEnumerable<KeyOnServer> keys, Expiration expiration, CancellationToken cancellationToken = default)
        {
            var (list, servers) = Split(keys);
            return RunMany<TouchOperation, bool>(list, i => new TouchOperation(_prefix, list[i], _base64, expiration.ToWireValue()), quiet: false, cancellationToken, servers);
        }

        private static string[] KeysOf(StoreRequest[] list)
        {
            var keys = new string[list.Length];
            for (int i = 0; i < list.Length; i++) keys[i] = list[i].Key;
            return keys;
        }

        /// <summary>Each request's operation, encoded as its window is written: a value the transcoder refuses fails its own key only.</summary>
        private Func<int, StoreOperation> StoreOperations(StoreRequest[] list) => i =>
        {
            var r = list[i];
            EncodedValue encoded = r.IsRaw ? new EncodedValue(r.RawData, r.RawFlags) : Transcoder.Encode(r.Value);
            return new StoreOperation(_prefix, r.Key, _base64, r.Mode, encoded.Data, encoded.Flags, r.Expiration.ToWireValue(), r.Cas, r.CasIsGuardOnly);
        };

        // ------------------------------------------------------------------ keys to servers, then the batch engine

        // servers: null, or per key the server it goes to (a null entry: placed by the distribution).
        private KeyOutcome<TResult>[] RunMany<TOp, TResult>(string[] keys, Func<int, TOp> create, bool quiet, CancellationToken token, ServerAddress?[]? servers = null)
            where TOp : struct, IOperation<TResult>
        {
            var outcomes = new KeyOutcome<TResult>[keys.Length];
            _batches.Run(GroupByServer<TOp, TResult>(keys, servers, create, outcomes, quiet), token);
            return outcomes;
        }

        private async Task<IReadOnlyList<KeyOutcome<TResult>>> RunManyAsync<TOp, TResult>(string[] keys, Func<int, TOp> create, bool quiet, CancellationToken token,
            ServerAddress?[]? servers = null)
            where TOp : struct, IOperation<TResult>
        {
            var outcomes = new KeyOutcome<TResult>[keys.Length];
            await _batches.RunAsync(GroupByServer<TOp, TResult>(keys, servers, create, outcomes, quiet), token).ConfigureAwait(false);
            return outcomes;
        }

        private static (string[] Keys, ServerAddress?[] Servers) Split(IEnumerable<KeyOnServer> keys)
        {
            KeyOnServer[] list = keys.ToArray();
            var names = new string[list.Length];
            var servers = new ServerAddress?[list.Length];
            for (int i = 0; i < list.Length; i++)
            {
                names[i] = list[i].Key ?? throw new ArgumentException("A KeyOnServer has no key (default value).", nameof(keys));
                servers[i] = list[i].Server;
            }
            return (names, servers);
        }

        /// <summary>
        /// Each server's share of the keys. A key that cannot be sent (illegal, or its server dead) gets its outcome here,
        /// before anything is sent.
        /// </summary>
        private List<NodeBatch<TOp, TResult>> GroupByServer<TOp, TResult>(string[] keys, ServerAddress?[]? servers, Func<int, TOp> create, KeyOutcome<TResult>[] outcomes, bool quiet)
            where TOp : struct, IOperation<TResult>
        {
            ThrowIfDisposed();
            var groups = new Dictionary<ServerNode, List<int>>();
            var order = new List<ServerNode>();
            for (int i = 0; i < keys.Length; i++)
            {
                ServerNode node;
                try
                {
                    var on = servers?[i];
                    node = on == null ? Locate(keys[i]) : LocateOn(keys[i], on);
                }
                catch (MemcachedClientException e)
                {
                    outcomes[i] = new KeyOutcome<TResult>(keys[i], e, servers?[i]);
                    continue;
                }
                catch (MemcachedConnectionException e)
                {
                    outcomes[i] = _options.IgnoreServerErrors
                        ? new KeyOutcome<TResult>(keys[i], default(TOp).UnavailableResult, servers?[i])
                        : new KeyOutcome<TResult>(keys[i], e, servers?[i]);
                    continue;
                }
                if (!groups.TryGetValue(node, out var list))
                {
                    groups[node] = list = new List<int>();
                    order.Add(node);
                }
                list.Add(i);
            }
            var batches = new List<NodeBatch<TOp, TResult>>(order.Count);
            foreach (var node in order)
                batches.Add(new NodeBatch<TOp, TResult>(node, groups[node], keys, create, outcomes, quiet, _options.IgnoreServerErrors));
            return batches;
        }
    }
}
