using System;
using System.Collections.Generic;
using System.Linq;
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

        public CacheItem? Get(string key)
        {
            foreach (var client in _clients)
            {
                var item = client.Get(key);
                if (item != null) return item;
            }
            return null;
        }

        public async Task<CacheItem?> GetAsync(string key)
        {
            foreach (var client in _clients)
            {
                var item = await client.GetAsync(key).ConfigureAwait(false);
                if (item != null) return item;
            }
            return null;
        }

        public object? GetValue(string key)
        {
            var item = Get(key);
            return item == null ? null : _clients[0].Decode(item);
        }

        /// <summary>Reads many keys: the misses (and only those) of each cluster are asked of the next one.</summary>
        public IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<string> keys) => GetManyAsync(keys).GetAwaiter().GetResult();

        public async Task<IReadOnlyList<KeyOutcome<CacheItem?>>> GetManyAsync(IEnumerable<string> keys)
        {
            var outcomes = (await _clients[0].GetManyAsync(keys).ConfigureAwait(false)).ToArray();
            for (int c = 1; c < _clients.Length; c++)
            {
                var missing = Enumerable.Range(0, outcomes.Length).Where(i => !outcomes[i].HasError && outcomes[i].Result == null).ToList();
                if (missing.Count == 0) break;
                var older = await _clients[c].GetManyAsync(missing.Select(i => outcomes[i].Key)).ConfigureAwait(false);
                for (int j = 0; j < missing.Count; j++)
                    if (!older[j].HasError && older[j].Result != null) outcomes[missing[j]] = older[j];
            }
            return outcomes;
        }

        public StoreResult Set(string key, object? value, Expiration expiration = default) => _clients[0].Set(key, value, expiration);

        public Task<StoreResult> SetAsync(string key, object? value, Expiration expiration = default) => _clients[0].SetAsync(key, value, expiration);

        public StoreResult Store(StoreMode mode, string key, object? value, Expiration expiration = default, ulong cas = 0) =>
            _clients[0].Store(mode, key, value, expiration, cas);

        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests) => _clients[0].StoreMany(requests);

        /// <summary>Deletes from every cluster; true when any of them held the key.</summary>
        public bool Delete(string key)
        {
            bool any = false;
            foreach (var client in _clients) any |= client.Delete(key);
            return any;
        }
    }
}
