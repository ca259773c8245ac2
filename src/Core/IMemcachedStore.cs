using System;
using System.Collections.Generic;
using System.Threading;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.KeyDump;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Core
{
    /// <summary>
    /// What a cache offers its callers, whether it is memcached over the network (<see cref="MemcachedClient"/>) or a
    /// store inside this process (<see cref="InMemory.InMemoryStore"/>). Multi-key calls return one outcome per key in
    /// input order; per-key results (miss, not stored) are outcomes, not exceptions. Every call ends by its deadline
    /// (the client's operation timeout) or, when <c>cancellationToken</c> fires, with OperationCanceledException.
    /// </summary>
    public interface IMemcachedStore : IDisposable
    {
        IReadOnlyList<ServerAddress> Servers { get; }

        ITranscoder Transcoder { get; }

        /// <summary>The server a key is placed on.</summary>
        ServerAddress GetServer(string key);

        IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<string> keys, bool withCas = false, CancellationToken cancellationToken = default);

        /// <summary>Reads many keys and gives each hit a new lifetime in the same round trip (gat). Includes CAS tokens.</summary>
        IReadOnlyList<KeyOutcome<CacheItem?>> GetAndTouchMany(IEnumerable<string> keys, Expiration expiration, CancellationToken cancellationToken = default);

        IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, CancellationToken cancellationToken = default);

        /// <summary>StoreMany, with each stored item's new CAS token when <paramref name="withCas"/> (which may cost the
        /// quiet-mode speed of a batch).</summary>
        IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, bool withCas, CancellationToken cancellationToken = default);

        /// <summary>
        /// Whether each key holds an item, without reading values. A key whose server failed carries an Error (or, when
        /// server errors are ignored, a null Result): never false for a server that did not answer.
        /// </summary>
        IReadOnlyList<KeyOutcome<bool?>> ContainsMany(IEnumerable<string> keys, CancellationToken cancellationToken = default);

        /// <summary>Each outcome is true when the key existed and was deleted.</summary>
        IReadOnlyList<KeyOutcome<bool>> DeleteMany(IEnumerable<string> keys, CancellationToken cancellationToken = default);

        /// <summary>Each outcome is true when the key existed and got the new lifetime.</summary>
        IReadOnlyList<KeyOutcome<bool>> TouchMany(IEnumerable<string> keys, Expiration expiration, CancellationToken cancellationToken = default);

        /// <summary>
        /// incr (or decr) on many counters by one delta. A missing counter gives null, or with <paramref name="initial"/> is
        /// created holding that value with the given lifetime.
        /// </summary>
        IReadOnlyList<KeyOutcome<ulong?>> IncrementMany(IEnumerable<string> keys, bool decrement, ulong delta, ulong? initial, Expiration expiration,
            CancellationToken cancellationToken = default);

        // Keys with the server they are on (a key listed from a server, or read from one): each goes to that server and
        // is never placed by the distribution; a server that is not the store's fails that key before anything is sent
        // for it. Keys without a server are placed as in the overloads above. Same batching, same outcomes.

        /// <summary><see cref="GetMany(IEnumerable{string}, bool, CancellationToken)"/>, each key read from the server it names.</summary>
        IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<KeyOnServer> keys, bool withCas = false, CancellationToken cancellationToken = default);

        /// <summary><see cref="GetAndTouchMany(IEnumerable{string}, Expiration, CancellationToken)"/>, each key on the server it names.</summary>
        IReadOnlyList<KeyOutcome<CacheItem?>> GetAndTouchMany(IEnumerable<KeyOnServer> keys, Expiration expiration, CancellationToken cancellationToken = default);

        /// <summary><see cref="ContainsMany(IEnumerable{string}, CancellationToken)"/>, each key asked of the server it names.</summary>
        IReadOnlyList<KeyOutcome<bool?>> ContainsMany(IEnumerable<KeyOnServer> keys, CancellationToken cancellationToken = default);

        /// <summary><see cref="DeleteMany(IEnumerable{string}, CancellationToken)"/>, each key deleted on the server it names.</summary>
        IReadOnlyList<KeyOutcome<bool>> DeleteMany(IEnumerable<KeyOnServer> keys, CancellationToken cancellationToken = default);

        /// <summary><see cref="TouchMany(IEnumerable{string}, Expiration, CancellationToken)"/>, each key on the server it names.</summary>
        IReadOnlyList<KeyOutcome<bool>> TouchMany(IEnumerable<KeyOnServer> keys, Expiration expiration, CancellationToken cancellationToken = default);

        /// <summary>
        /// <see cref="IncrementMany(IEnumerable{string}, bool, ulong, ulong?, Expiration, CancellationToken)"/>, each counter
        /// stepped (or created) on the server it names.
        /// </summary>
        IReadOnlyList<KeyOutcome<ulong?>> IncrementMany(IEnumerable<KeyOnServer> keys, bool decrement, ulong delta, ulong? initial, Expiration expiration,
            CancellationToken cancellationToken = default);

        IReadOnlyList<ServerResult<StatsResult>> Stats(string? arguments = null, IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default);

        /// <summary><c>stats reset</c>: sets the servers' counters (cmd_get, get_hits, evictions, bytes_read, …) back to
        /// zero; items, memory and uptime are untouched. True for each server that answered RESET.</summary>
        IReadOnlyList<ServerResult<bool>> ResetStats(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default);

        IReadOnlyList<ServerResult<bool>> FlushAll(TimeSpan? delay = null, IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default);

        IReadOnlyList<ServerResult<string>> Version(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default);

        /// <summary>
        /// Streams the keys one server holds (<c>lru_crawler metadump all</c>) to <paramref name="onKey"/> as they arrive,
        /// until the dump ends or <paramref name="onKey"/> returns false. Only keys under the client's key prefix are
        /// passed, without the prefix.
        /// </summary>
        void DumpKeys(ServerAddress server, Func<KeyDumpEntry, bool> onKey, CancellationToken cancellationToken = default);
    }
}
