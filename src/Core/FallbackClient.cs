using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace MemcachePS.Core
{
    /// <summary>
    /// For moving to a new cluster without a cold cache (like pymemcache's FallbackClient): reads try the new cluster,
    /// then each older one in turn on a miss; writes go to the new cluster only. Deletes go to every cluster, unlike
    /// pymemcache, so that a deleted key cannot come back from an old cluster on the next read.
    /// The clients passed in stay the caller's to dispose.
    /// </summary>
    public sealed class FallbackClient
    {
        private readonly MemcachedClient[] _clients;

        /// <param name="current">The cluster that receives writes and is read first.</param>
        /// <param name="older">Clusters read, in order, when the current one misses.</param>
        public FallbackClient(MemcachedClient current, params MemcachedClient[] older)
        {
            if (current == null) throw new ArgumentNullException(nameof(current));
            _clients = new[] { current }.Concat(older ?? new MemcachedClient[0]).ToArray();
        }

        public MemcachedClient Current => _clients[0];

        public CacheItem? Get(string key, CancellationToken cancellationToken = default)
        {
            foreach (var client in _clients)
            {
                var item = client.Get(key, cancellationToken);
                if (item != null) return item;
            }
            return null;
        }

        public async Task<CacheItem?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            foreach (var client in _clients)
            {
                var item = await client.GetAsync(key, cancellationToken).ConfigureAwait(false);
                if (item != null) return item;
            }
            return null;
        }

        public object? GetValue(string key, CancellationToken cancellationToken = default)
        {
            var item = Get(key, cancellationToken);
            return item == null ? null : _clients[0].Decode(item);
        }

        /// <summary>Reads many keys: the misses (and only those) of each cluster are asked of the next one.</summary>
        public IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<string> keys, CancellationToken cancellationToken = default)
        {
            var outcomes = _clients[0].GetMany(keys, cancellationToken: cancellationToken).ToArray();
            for (int c = 1; c < _clients.Length; c++)
            {
                var missing = Misses(outcomes);
                if (missing.Count == 0) break;
                Merge(outcomes, missing, _clients[c].GetMany(missing.Select(i => outcomes[i].Key), cancellationToken: cancellationToken));
            }
            return outcomes;
        }

        public async Task<IReadOnlyList<KeyOutcome<CacheItem?>>> GetManyAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
        {
            var outcomes = (await _clients[0].GetManyAsync(keys, cancellationToken: cancellationToken).ConfigureAwait(false)).ToArray();
            for (int c = 1; c < _clients.Length; c++)
            {
                var missing = Misses(outcomes);
                if (missing.Count == 0) break;
                Merge(outcomes, missing, await _clients[c].GetManyAsync(missing.Select(i => outcomes[i].Key), cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            return outcomes;
        }

        private static List<int> Misses(KeyOutcome<CacheItem?>[] outcomes) =>
            Enumerable.Range(0, outcomes.Length).Where(i => !outcomes[i].HasError && outcomes[i].Result == null).ToList();

        private static void Merge(KeyOutcome<CacheItem?>[] outcomes, List<int> missing, IReadOnlyList<KeyOutcome<CacheItem?>> older)
        {
            for (int j = 0; j < missing.Count; j++)
                if (!older[j].HasError && older[j].Result != null) outcomes[missing[j]] = older[j];
        }

        public StoreResult Set(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            _clients[0].Set(key, value, expiration, cancellationToken);

        public Task<StoreResult> SetAsync(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            _clients[0].SetAsync(key, value, expiration, cancellationToken);

        public StoreResult Store(StoreMode mode, string key, object? value, Expiration expiration = default, ulong cas = 0, CancellationToken cancellationToken = default) =>
            _clients[0].Store(mode, key, value, expiration, cas, cancellationToken);

        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, CancellationToken cancellationToken = default) =>
            _clients[0].StoreMany(requests, cancellationToken);

        /// <summary>Deletes from every cluster; true when any of them held the key.</summary>
        public bool Delete(string key, CancellationToken cancellationToken = default)
        {
            bool any = false;
            foreach (var client in _clients) any |= client.Delete(key, cancellationToken);
            return any;
        }
    }
}
