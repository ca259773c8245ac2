using System;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>
    /// Lifetimes and delays memcached cannot represent, against a real memcached, once per protocol. memcached 1.6.18
    /// reads an expiry as a 32-bit signed number: a unix time past 2038-01-19 03:14:07 UTC (2^31-1) wraps negative and
    /// the item is stored as already expired while the server answers success (HD / STORED / TOUCHED / OK); a wire value
    /// of 2^32 + n even becomes n seconds. A time in the past is an immediate delete in disguise. The client refuses all
    /// of these before anything is sent: the server's cmd_set / cmd_touch / cmd_flush stay where they were and the item
    /// stays as it was. Each failure message says what the unfixed client did instead.
    /// </summary>
    public abstract class ExpiryLimitTests : ClientTestBase
    {
        protected ExpiryLimitTests(MemcachedFixture fixture, ProtocolMode mode) : base(fixture, mode) { }

        /// <summary>2^31-1: 2038-01-19 03:14:07 UTC, the latest expiry time memcached holds.</summary>
        private static readonly DateTimeOffset Latest = DateTimeOffset.FromUnixTimeSeconds(int.MaxValue);
        private const string LimitText = "2038-01-19 03:14:07 UTC";
        private static readonly TimeSpan TwelveYears = TimeSpan.FromDays(12 * 365.25);
        private static readonly DateTimeOffset In2040 = new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

        /// <summary>
        /// Runs <paramref name="call"/> and asserts it threw a MemcachedClientException naming <paramref name="mustName"/>
        /// while the server's <paramref name="stat"/> stayed put; otherwise fails saying what happened on the server.
        /// </summary>
        private void AssertRefusedBeforeSending(string key, string stat, Func<object?> call, string mustName = LimitText)
        {
            using var raw = new RawMemcached(Server.Port);
            long before = raw.Stat(stat);
            object? answer = null;
            Exception? error = Record.Exception(() => answer = call());
            if (error is AggregateException aggregate && aggregate.InnerExceptions.Count == 1) error = aggregate.InnerException;
            long after = raw.Stat(stat);
            long? left = raw.RemainingSeconds(key);
            Assert.True(error is MemcachedClientException,
                $"Expected a refusal; got {(error == null ? "answer " + Describe(answer) : error.GetType().Name + ": " + error.Message)}; " +
                $"server {stat} {before} -> {after}; the item afterwards: {(left == null ? "gone" : left == -1 ? "never expires" : left + " s left")}.");
            Assert.Contains(mustName, error!.Message);
            Assert.Equal(before, after);
        }

        private static string Describe(object? answer) => answer switch
        {
            null => "null",
            StoreResult s => s.Status.ToString(),
            CacheItem i => "an item",
            _ => answer.ToString() ?? "?",
        };

        [Fact]
        public void Set_with_a_12_year_lifetime_is_refused_before_sending()
        {
            string key = Key("ttl12y");
            AssertRefusedBeforeSending(key, "cmd_set", () => Client.Set(key, "x", TwelveYears));
            Assert.Null(Client.Get(key));
        }

        [Fact]
        public void Set_with_TimeSpan_MaxValue_is_refused_before_sending()
        {
            string key = Key("ttlmax");
            AssertRefusedBeforeSending(key, "cmd_set", () => Client.Set(key, "x", TimeSpan.MaxValue));
        }

        [Fact]
        public void Set_expiring_in_2040_is_refused_before_sending_and_an_older_value_stays()
        {
            string key = Key("at2040");
            Client.Set(key, "old");
            AssertRefusedBeforeSending(key, "cmd_set", () => Client.Set(key, "new", In2040));
            Assert.Equal("old", Client.GetValue(key));
        }

        [Fact]
        public void Set_expiring_one_second_after_the_limit_is_refused_and_at_the_limit_is_kept()
        {
            string late = Key("late"), edge = Key("edge");
            AssertRefusedBeforeSending(late, "cmd_set", () => Client.Set(late, "x", Latest.AddSeconds(1)));

            using var raw = new RawMemcached(Server.Port);
            var lifetime = RecordedLifetime.Of(raw, edge, () => Assert.True(Client.Set(edge, "x", Latest).IsStored));
            lifetime.AssertExpiresAt(int.MaxValue);
        }

        [Fact]
        public void The_longest_relative_lifetime_is_kept()
        {
            string key = Key("longest");
            var lifetime = Latest - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5);
            Assert.True(Client.Set(key, "x", lifetime).IsStored);
            Assert.Equal("x", Client.GetValue(key));
        }

        [Fact]
        public async Task SetAsync_with_a_12_year_lifetime_is_refused_before_sending()
        {
            string key = Key("async12y");
            AssertRefusedBeforeSending(key, "cmd_set", () => Client.SetAsync(key, "x", TwelveYears).GetAwaiter().GetResult());
            Assert.Null(await Client.GetAsync(key));
        }

        [Fact]
        public void Set_expiring_in_the_past_is_refused_and_the_stored_value_stays()
        {
            string key = Key("past");
            Client.Set(key, "old");
            AssertRefusedBeforeSending(key, "cmd_set", () => Client.Set(key, "new", DateTimeOffset.UtcNow.AddHours(-1)), "not in the future");
            Assert.Equal("old", Client.GetValue(key));
        }

        [Fact]
        public void StoreMany_refuses_the_impossible_lifetime_of_one_key_and_stores_the_others()
        {
            string bad = Key("many-bad"), good = Key("many-good");
            using var raw = new RawMemcached(Server.Port);
            long before = raw.Stat("cmd_set");

            var outcomes = Client.StoreMany(new[] { new StoreRequest(bad, "x", StoreMode.Set, TwelveYears), new StoreRequest(good, "y") });

            Assert.True(outcomes[0].HasError, $"the 12-year key answered {(outcomes[0].HasError ? "" : outcomes[0].Result.Status.ToString())}; cmd_set {before} -> {raw.Stat("cmd_set")}");
            Assert.IsType<MemcachedClientException>(outcomes[0].Error);
            Assert.Equal(StoreStatus.Stored, outcomes[1].Result.Status);
            Assert.Equal(before + 1, raw.Stat("cmd_set"));
        }

        [Fact]
        public void Touch_with_a_12_year_lifetime_is_refused_and_the_item_keeps_its_lifetime()
        {
            string key = Key("touch12y");
            Client.Set(key, "x", TimeSpan.FromSeconds(100));
            AssertRefusedBeforeSending(key, "cmd_touch", () => Client.Touch(key, TwelveYears));
            using var raw = new RawMemcached(Server.Port);
            Assert.InRange(raw.RemainingSeconds(key) ?? -2, 97, 100);
        }

        [Fact]
        public void GetAndTouch_expiring_in_2040_is_refused_and_the_item_stays()
        {
            string key = Key("gat2040");
            Client.Set(key, "x");
            AssertRefusedBeforeSending(key, "cmd_touch", () => Client.GetAndTouch(key, In2040));
            Assert.Equal("x", Client.GetValue(key));
        }

        [Fact]
        public void TouchMany_with_a_12_year_lifetime_is_refused_before_sending()
        {
            string key = Key("touchmany");
            Client.Set(key, "x");
            AssertRefusedBeforeSending(key, "cmd_touch", () => Client.TouchMany(new[] { key }, TwelveYears)[0] is var o && o.HasError ? throw o.Error! : o.Result);
            Assert.Equal("x", Client.GetValue(key));
        }

        [Fact]
        public void A_counter_created_with_a_12_year_lifetime_is_refused_before_sending()
        {
            string key = Key("counter12y");
            AssertRefusedBeforeSending(key, "cmd_set", () => Client.Increment(key, 1, initial: 5, expiration: TwelveYears));
            Assert.Null(Client.Get(key));
        }

        [Fact]
        public void IncrementMany_creating_counters_with_a_12_year_lifetime_is_refused_before_sending()
        {
            string key = Key("counters12y");
            AssertRefusedBeforeSending(key, "cmd_set", () =>
                Client.IncrementMany(new[] { key }, false, 1, 5, TwelveYears)[0] is var o && o.HasError ? throw o.Error! : o.Result);
        }

        [Fact]
        public void A_flush_delayed_past_the_limit_is_refused_and_the_items_stay()
        {
            string key = Key("flush12y");
            Client.Set(key, "x");
            AssertRefusedBeforeSending(key, "cmd_flush", () => Client.FlushAll(TwelveYears) is var r && r[0].HasError ? throw r[0].Error! : r[0].Result);
            AssertRefusedBeforeSending(key, "cmd_flush", () => Client.FlushAll(TimeSpan.MaxValue) is var r && r[0].HasError ? throw r[0].Error! : r[0].Result);
            Assert.Equal("x", Client.GetValue(key));
        }
    }

    public sealed class MetaProtocolExpiryLimitTests : ExpiryLimitTests, IClassFixture<MemcachedFixture>
    {
        public MetaProtocolExpiryLimitTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Meta) { }
    }

    public sealed class ClassicProtocolExpiryLimitTests : ExpiryLimitTests, IClassFixture<MemcachedFixture>
    {
        public ClassicProtocolExpiryLimitTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Classic) { }
    }
}
