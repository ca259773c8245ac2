using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.KeyDump;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Core.InMemory
{
    /// <summary>
    /// A cache inside this process with memcached's item semantics: lifetimes (relative up to 30 days, absolute beyond),
    /// CAS tokens, client flags, add/replace/append/prepend, incr/decr (wrapping at 2^64, flooring at 0, creation with
    /// an initial value), touch, delayed flush, key and size limits, and the basic counters of <c>stats</c>. For trying
    /// scripts and for tests without a server. It never evicts: <c>limit_maxbytes</c> is reported, not enforced.
    /// </summary>
    public sealed class InMemoryStore : IMemcachedStore
    {
        public const string VersionText = "in-memory";

        /// <summary>The one "server" of every in-memory store.</summary>
        public static readonly ServerAddress Address = new ServerAddress("in-memory", MemcachedConstants.DefaultPort);

        private readonly object _gate = new object();
        private readonly Dictionary<string, Entry> _items = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private readonly Func<DateTimeOffset> _clock;
        private readonly string _prefix;
        private readonly DateTimeOffset _started;
        private readonly Dictionary<string, long> _counters = new Dictionary<string, long>(StringComparer.Ordinal);
        private ulong _lastCas;
        private long _bytes;
        private DateTimeOffset? _pendingFlush;
        private TimeSpan _clockOffset;
        private bool _disposed;

        public InMemoryStore(ITranscoder? transcoder = null, string? keyPrefix = null, Func<DateTimeOffset>? clock = null,
            long limitMaxBytes = 64L * 1024 * 1024, int itemSizeMax = MemcachedConstants.DefaultItemSizeMax)
        {
            if (limitMaxBytes < 1) throw new MemcachedClientException("limit_maxbytes must be positive.");
            if (itemSizeMax < 1) throw new MemcachedClientException("item_size_max must be positive.");
            _prefix = keyPrefix ?? string.Empty;
            KeyValidator.ValidatePrefix(_prefix, base64: false);
            Transcoder = transcoder ?? new DefaultTranscoder();
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            LimitMaxBytes = limitMaxBytes;
            ItemSizeMax = itemSizeMax;
            _started = _clock();
            Servers = new[] { Address };
        }

        public IReadOnlyList<ServerAddress> Servers { get; }

        public ITranscoder Transcoder { get; }

        public long LimitMaxBytes { get; }

        public int ItemSizeMax { get; }

        public string KeyPrefix => _prefix;

        /// <summary>Items alive right now.</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    var now = Now();
                    return _items.Values.Count(e => e.IsAlive(now));
                }
            }
        }

        public ServerAddress GetServer(string key)
        {
            KeyValidator.Validate(_prefix, key, base64: false);
            return Address;
        }

        // ------------------------------------------------------------------ reads

        public IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<string> keys, bool withCas = false, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Read(key, now, withCas, touch: null));

        public IReadOnlyList<KeyOutcome<CacheItem?>> GetMany(IEnumerable<KeyOnServer> keys, bool withCas = false, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Read(key, now, withCas, touch: null));

        public IReadOnlyList<KeyOutcome<CacheItem?>> GetAndTouchMany(IEnumerable<string> keys, Expiration expiration, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Read(key, now, withCas: true, touch: expiration));

        public IReadOnlyList<KeyOutcome<CacheItem?>> GetAndTouchMany(IEnumerable<KeyOnServer> keys, Expiration expiration, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Read(key, now, withCas: true, touch: expiration));

        public IReadOnlyList<KeyOutcome<bool?>> ContainsMany(IEnumerable<KeyOnServer> keys, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => (bool?)(Read(key, now, withCas: false, touch: null) != null));

        /// <summary>Whether each key holds a live item; like memcached's mg, it counts as a read (get_hits / get_misses).</summary>
        public IReadOnlyList<KeyOutcome<bool?>> ContainsMany(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => (bool?)(Read(key, now, withCas: false, touch: null) != null));

        private CacheItem? Read(string key, DateTimeOffset now, bool withCas, Expiration? touch)
        {
            DateTimeOffset? touchedExpiry = touch.HasValue ? ExpiryFor(touch.Value, now) : null; // refused before it counts
            Bump(touch.HasValue ? "cmd_touch" : "cmd_get");
            var entry = Find(key, now, touch.HasValue ? null : "get");
            if (entry == null)
            {
                Bump(touch.HasValue ? "touch_misses" : "get_misses");
                return null;
            }
            Bump(touch.HasValue ? "touch_hits" : "get_hits");
            if (touch.HasValue) entry.ExpiresAt = touchedExpiry;
            entry.LastAccess = now;
            entry.Fetched = true;
            return new CacheItem(key, (byte[])entry.Data.Clone(), entry.Flags, withCas ? entry.Cas : 0, Address, RemainingSeconds(entry.ExpiresAt, now));
        }

        /// <summary>As memcached's <c>mg … t</c>: -1 for never, else the whole seconds left (rounded up, so a live item never reads 0 = "never").</summary>
        internal static long RemainingSeconds(DateTimeOffset? expiresAt, DateTimeOffset now) =>
            expiresAt.HasValue ? Math.Max(0, (long)Math.Ceiling((expiresAt.Value - now).TotalSeconds)) : -1;

        // ------------------------------------------------------------------ writes

        /// <summary>Every stored item carries its new CAS token, asked for or not.</summary>
        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, bool withCas, CancellationToken cancellationToken = default) =>
            StoreMany(requests, cancellationToken);

        public IReadOnlyList<KeyOutcome<StoreResult>> StoreMany(IEnumerable<StoreRequest> requests, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var list = requests.ToList();
            var outcomes = new KeyOutcome<StoreResult>[list.Count];
            lock (_gate)
            {
                ThrowIfDisposed();
                var now = Now();
                for (int i = 0; i < list.Count; i++)
                {
                    var request = list[i];
                    try
                    {
                        KeyValidator.Validate(_prefix, request.Key, base64: false);
                        EncodedValue encoded = request.IsRaw ? new EncodedValue(request.RawData, request.RawFlags) : Transcoder.Encode(request.Value);
                        outcomes[i] = new KeyOutcome<StoreResult>(request.Key, Store(request, encoded, now), Address);
                    }
                    catch (MemcachedException e)
                    {
                        outcomes[i] = new KeyOutcome<StoreResult>(request.Key, e, Address);
                    }
                }
            }
            return outcomes;
        }

        private StoreResult Store(StoreRequest request, EncodedValue encoded, DateTimeOffset now)
        {
            string key = request.Key;
            if (encoded.Data.Count > ItemSizeMax)
                throw new MemcachedClientException(
                    $"The value for '{key}' is {encoded.Data.Count} bytes; {Address} accepts items of at most {ItemSizeMax} bytes (item_size_max).")
                { Server = Address.Name };

            // A lifetime memcached cannot hold is refused before the write counts, as MemcachedClient refuses it before sending.
            DateTimeOffset? expiresAt = ExpiryFor(request.Expiration, now);
            Bump("cmd_set");
            var existing = Find(key, now, null);
            if (request.Cas != 0)
            {
                if (existing == null)
                {
                    Bump("cas_misses");
                    return new StoreResult(StoreStatus.NotFound, 0);
                }
                if (existing.Cas != request.Cas)
                {
                    Bump("cas_badval");
                    return new StoreResult(StoreStatus.Exists, 0);
                }
                Bump("cas_hits");
            }

            byte[] data = ByteSegments.ToArray(encoded.Data);
            switch (request.Mode)
            {
                case StoreMode.Add when existing != null:
                    existing.LastAccess = now; // memcached bumps a present item on a failed add
                    return new StoreResult(StoreStatus.NotStored, 0);
                case StoreMode.Replace when existing == null:
                case StoreMode.Append when existing == null:
                case StoreMode.Prepend when existing == null:
                    return new StoreResult(StoreStatus.NotStored, 0);
                case StoreMode.Append:
                case StoreMode.Prepend:
                    byte[] joined = request.Mode == StoreMode.Append ? Concat(existing!.Data, data) : Concat(data, existing!.Data);
                    if (joined.Length > ItemSizeMax) return new StoreResult(StoreStatus.NotStored, 0);
                    // The item keeps its flags and its lifetime.
                    return new StoreResult(StoreStatus.Stored, Put(key, joined, existing.Flags, existing.ExpiresAt, now));
                default:
                    return new StoreResult(StoreStatus.Stored, Put(key, data, encoded.Flags, expiresAt, now));
            }
        }

        public IReadOnlyList<KeyOutcome<bool>> DeleteMany(IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, Delete);

        public IReadOnlyList<KeyOutcome<bool>> DeleteMany(IEnumerable<KeyOnServer> keys, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, Delete);

        private bool Delete(string key, DateTimeOffset now)
            {
                var entry = Find(key, now, null);
                if (entry == null)
                {
                    Bump("delete_misses");
                    return false;
                }
                Remove(_prefix + key);
                Bump("delete_hits");
                return true;
            }

        public IReadOnlyList<KeyOutcome<bool>> TouchMany(IEnumerable<string> keys, Expiration expiration, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Touch(key, now, expiration));

        public IReadOnlyList<KeyOutcome<bool>> TouchMany(IEnumerable<KeyOnServer> keys, Expiration expiration, CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Touch(key, now, expiration));

        private bool Touch(string key, DateTimeOffset now, Expiration expiration)
            {
                DateTimeOffset? expiresAt = ExpiryFor(expiration, now);
                Bump("cmd_touch");
                var entry = Find(key, now, null);
                if (entry == null)
                {
                    Bump("touch_misses");
                    return false;
                }
                Bump("touch_hits");
                entry.ExpiresAt = expiresAt;
                entry.LastAccess = now;
                return true;
            }

        public IReadOnlyList<KeyOutcome<ulong?>> IncrementMany(IEnumerable<string> keys, bool decrement, ulong delta, ulong? initial, Expiration expiration,
            CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Step(key, now, decrement, delta, initial, expiration));

        public IReadOnlyList<KeyOutcome<ulong?>> IncrementMany(IEnumerable<KeyOnServer> keys, bool decrement, ulong delta, ulong? initial, Expiration expiration,
            CancellationToken cancellationToken = default) =>
            ForEachKey(keys, (key, now) => Step(key, now, decrement, delta, initial, expiration));

        private ulong? Step(string key, DateTimeOffset now, bool decrement, ulong delta, ulong? initial, Expiration expiration)
            {
                DateTimeOffset? expiresAt = ExpiryFor(expiration, now); // refused before anything changes, as MemcachedClient does
                string kind = decrement ? "decr" : "incr";
                var entry = Find(key, now, null);
                if (entry == null)
                {
                    Bump(kind + "_misses");
                    if (!initial.HasValue) return null;
                    // Created as MemcachedClient.IncrementMany creates it: the initial value under the integer flags.
                    var encoded = Transcoder.Encode(initial.Value);
                    Put(key, ByteSegments.ToArray(encoded.Data), encoded.Flags, expiresAt, now);
                    return initial;
                }
                if (!TryReadCounter(entry.Data, out ulong current))
                    throw new MemcachedServerException("CLIENT_ERROR cannot increment or decrement non-numeric value") { Server = Address.Name };
                Bump(kind + "_hits");
                ulong next = decrement ? (delta > current ? 0 : current - delta) : unchecked(current + delta);
                _bytes -= entry.Size;
                entry.Data = Ascii(next);
                _bytes += entry.Size;
                entry.Cas = ++_lastCas;
                entry.LastAccess = now;
                return next;
            }

        // ------------------------------------------------------------------ server commands

        public IReadOnlyList<ServerResult<StatsResult>> Stats(string? arguments = null, IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default)
        {
            CheckServers(servers);
            lock (_gate)
            {
                ThrowIfDisposed();
                var now = Now();
                var lines = new List<string>();
                switch ((arguments ?? string.Empty).Trim())
                {
                    case "":
                        AddGeneralStats(lines, now);
                        break;
                    case "settings":
                        Stat(lines, "maxbytes", LimitMaxBytes);
                        Stat(lines, "maxconns", 1024);
                        Stat(lines, "tcpport", 0);
                        Stat(lines, "evictions", "off");
                        Stat(lines, "cas_enabled", "yes");
                        Stat(lines, "item_size_max", ItemSizeMax);
                        Stat(lines, "num_threads", 1);
                        break;
                    // memcached's per-slab, per-size and per-connection reports have nothing to say about this store.
                }
                return new[] { new ServerResult<StatsResult>(Address, StatsResult.Parse(lines)) };
            }
        }

        private void AddGeneralStats(List<string> lines, DateTimeOffset now)
        {
            int items = 0;
            foreach (var e in _items.Values) if (e.IsAlive(now)) items++;
            Stat(lines, "pid", Process.GetCurrentProcess().Id);
            Stat(lines, "uptime", Math.Max(0, (long)(now - _started).TotalSeconds));
            Stat(lines, "time", now.ToUnixTimeSeconds());
            Stat(lines, "version", VersionText);
            Stat(lines, "pointer_size", IntPtr.Size * 8);
            Stat(lines, "curr_connections", 1);
            Stat(lines, "total_connections", 1);
            foreach (var name in new[]
            {
                "cmd_get", "cmd_set", "cmd_flush", "cmd_touch", "get_hits", "get_misses", "get_expired", "get_flushed",
                "delete_misses", "delete_hits", "incr_misses", "incr_hits", "decr_misses", "decr_hits",
                "cas_misses", "cas_hits", "cas_badval", "touch_hits", "touch_misses",
            })
                Stat(lines, name, Counter(name));
            Stat(lines, "threads", 1);
            Stat(lines, "bytes", _bytes);
            Stat(lines, "curr_items", items);
            Stat(lines, "total_items", Counter("total_items"));
            Stat(lines, "expired_unfetched", Counter("expired_unfetched"));
            Stat(lines, "evictions", 0);
            Stat(lines, "reclaimed", Counter("reclaimed"));
            Stat(lines, "limit_maxbytes", LimitMaxBytes);
        }

        /// <summary>As memcached's <c>stats reset</c>: every counter back to zero; items and uptime stay.</summary>
        public IReadOnlyList<ServerResult<bool>> ResetStats(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default)
        {
            CheckServers(servers);
            lock (_gate)
            {
                ThrowIfDisposed();
                _counters.Clear();
            }
            return new[] { new ServerResult<bool>(Address, true) };
        }

        public IReadOnlyList<ServerResult<bool>> FlushAll(TimeSpan? delay = null, IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default)
        {
            CheckServers(servers);
            if (delay.HasValue && delay.Value < TimeSpan.Zero) throw new MemcachedClientException("A flush delay cannot be negative.");
            lock (_gate)
            {
                ThrowIfDisposed();
                var now = Now();
                // A delay memcached cannot hold (ending after 2038-01-19 03:14:07 UTC) is refused as MemcachedClient refuses it.
                if (delay.HasValue) Expiration.FlushDelayWireValue(delay.Value, now);
                Bump("cmd_flush");
                var at = now + (delay ?? TimeSpan.Zero);
                if (at <= now) FlushStoredBefore(now);
                else _pendingFlush = at;
            }
            return new[] { new ServerResult<bool>(Address, true) };
        }

        public IReadOnlyList<ServerResult<string>> Version(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default)
        {
            CheckServers(servers);
            ThrowIfDisposed();
            return new[] { new ServerResult<string>(Address, VersionText) };
        }

        public void DumpKeys(ServerAddress server, Func<KeyDumpEntry, bool> onKey, CancellationToken cancellationToken = default)
        {
            if (onKey == null) throw new ArgumentNullException(nameof(onKey));
            CheckServers(new[] { server });
            List<KeyDumpEntry> snapshot;
            lock (_gate)
            {
                ThrowIfDisposed();
                var now = Now();
                snapshot = new List<KeyDumpEntry>(_items.Count);
                foreach (var pair in _items)
                {
                    var e = pair.Value;
                    if (!e.IsAlive(now) || !pair.Key.StartsWith(_prefix, StringComparison.Ordinal)) continue;
                    snapshot.Add(new KeyDumpEntry(pair.Key.Substring(_prefix.Length), e.ExpiresAt, e.LastAccess, e.Cas, e.Fetched, 1, e.Size));
                }
            }
            foreach (var entry in snapshot)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!onKey(entry)) return;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _items.Clear();
                _bytes = 0;
            }
        }

        // ------------------------------------------------------------------ internals

        private IReadOnlyList<KeyOutcome<T>> ForEachKey<T>(IEnumerable<string> keys, Func<string, DateTimeOffset, T> action) =>
            ForEachKey(keys as IList<string> ?? keys.ToList(), null, action);

        /// <summary>Keys with the server they name: a server that is not this store fails its key, and nothing is done for it.</summary>
        private IReadOnlyList<KeyOutcome<T>> ForEachKey<T>(IEnumerable<KeyOnServer> keys, Func<string, DateTimeOffset, T> action)
        {
            var list = keys.ToList();
            var names = new string[list.Count];
            var servers = new ServerAddress?[list.Count];
            for (int i = 0; i < list.Count; i++)
            {
                names[i] = list[i].Key ?? throw new ArgumentException("A KeyOnServer has no key (default value).", nameof(keys));
                servers[i] = list[i].Server;
            }
            return ForEachKey(names, servers, action);
        }

        private IReadOnlyList<KeyOutcome<T>> ForEachKey<T>(IList<string> list, ServerAddress?[]? servers, Func<string, DateTimeOffset, T> action)
        {
            var outcomes = new KeyOutcome<T>[list.Count];
            lock (_gate)
            {
                ThrowIfDisposed();
                var now = Now();
                for (int i = 0; i < list.Count; i++)
                {
                    string key = list[i];
                    try
                    {
                        KeyValidator.Validate(_prefix, key, base64: false);
                        var named = servers?[i];
                        if (named != null && !IsThisStore(named))
                        {
                            outcomes[i] = new KeyOutcome<T>(key, new MemcachedClientException(
                                $"{named.Name} is not one of this client's servers (an in-memory store has only '{Address.Name}'), so nothing was done for '{key}'."), named);
                            continue;
                        }
                        outcomes[i] = new KeyOutcome<T>(key, action(key, now), Address);
                    }
                    catch (MemcachedException e)
                    {
                        outcomes[i] = new KeyOutcome<T>(key, e, Address);
                    }
                }
            }
            return outcomes;
        }

        /// <summary>The live entry for a key; an expired one is removed on the way (memcached's lazy expiry).</summary>
        private Entry? Find(string key, DateTimeOffset now, string? countExpiredAs)
        {
            if (!_items.TryGetValue(_prefix + key, out var entry)) return null;
            if (entry.IsAlive(now)) return entry;
            Remove(_prefix + key);
            Bump("reclaimed");
            if (!entry.Fetched) Bump("expired_unfetched");
            if (countExpiredAs != null) Bump(countExpiredAs + "_expired");
            return null;
        }

        private ulong Put(string key, byte[] data, uint flags, DateTimeOffset? expiresAt, DateTimeOffset now)
        {
            string fullKey = _prefix + key;
            if (_items.TryGetValue(fullKey, out var old)) _bytes -= old.Size;
            var entry = new Entry(fullKey, data, flags, ++_lastCas, expiresAt, now);
            _items[fullKey] = entry;
            _bytes += entry.Size;
            Bump("total_items");
            return entry.Cas;
        }

        private void Remove(string fullKey)
        {
            if (_items.TryGetValue(fullKey, out var old))
            {
                _bytes -= old.Size;
                _items.Remove(fullKey);
            }
        }

        /// <summary>
        /// An expiration in memcached's terms: 0 never, up to 30 days relative, else unix time. What memcached cannot hold
        /// (after 2038-01-19 03:14:07 UTC, or a time already past) is refused as <see cref="Expiration.ToWireValue(DateTimeOffset)"/> refuses it.
        /// </summary>
        private static DateTimeOffset? ExpiryFor(Expiration expiration, DateTimeOffset now)
        {
            long wire = expiration.ToWireValue(now);
            if (wire == 0) return null;
            if (wire <= MemcachedConstants.MaxRelativeExpirationSeconds) return now.AddSeconds(wire);
            return DateTimeOffset.FromUnixTimeSeconds(wire);
        }

        /// <summary>
        /// Moves this store's clock forward: items expire, and delayed flushes happen, as if that much time had passed.
        /// For trying a script's handling of lifetimes (and for tests) without waiting. The store's clock never goes back.
        /// </summary>
        public void AdvanceTime(TimeSpan by)
        {
            if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "The clock of an in-memory store only moves forward.");
            lock (_gate) _clockOffset += by;
        }

        private DateTimeOffset Now()
        {
            var now = _clock() + _clockOffset;
            if (_pendingFlush.HasValue && now >= _pendingFlush.Value)
            {
                var at = _pendingFlush.Value;
                _pendingFlush = null;
                FlushStoredBefore(at);
            }
            return now;
        }

        private void FlushStoredBefore(DateTimeOffset at)
        {
            foreach (var key in _items.Where(p => p.Value.StoredAt <= at).Select(p => p.Key).ToList()) Remove(key);
        }

        /// <summary>A server named for a key is this store when it is its address exactly (as <see cref="MemcachedClient"/> matches nodes).</summary>
        private static bool IsThisStore(ServerAddress server) => server.Equals(Address) || server.Name == Address.Name;

        private void CheckServers(IEnumerable<ServerAddress>? servers)
        {
            if (servers == null) return;
            foreach (var s in servers)
                if (!s.Equals(Address) && s.Name != Address.Name && s.Host != Address.Host)
                    throw new MemcachedClientException($"{s} is not one of this client's servers (an in-memory store has only '{Address.Host}').");
        }

        private void ThrowIfDisposed()
        {
            if (_disposed) throw new ObjectDisposedException(nameof(InMemoryStore));
        }

        private void Bump(string name) => _counters[name] = Counter(name) + 1;

        private long Counter(string name) => _counters.TryGetValue(name, out long n) ? n : 0;

        private static void Stat(List<string> lines, string name, object value) =>
            lines.Add("STAT " + name + " " + Convert.ToString(value, CultureInfo.InvariantCulture));

        /// <summary>memcached's rule for a counter: at most 20 decimal digits (trailing spaces from old decr are allowed).</summary>
        private static bool TryReadCounter(byte[] data, out ulong value)
        {
            string text = Encoding.ASCII.GetString(data).TrimEnd(' ');
            value = 0;
            if (text.Length == 0 || text.Length > 20) return false;
            foreach (char c in text) if (c < '0' || c > '9') return false;
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        private static byte[] Ascii(ulong value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));


        private static byte[] Concat(byte[] a, byte[] b)
        {
            var joined = new byte[a.Length + b.Length];
            Buffer.BlockCopy(a, 0, joined, 0, a.Length);
            Buffer.BlockCopy(b, 0, joined, a.Length, b.Length);
            return joined;
        }

        private sealed class Entry
        {
            public Entry(string fullKey, byte[] data, uint flags, ulong cas, DateTimeOffset? expiresAt, DateTimeOffset now)
            {
                FullKey = fullKey;
                Data = data;
                Flags = flags;
                Cas = cas;
                ExpiresAt = expiresAt;
                StoredAt = now;
                LastAccess = now;
            }

            public string FullKey { get; }
            public byte[] Data { get; set; }
            public uint Flags { get; }
            public ulong Cas { get; set; }
            public DateTimeOffset? ExpiresAt { get; set; }
            public DateTimeOffset StoredAt { get; }
            public DateTimeOffset LastAccess { get; set; }
            public bool Fetched { get; set; }

            /// <summary>Key and value bytes plus memcached's 48-byte item header, roughly as <c>bytes</c> counts it.</summary>
            public int Size => Encoding.UTF8.GetByteCount(FullKey) + Data.Length + 48;

            public bool IsAlive(DateTimeOffset now) => !ExpiresAt.HasValue || ExpiresAt.Value > now;
        }
    }
}
