using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.InMemory;
using MemcachePS.Core.KeyDump;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.InMemory
{
    /// <summary>
    /// The behaviour cmdlets rely on, stated once and checked against both stores: a real memcached through
    /// <see cref="MemcachedClient"/> and the <see cref="InMemoryStore"/>. Whatever passes here behaves
    /// the same with and without -InMemory.
    /// </summary>
    public abstract class StoreContractTests : IDisposable
    {
        protected abstract IMemcachedStore Store { get; }

        /// <summary>Runs <paramref name="write"/> and reads back the lifetime the store recorded for <paramref name="key"/>.</summary>
        protected abstract RecordedLifetime LifetimeRecordedBy(Action write, string key);

        /// <summary>
        /// Lets <paramref name="delay"/> pass for the store, then asserts <paramref name="condition"/>. The in-memory store's
        /// clock steps over the delay; memcached's cannot be moved, so the condition is polled for the delay and a tick.
        /// </summary>
        protected abstract void AssertAfter(TimeSpan delay, Func<bool> condition, string what);

        public abstract void Dispose();

        private static StoreRequest Text(string key, string value, StoreMode mode = StoreMode.Set, Expiration expiration = default, ulong cas = 0) =>
            StoreRequest.Raw(key, new ArraySegment<byte>(Encoding.UTF8.GetBytes(value)), 16, mode, expiration, cas);

        private string? Read(string key)
        {
            var item = Store.GetMany(new[] { key })[0].Result;
            return item == null ? null : Encoding.UTF8.GetString(item.Value);
        }

        [Fact]
        public void GetMany_returns_hits_and_misses_in_input_order()
        {
            Store.StoreMany(new[] { Text("c-a", "1"), Text("c-c", "3") });

            var outcomes = Store.GetMany(new[] { "c-c", "c-b", "c-a" });

            Assert.Equal(new[] { "c-c", "c-b", "c-a" }, outcomes.Select(o => o.Key));
            Assert.Equal(new[] { "3", null, "1" }, outcomes.Select(o => o.Result == null ? null : Encoding.UTF8.GetString(o.Result.Value)));
        }

        [Fact]
        public void Flags_come_back_as_stored()
        {
            Store.StoreMany(new[] { StoreRequest.Raw("c-flags", new ArraySegment<byte>(new byte[] { 1 }), 0x12345) });

            Assert.Equal(0x12345u, Store.GetMany(new[] { "c-flags" })[0].Result!.Flags);
        }

        [Fact]
        public void Add_on_a_present_key_is_not_stored()
        {
            Store.StoreMany(new[] { Text("c-add", "first") });

            var result = Store.StoreMany(new[] { Text("c-add", "second", StoreMode.Add) })[0].Result;

            Assert.Equal(StoreStatus.NotStored, result.Status);
            Assert.Equal("first", Read("c-add"));
        }

        [Fact]
        public void Replace_on_a_missing_key_is_not_stored()
        {
            var result = Store.StoreMany(new[] { Text("c-replace-missing", "x", StoreMode.Replace) })[0].Result;

            Assert.Equal(StoreStatus.NotStored, result.Status);
            Assert.Null(Read("c-replace-missing"));
        }

        [Fact]
        public void Append_and_prepend_keep_the_flags_of_the_item()
        {
            Store.StoreMany(new[] { StoreRequest.Raw("c-app", new ArraySegment<byte>(Encoding.UTF8.GetBytes("mid")), 16) });

            Store.StoreMany(new[]
            {
                StoreRequest.Raw("c-app", new ArraySegment<byte>(Encoding.UTF8.GetBytes(">")), 0, StoreMode.Append),
                StoreRequest.Raw("c-app", new ArraySegment<byte>(Encoding.UTF8.GetBytes("<")), 0, StoreMode.Prepend),
            });

            var item = Store.GetMany(new[] { "c-app" })[0].Result!;
            Assert.Equal("<mid>", Encoding.UTF8.GetString(item.Value));
            Assert.Equal(16u, item.Flags);
        }

        [Fact]
        public void Cas_store_succeeds_with_the_current_token_and_reports_exists_after_a_change()
        {
            Store.StoreMany(new[] { Text("c-cas", "v1") });
            ulong token = Store.GetMany(new[] { "c-cas" }, withCas: true)[0].Result!.Cas;

            var first = Store.StoreMany(new[] { Text("c-cas", "v2", cas: token) })[0].Result;
            var second = Store.StoreMany(new[] { Text("c-cas", "v3", cas: token) })[0].Result;

            Assert.Equal(StoreStatus.Stored, first.Status);
            Assert.Equal(StoreStatus.Exists, second.Status);
            Assert.Equal("v2", Read("c-cas"));
        }

        [Fact]
        public void Cas_store_on_a_missing_key_reports_not_found()
        {
            Assert.Equal(StoreStatus.NotFound, Store.StoreMany(new[] { Text("c-cas-missing", "v", cas: 12345) })[0].Result.Status);
        }

        [Fact]
        public void A_stored_item_gets_a_new_cas_token()
        {
            Store.StoreMany(new[] { Text("c-cas-new", "a") });
            ulong before = Store.GetMany(new[] { "c-cas-new" }, withCas: true)[0].Result!.Cas;
            Store.StoreMany(new[] { Text("c-cas-new", "b") });
            ulong after = Store.GetMany(new[] { "c-cas-new" }, withCas: true)[0].Result!.Cas;

            Assert.NotEqual(0ul, before);
            Assert.NotEqual(before, after);
        }

        [Fact]
        public void StoreMany_with_cas_returns_each_stored_item_s_new_token()
        {
            var outcomes = Store.StoreMany(new[] { Text("c-with-cas-1", "a"), Text("c-with-cas-2", "b") }, withCas: true);

            Assert.All(outcomes, o => Assert.True(o.Result.IsStored));
            Assert.Equal(Store.GetMany(new[] { "c-with-cas-1" }, withCas: true)[0].Result!.Cas, outcomes[0].Result.Cas);
            Assert.NotEqual(outcomes[0].Result.Cas, outcomes[1].Result.Cas);
        }

        [Fact]
        public void DeleteMany_reports_which_keys_existed()
        {
            Store.StoreMany(new[] { Text("c-del", "x") });

            var outcomes = Store.DeleteMany(new[] { "c-del", "c-del-missing" });

            Assert.Equal(new[] { true, false }, outcomes.Select(o => o.Result));
            Assert.Null(Read("c-del"));
        }

        /// <summary>
        /// The lifetime as recorded: memcached's passing time is left to one expiry test per protocol
        /// (ItemOperationTests), the in-memory store's to its clock tests (InMemoryClockTests).
        /// </summary>
        [Fact]
        public void An_item_keeps_the_time_to_live_it_was_stored_with()
        {
            LifetimeRecordedBy(() => Store.StoreMany(new[] { Text("c-ttl", "x", expiration: TimeSpan.FromSeconds(100)) }), "c-ttl").AssertSeconds(100);
            LifetimeRecordedBy(() => Store.StoreMany(new[] { Text("c-no-ttl", "x") }), "c-no-ttl").AssertNever();
        }

        [Fact]
        public void TouchMany_extends_a_lifetime_and_reports_missing_keys()
        {
            Store.StoreMany(new[] { Text("c-touch", "x", expiration: TimeSpan.FromSeconds(10)) });
            IReadOnlyList<KeyOutcome<bool>>? outcomes = null;

            var lifetime = LifetimeRecordedBy(() => outcomes = Store.TouchMany(new[] { "c-touch", "c-touch-missing" }, TimeSpan.FromSeconds(100)), "c-touch");

            Assert.Equal(new[] { true, false }, outcomes!.Select(o => o.Result));
            lifetime.AssertSeconds(100);
            Assert.Equal("x", Read("c-touch"));
        }

        [Fact]
        public void GetAndTouchMany_returns_the_item_with_its_cas_and_extends_it()
        {
            Store.StoreMany(new[] { Text("c-gat", "x", expiration: TimeSpan.FromSeconds(10)) });
            IReadOnlyList<KeyOutcome<CacheItem?>>? outcomes = null;

            var lifetime = LifetimeRecordedBy(() => outcomes = Store.GetAndTouchMany(new[] { "c-gat", "c-gat-missing" }, TimeSpan.FromSeconds(100)), "c-gat");

            Assert.Equal("x", Encoding.UTF8.GetString(outcomes![0].Result!.Value));
            Assert.NotEqual(0ul, outcomes[0].Result!.Cas);
            Assert.Null(outcomes[1].Result);
            lifetime.AssertSeconds(100);
            Assert.Equal("x", Read("c-gat"));
        }

        [Fact]
        public void IncrementMany_counts_up_and_down_with_memcached_limits()
        {
            Store.StoreMany(new[] { Text("c-n1", "10"), Text("c-n2", "18446744073709551615") });

            var up = Store.IncrementMany(new[] { "c-n1", "c-n2" }, decrement: false, 5, null, default);
            var down = Store.IncrementMany(new[] { "c-n1" }, decrement: true, 100, null, default);

            Assert.Equal(15ul, up[0].Result);
            Assert.Equal(4ul, up[1].Result); // wraps at 2^64
            Assert.Equal(0ul, down[0].Result); // floors at 0
        }

        [Fact]
        public void IncrementMany_creates_a_missing_counter_only_with_an_initial_value()
        {
            var without = Store.IncrementMany(new[] { "c-new-counter" }, decrement: false, 1, null, default);
            var with = Store.IncrementMany(new[] { "c-new-counter" }, decrement: false, 1, 42, default);
            var after = Store.IncrementMany(new[] { "c-new-counter" }, decrement: false, 1, 42, default);

            Assert.Null(without[0].Result);
            Assert.Equal(42ul, with[0].Result);
            Assert.Equal(43ul, after[0].Result);
        }

        [Fact]
        public void A_counter_created_with_an_initial_value_carries_the_integer_flags_and_its_lifetime()
        {
            var lifetime = LifetimeRecordedBy(
                () => Store.IncrementMany(new[] { "c-flagged-counter" }, decrement: false, 1, 7, TimeSpan.FromSeconds(100)), "c-flagged-counter");

            var item = Store.GetMany(new[] { "c-flagged-counter" })[0].Result!;
            Assert.Equal(Store.Transcoder.Encode(7UL).Flags, item.Flags);
            Assert.Equal(7L, Convert.ToInt64(Store.Transcoder.Decode(new ArraySegment<byte>(item.Value), item.Flags)));
            lifetime.AssertSeconds(100);
        }

        [Fact]
        public void IncrementMany_creates_only_the_missing_counters_and_steps_the_others()
        {
            Store.StoreMany(new[] { Text("c-mixed-present", "5") });

            var outcomes = Store.IncrementMany(new[] { "c-mixed-present", "c-mixed-missing" }, decrement: false, 2, 100, default);

            Assert.Equal(new ulong?[] { 7, 100 }, outcomes.Select(o => o.Result));
        }

        [Fact]
        public void IncrementMany_on_text_is_an_error_for_that_key_only()
        {
            Store.StoreMany(new[] { Text("c-text", "abc"), Text("c-num", "1") });

            var outcomes = Store.IncrementMany(new[] { "c-text", "c-num" }, decrement: false, 1, null, default);

            Assert.IsType<MemcachedServerException>(outcomes[0].Error);
            Assert.Contains("non-numeric", outcomes[0].Error!.Message);
            Assert.Equal(2ul, outcomes[1].Result);
        }

        [Fact]
        public void An_illegal_key_fails_alone()
        {
            var outcomes = Store.GetMany(new[] { "bad key", "c-fine" });

            Assert.IsType<MemcachedClientException>(outcomes[0].Error);
            Assert.False(outcomes[1].HasError);
        }

        [Fact]
        public void FlushAll_invalidates_every_item()
        {
            Store.StoreMany(new[] { Text("c-flush", "x") });

            Assert.True(Store.FlushAll()[0].Result);

            Assert.Null(Read("c-flush"));
        }

        [Fact]
        public void FlushAll_with_a_delay_keeps_items_until_the_delay_passes()
        {
            Store.StoreMany(new[] { Text("c-flush-later", "x") });

            Store.FlushAll(TimeSpan.FromSeconds(3));
            Assert.Equal("x", Read("c-flush-later"));

            AssertAfter(TimeSpan.FromSeconds(3), () => Read("c-flush-later") == null, "the delayed flush happened");
        }

        private long Stat(string name) => Store.Stats()[0].Result.GetInt64(name);

        private static readonly TimeSpan TwelveYears = TimeSpan.FromDays(12 * 365.25);

        /// <summary>
        /// memcached answers success to an expiry past 2038-01-19 03:14:07 UTC (or in the past) and drops the item at once;
        /// both stores refuse such a write for its key alone, before it counts as a set, and keep the old value.
        /// </summary>
        [Fact]
        public void A_write_expiring_after_2038_or_in_the_past_is_refused_for_its_key_alone()
        {
            Store.StoreMany(new[] { Text("c-late", "old"), Text("c-past", "old") });
            long sets = Stat("cmd_set");

            var outcomes = Store.StoreMany(new[]
            {
                Text("c-late", "new", expiration: TwelveYears),
                Text("c-past", "new", expiration: DateTimeOffset.UtcNow.AddMinutes(-5)),
                Text("c-fine", "new", expiration: TimeSpan.FromDays(365)),
            });

            Assert.True(outcomes[0].HasError, "a 12-year lifetime was " + (outcomes[0].HasError ? "" : outcomes[0].Result.Status.ToString()));
            Assert.IsType<MemcachedClientException>(outcomes[0].Error);
            Assert.True(outcomes[1].HasError, "an expiry time in the past was " + (outcomes[1].HasError ? "" : outcomes[1].Result.Status.ToString()));
            Assert.Equal(StoreStatus.Stored, outcomes[2].Result.Status);
            Assert.Equal(sets + 1, Stat("cmd_set"));
            Assert.Equal("old", Read("c-late"));
            Assert.Equal("old", Read("c-past"));
        }

        [Fact]
        public void Touching_or_creating_a_counter_with_a_lifetime_memcached_cannot_hold_is_refused_and_nothing_changes()
        {
            Store.StoreMany(new[] { Text("c-touch-late", "x", expiration: TimeSpan.FromSeconds(100)) });
            long touches = Stat("cmd_touch"), sets = Stat("cmd_set");

            var touched = Store.TouchMany(new[] { "c-touch-late" }, TwelveYears);
            var got = Store.GetAndTouchMany(new[] { "c-touch-late" }, DateTimeOffset.UtcNow.AddMinutes(-5)); // in the past: a delete in disguise
            var counted = Store.IncrementMany(new[] { "c-counter-late" }, false, 1, 5, TwelveYears);

            Assert.True(touched[0].HasError, "touch answered " + (touched[0].HasError ? "" : touched[0].Result.ToString()));
            Assert.True(got[0].HasError, "gat answered " + (got[0].HasError ? "" : got[0].Result == null ? "a miss" : "the item"));
            Assert.True(counted[0].HasError, "the counter answered " + (counted[0].HasError ? "" : counted[0].Result.ToString()));
            Assert.Equal(touches, Stat("cmd_touch"));
            Assert.Equal(sets, Stat("cmd_set"));
            Assert.Equal("x", Read("c-touch-late"));
            Assert.Null(Read("c-counter-late"));
            Assert.InRange(LifetimeRecordedBy(() => { }, "c-touch-late").RemainingSeconds ?? -2, 95, 100);
        }

        [Fact]
        public void A_flush_delayed_past_2038_is_refused_and_the_items_stay()
        {
            Store.StoreMany(new[] { Text("c-flush-late", "x") });
            long flushes = Stat("cmd_flush");

            Assert.Throws<MemcachedClientException>(() => Store.FlushAll(TwelveYears));
            Assert.Throws<MemcachedClientException>(() => Store.FlushAll(TimeSpan.MaxValue));

            Assert.Equal(flushes, Stat("cmd_flush"));
            Assert.Equal("x", Read("c-flush-late"));
        }

        [Fact]
        public void General_stats_count_hits_and_misses()
        {
            Store.StoreMany(new[] { Text("c-stats", "x") });
            var before = Store.Stats()[0].Result;
            Store.GetMany(new[] { "c-stats", "c-stats-missing" });
            var after = Store.Stats()[0].Result;

            Assert.Equal(1, after.GetInt64("get_hits") - before.GetInt64("get_hits"));
            Assert.Equal(1, after.GetInt64("get_misses") - before.GetInt64("get_misses"));
            Assert.True(after.GetInt64("curr_items") >= 1);
            Assert.True(after.GetInt64("limit_maxbytes") > 0);
            Assert.False(string.IsNullOrEmpty(after.GetString("version")));
        }

        [Fact]
        public void DumpKeys_lists_stored_keys_with_their_expiry()
        {
            Store.StoreMany(new[] { Text("c-dump-forever", "x"), Text("c-dump-soon", "y", expiration: TimeSpan.FromSeconds(500)) });
            var seen = new Dictionary<string, KeyDumpEntry>();

            Store.DumpKeys(Store.Servers[0], e => { seen[e.Key] = e; return true; });

            Assert.Null(seen["c-dump-forever"].Expires);
            Assert.InRange(seen["c-dump-soon"].Expires!.Value, DateTimeOffset.UtcNow.AddSeconds(400), DateTimeOffset.UtcNow.AddSeconds(600));
            Assert.True(seen["c-dump-soon"].Size > 0);
        }

        [Fact]
        public void DumpKeys_stops_when_the_callback_says_so()
        {
            Store.StoreMany(Enumerable.Range(0, 50).Select(i => Text("c-dump-stop-" + i, "x")));
            int calls = 0;

            Store.DumpKeys(Store.Servers[0], _ => ++calls < 3);

            Assert.Equal(3, calls);
            Assert.Equal("x", Read("c-dump-stop-1")); // the store is still usable afterwards
        }

        [Fact]
        public void Version_answers_for_the_server()
        {
            var version = Store.Version();

            Assert.Single(version);
            Assert.False(version[0].HasError);
        }
    }

    public sealed class InMemoryStoreContractTests : StoreContractTests
    {
        private DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        private readonly InMemoryStore _store;

        public InMemoryStoreContractTests()
        {
            _store = new InMemoryStore(clock: () => _now);
        }

        protected override IMemcachedStore Store => _store;

        /// <summary>Read from the key dump: the test's clock stands still, so the reading is exact.</summary>
        protected override RecordedLifetime LifetimeRecordedBy(Action write, string key)
        {
            write();
            KeyDumpEntry? entry = null;
            _store.DumpKeys(InMemoryStore.Address, e => { if (e.Key == key) entry = e; return entry == null; });
            long now = _now.ToUnixTimeSeconds();
            long? left = entry == null ? null : entry.Expires.HasValue ? entry.Expires.Value.ToUnixTimeSeconds() - now : -1;
            return new RecordedLifetime(left, now, now);
        }

        protected override void AssertAfter(TimeSpan delay, Func<bool> condition, string what)
        {
            _now += delay;
            Assert.True(condition(), what);
        }

        public override void Dispose() => _store.Dispose();
    }

    public sealed class MemcachedClientContractTests : StoreContractTests
    {
        private readonly MemcachedProcess _server;
        private readonly MemcachedClient _client;
        private readonly RawMemcached _raw;

        public MemcachedClientContractTests()
        {
            _server = MemcachedProcess.Start();
            _client = new MemcachedClient(_server.Address);
            _raw = new RawMemcached(_server.Port);
        }

        protected override IMemcachedStore Store => _client;

        protected override RecordedLifetime LifetimeRecordedBy(Action write, string key) => RecordedLifetime.Of(_raw, key, write);

        /// <summary>memcached runs a delayed flush a second early (see FlushTests), so the poll is bounded by the delay and a tick.</summary>
        protected override void AssertAfter(TimeSpan delay, Func<bool> condition, string what) =>
            Poll.Until(condition, delay + TimeSpan.FromSeconds(1), what);

        public override void Dispose()
        {
            _raw.Dispose();
            _client.Dispose();
            _server.Dispose();
        }
    }
}
