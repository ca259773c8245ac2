using System;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Core
{
    public sealed partial class MemcachedClient
    {
        // ------------------------------------------------------------------ reads

        /// <summary>The item, or null on a miss.</summary>
        public CacheItem? Get(string key, CancellationToken cancellationToken = default)
        {
            var op = new GetOperation(_prefix, key, _base64, withCas: false, touchTtl: null);
            return Execute<GetOperation, CacheItem?>(key, ref op, cancellationToken);
        }

        public Task<CacheItem?> GetAsync(string key, CancellationToken cancellationToken = default) =>
            ExecuteAsync<GetOperation, CacheItem?>(key, new GetOperation(_prefix, key, _base64, withCas: false, touchTtl: null), cancellationToken);

        /// <summary>The item with its CAS token, or null on a miss.</summary>
        public CacheItem? Gets(string key, CancellationToken cancellationToken = default)
        {
            var op = new GetOperation(_prefix, key, _base64, withCas: true, touchTtl: null);
            return Execute<GetOperation, CacheItem?>(key, ref op, cancellationToken);
        }

        public Task<CacheItem?> GetsAsync(string key, CancellationToken cancellationToken = default) =>
            ExecuteAsync<GetOperation, CacheItem?>(key, new GetOperation(_prefix, key, _base64, withCas: true, touchTtl: null), cancellationToken);

        /// <summary>Reads the item and gives it a new lifetime in the same round trip (gat/gats). Includes the CAS token.</summary>
        public CacheItem? GetAndTouch(string key, Expiration expiration, CancellationToken cancellationToken = default)
        {
            var op = new GetOperation(_prefix, key, _base64, withCas: true, touchTtl: expiration.ToWireValue());
            return Execute<GetOperation, CacheItem?>(key, ref op, cancellationToken);
        }

        public Task<CacheItem?> GetAndTouchAsync(string key, Expiration expiration, CancellationToken cancellationToken = default) =>
            ExecuteAsync<GetOperation, CacheItem?>(key, new GetOperation(_prefix, key, _base64, withCas: true, touchTtl: expiration.ToWireValue()), cancellationToken);

        /// <summary>The decoded value (see <see cref="Transcoder"/>), or null on a miss.</summary>
        public object? GetValue(string key, CancellationToken cancellationToken = default)
        {
            var item = Get(key, cancellationToken);
            return item == null ? null : Decode(item);
        }

        public async Task<object?> GetValueAsync(string key, CancellationToken cancellationToken = default)
        {
            var item = await GetAsync(key, cancellationToken).ConfigureAwait(false);
            return item == null ? null : Decode(item);
        }

        public object? Decode(CacheItem item) => Transcoder.Decode(new ArraySegment<byte>(item.Value), item.Flags);

        // ------------------------------------------------------------------ writes

        /// <summary>Stores raw bytes with the given client flags.</summary>
        public StoreResult Store(StoreMode mode, string key, ArraySegment<byte> value, uint flags, Expiration expiration = default, ulong cas = 0,
            CancellationToken cancellationToken = default)
        {
            var op = new StoreOperation(_prefix, key, _base64, mode, value, flags, expiration.ToWireValue(), cas);
            return Execute<StoreOperation, StoreResult>(key, ref op, cancellationToken);
        }

        public Task<StoreResult> StoreAsync(StoreMode mode, string key, ArraySegment<byte> value, uint flags, Expiration expiration = default, ulong cas = 0,
            CancellationToken cancellationToken = default) =>
            ExecuteAsync<StoreOperation, StoreResult>(key, new StoreOperation(_prefix, key, _base64, mode, value, flags, expiration.ToWireValue(), cas), cancellationToken);

        /// <summary>Stores a value encoded by the transcoder (strings as UTF-8, numbers as decimal, byte arrays raw, …).</summary>
        public StoreResult Store(StoreMode mode, string key, object? value, Expiration expiration = default, ulong cas = 0,
            CancellationToken cancellationToken = default)
        {
            EncodedValue encoded = Transcoder.Encode(value);
            return Store(mode, key, encoded.Data, encoded.Flags, expiration, cas, cancellationToken);
        }

        public Task<StoreResult> StoreAsync(StoreMode mode, string key, object? value, Expiration expiration = default, ulong cas = 0,
            CancellationToken cancellationToken = default)
        {
            EncodedValue encoded = Transcoder.Encode(value);
            return StoreAsync(mode, key, encoded.Data, encoded.Flags, expiration, cas, cancellationToken);
        }

        public StoreResult Set(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            Store(StoreMode.Set, key, value, expiration, 0, cancellationToken);
        public Task<StoreResult> SetAsync(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            StoreAsync(StoreMode.Set, key, value, expiration, 0, cancellationToken);
        public StoreResult Add(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            Store(StoreMode.Add, key, value, expiration, 0, cancellationToken);
        public Task<StoreResult> AddAsync(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            StoreAsync(StoreMode.Add, key, value, expiration, 0, cancellationToken);
        public StoreResult Replace(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            Store(StoreMode.Replace, key, value, expiration, 0, cancellationToken);
        public Task<StoreResult> ReplaceAsync(string key, object? value, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            StoreAsync(StoreMode.Replace, key, value, expiration, 0, cancellationToken);

        /// <summary>Adds bytes after the stored value. The item keeps its flags and lifetime.</summary>
        public StoreResult Append(string key, byte[] data, CancellationToken cancellationToken = default) =>
            Store(StoreMode.Append, key, new ArraySegment<byte>(data), 0, default, 0, cancellationToken);
        public Task<StoreResult> AppendAsync(string key, byte[] data, CancellationToken cancellationToken = default) =>
            StoreAsync(StoreMode.Append, key, new ArraySegment<byte>(data), 0, default, 0, cancellationToken);
        /// <summary>Adds bytes before the stored value. The item keeps its flags and lifetime.</summary>
        public StoreResult Prepend(string key, byte[] data, CancellationToken cancellationToken = default) =>
            Store(StoreMode.Prepend, key, new ArraySegment<byte>(data), 0, default, 0, cancellationToken);
        public Task<StoreResult> PrependAsync(string key, byte[] data, CancellationToken cancellationToken = default) =>
            StoreAsync(StoreMode.Prepend, key, new ArraySegment<byte>(data), 0, default, 0, cancellationToken);

        /// <summary>
        /// Stores only if the item still has the CAS token read earlier: Exists when it changed, NotFound when it is gone.
        /// A server started with memcached -C keeps no tokens (Gets reads 0): a CAS write to it is refused with a
        /// <see cref="MemcachedClientException"/> before sending, since memcached would answer EXISTS whatever the token.
        /// </summary>
        public StoreResult Cas(string key, object? value, ulong cas, Expiration expiration = default, CancellationToken cancellationToken = default)
        {
            if (cas == 0) throw new MemcachedClientException("A CAS token of 0 is not a token: read the item with Gets first.");
            return Store(StoreMode.Set, key, value, expiration, cas, cancellationToken);
        }

        public Task<StoreResult> CasAsync(string key, object? value, ulong cas, Expiration expiration = default, CancellationToken cancellationToken = default)
        {
            if (cas == 0) throw new MemcachedClientException("A CAS token of 0 is not a token: read the item with Gets first.");
            return StoreAsync(StoreMode.Set, key, value, expiration, cas, cancellationToken);
        }

        /// <summary>True when the key existed and was deleted.</summary>
        public bool Delete(string key, CancellationToken cancellationToken = default)
        {
            var op = new DeleteOperation(_prefix, key, _base64);
            return Execute<DeleteOperation, bool>(key, ref op, cancellationToken);
        }

        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
            ExecuteAsync<DeleteOperation, bool>(key, new DeleteOperation(_prefix, key, _base64), cancellationToken);

        /// <summary>Gives the item a new lifetime. True when the key existed.</summary>
        public bool Touch(string key, Expiration expiration, CancellationToken cancellationToken = default)
        {
            var op = new TouchOperation(_prefix, key, _base64, expiration.ToWireValue());
            return Execute<TouchOperation, bool>(key, ref op, cancellationToken);
        }

        public Task<bool> TouchAsync(string key, Expiration expiration, CancellationToken cancellationToken = default) =>
            ExecuteAsync<TouchOperation, bool>(key, new TouchOperation(_prefix, key, _base64, expiration.ToWireValue()), cancellationToken);

        // ------------------------------------------------------------------ counters

        /// <summary>
        /// Adds <paramref name="delta"/> to a decimal counter and returns the new value (wrapping at 2^64 as memcached does).
        /// A missing key gives null, or, with <paramref name="initial"/>, is created holding that value with the given
        /// lifetime, under the transcoder's integer flags (see <see cref="NewCounter"/>).
        /// </summary>
        public ulong? Increment(string key, ulong delta = 1, ulong? initial = null, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            Arithmetic(key, false, delta, initial, expiration, cancellationToken);

        /// <summary>Subtracts from a counter; memcached floors the result at 0.</summary>
        public ulong? Decrement(string key, ulong delta = 1, ulong? initial = null, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            Arithmetic(key, true, delta, initial, expiration, cancellationToken);

        public Task<ulong?> IncrementAsync(string key, ulong delta = 1, ulong? initial = null, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            ArithmeticAsync(key, false, delta, initial, expiration, cancellationToken);

        public Task<ulong?> DecrementAsync(string key, ulong delta = 1, ulong? initial = null, Expiration expiration = default, CancellationToken cancellationToken = default) =>
            ArithmeticAsync(key, true, delta, initial, expiration, cancellationToken);

        private ulong? Arithmetic(string key, bool decrement, ulong delta, ulong? initial, Expiration expiration, CancellationToken token)
        {
            expiration.ToWireValue(); // a lifetime memcached cannot hold is refused before the first step is sent
            var step = new ArithmeticOperation(_prefix, key, _base64, decrement, delta);
            ulong? value = Execute<ArithmeticOperation, ulong?>(key, ref step, token);
            if (value.HasValue || !initial.HasValue || LocateOrNull(key) == null) return value;

            EncodedValue counter = NewCounter(initial.Value);
            for (int attempt = 0; attempt < CounterCreateAttempts; attempt++)
            {
                if (Store(StoreMode.Add, key, counter.Data, counter.Flags, expiration, 0, token).IsStored) return initial;
                value = Execute<ArithmeticOperation, ulong?>(key, ref step, token); // another client created it first: count it
                if (value.HasValue) return value;
            }
            throw CounterKeptVanishing(key);
        }

        private async Task<ulong?> ArithmeticAsync(string key, bool decrement, ulong delta, ulong? initial, Expiration expiration, CancellationToken token)
        {
            expiration.ToWireValue(); // a lifetime memcached cannot hold is refused before the first step is sent
            var step = new ArithmeticOperation(_prefix, key, _base64, decrement, delta);
            ulong? value = await ExecuteAsync<ArithmeticOperation, ulong?>(key, step, token).ConfigureAwait(false);
            if (value.HasValue || !initial.HasValue || LocateOrNull(key) == null) return value;

            EncodedValue counter = NewCounter(initial.Value);
            for (int attempt = 0; attempt < CounterCreateAttempts; attempt++)
            {
                if ((await StoreAsync(StoreMode.Add, key, counter.Data, counter.Flags, expiration, 0, token).ConfigureAwait(false)).IsStored) return initial;
                value = await ExecuteAsync<ArithmeticOperation, ulong?>(key, step, token).ConfigureAwait(false);
                if (value.HasValue) return value;
            }
            throw CounterKeptVanishing(key);
        }

        /// <summary>How often a missing counter is added and, when another client won the race, stepped again.</summary>
        private const int CounterCreateAttempts = 3;

        /// <summary>
        /// The item a missing counter is created as, by every counter path (single key, sync and async, and
        /// <see cref="IncrementMany(IEnumerable{string}, bool, ulong, ulong?, Expiration, CancellationToken)"/>): the initial value through the transcoder, so it carries the integer flags that
        /// pymemcache, python-memcached, pylibmc and this client read back as a number.
        /// </summary>
        /// <remarks>
        /// Not meta <c>ma N J</c>: memcached gives the counters <c>ma</c> creates client flags 0 (ma has no flags
        /// argument), and every one of those clients reads flags 0 as bytes. Creating with <c>add</c> costs a second
        /// round trip only when the counter was missing, and a racing creator is counted again, as incr would have.
        /// </remarks>
        private EncodedValue NewCounter(ulong initial) => Transcoder.Encode(initial);

        private static MemcachedServerException CounterKeptVanishing(string key) =>
            new MemcachedServerException($"The counter '{key}' kept appearing and disappearing while it was being created.");

        private ServerNode? LocateOrNull(string key)
        {
            try { return Locate(key); }
            catch (MemcachedConnectionException) { return null; }
        }

        // ------------------------------------------------------------------ single-key execution with the ignore-errors policy

        private TResult Execute<TOp, TResult>(string key, ref TOp op, CancellationToken token) where TOp : struct, IOperation<TResult>
        {
            ThrowIfDisposed();
            try
            {
                ServerNode node = Locate(key);
                return _engine.Run<TOp, TResult>(node, ref op, token);
            }
            catch (MemcachedConnectionException) when (_options.IgnoreServerErrors)
            {
                return op.UnavailableResult;
            }
        }

        private async Task<TResult> ExecuteAsync<TOp, TResult>(string key, TOp op, CancellationToken token) where TOp : struct, IOperation<TResult>
        {
            ThrowIfDisposed();
            try
            {
                ServerNode node = Locate(key);
                return await _engine.RunAsync<TOp, TResult>(node, op, token).ConfigureAwait(false);
            }
            catch (MemcachedConnectionException) when (_options.IgnoreServerErrors)
            {
                return op.UnavailableResult;
            }
        }
    }
}
