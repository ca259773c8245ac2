using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>Every item command against a real memcached, run once per protocol (see the two classes at the end).</summary>
    public abstract class ItemOperationTests : ClientTestBase
    {
        protected ItemOperationTests(MemcachedFixture fixture, ProtocolMode mode) : base(fixture, mode) { }

        protected ItemOperationTests(MemcachedProcess server, ProtocolMode mode, MemcachedCredential? credential) : base(server, mode, credential) { }

        private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
        private static string Text(CacheItem? item) => Encoding.UTF8.GetString(item!.Value);

        [Fact]
        public void Get_of_a_missing_key_is_null()
        {
            Assert.Null(Client.Get(Key("missing")));
        }

        [Fact]
        public void Set_then_get_returns_the_bytes_and_the_flags()
        {
            string key = Key("set");
            Assert.Equal(StoreStatus.Stored, Client.Store(StoreMode.Set, key, new ArraySegment<byte>(Bytes("hello")), 42).Status);

            var item = Client.Get(key);

            Assert.Equal("hello", Text(item));
            Assert.Equal(42u, item!.Flags);
            Assert.Equal(key, item.Key);
            Assert.Equal(Server.Address, "127.0.0.1:" + item.Server!.Port);
        }

        [Fact]
        public async Task Async_set_then_get_returns_the_bytes()
        {
            string key = Key("async");
            await Client.StoreAsync(StoreMode.Set, key, new ArraySegment<byte>(Bytes("v1")), 0);
            Assert.Equal("v1", Text(await Client.GetAsync(key)));
        }

        [Fact]
        public void An_empty_value_round_trips()
        {
            string key = Key("empty");
            Client.Store(StoreMode.Set, key, new ArraySegment<byte>(new byte[0]), 0);
            var item = Client.Get(key);
            Assert.NotNull(item);
            Assert.Empty(item!.Value);
        }

        [Fact]
        public void A_binary_value_containing_protocol_terminators_round_trips()
        {
            string key = Key("binary");
            byte[] value = Bytes("a\r\nEND\r\nVALUE x 0 1\r\nHD\r\n\0\xff").Concat(Enumerable.Range(0, 256).Select(i => (byte)i)).ToArray();
            Client.Store(StoreMode.Set, key, new ArraySegment<byte>(value), 0);
            Assert.Equal(value, Client.Get(key)!.Value);
            // and a read of many keys around it still lines up
            var many = Client.GetMany(new[] { key, Key("binary-miss"), key });
            Assert.Equal(value, many[0].Result!.Value);
            Assert.Null(many[1].Result);
            Assert.Equal(value, many[2].Result!.Value);
        }

        [Fact]
        public void Gets_returns_a_cas_token_and_cas_with_it_stores()
        {
            string key = Key("cas");
            Client.Set(key, "one");
            var item = Client.Gets(key);
            Assert.NotEqual(0UL, item!.Cas);

            Assert.Equal(StoreStatus.Stored, Client.Cas(key, "two", item.Cas).Status);
            Assert.Equal("two", Text(Client.Get(key)));
        }

        [Fact]
        public void Cas_after_another_write_is_a_conflict_and_changes_nothing()
        {
            string key = Key("cas-conflict");
            Client.Set(key, "one");
            ulong stale = Client.Gets(key)!.Cas;
            Client.Set(key, "changed");

            Assert.Equal(StoreStatus.Exists, Client.Cas(key, "two", stale).Status);
            Assert.Equal("changed", Text(Client.Get(key)));
        }

        [Fact]
        public void Cas_on_a_missing_key_is_not_found()
        {
            Assert.Equal(StoreStatus.NotFound, Client.Cas(Key("cas-missing"), "x", 12345).Status);
        }

        [Fact]
        public void Add_on_an_existing_key_is_not_stored_and_keeps_the_value()
        {
            string key = Key("add");
            Assert.Equal(StoreStatus.Stored, Client.Add(key, "first").Status);
            Assert.Equal(StoreStatus.NotStored, Client.Add(key, "second").Status);
            Assert.Equal("first", Text(Client.Get(key)));
        }

        [Fact]
        public void Replace_on_a_missing_key_is_not_stored_and_creates_nothing()
        {
            string key = Key("replace");
            Assert.Equal(StoreStatus.NotStored, Client.Replace(key, "x").Status);
            Assert.Null(Client.Get(key));
            Client.Set(key, "old");
            Assert.Equal(StoreStatus.Stored, Client.Replace(key, "new").Status);
            Assert.Equal("new", Text(Client.Get(key)));
        }

        [Fact]
        public void Append_and_prepend_extend_the_value_and_keep_its_flags()
        {
            string key = Key("append");
            Client.Store(StoreMode.Set, key, new ArraySegment<byte>(Bytes("middle")), 7);
            Assert.Equal(StoreStatus.Stored, Client.Append(key, Bytes("-end")).Status);
            Assert.Equal(StoreStatus.Stored, Client.Prepend(key, Bytes("start-")).Status);
            var item = Client.Get(key);
            Assert.Equal("start-middle-end", Text(item));
            Assert.Equal(7u, item!.Flags);
        }

        [Fact]
        public void Append_to_a_missing_key_is_not_stored()
        {
            Assert.Equal(StoreStatus.NotStored, Client.Append(Key("append-missing"), Bytes("x")).Status);
            Assert.Equal(StoreStatus.NotStored, Client.Prepend(Key("prepend-missing"), Bytes("x")).Status);
        }

        [Fact]
        public void Delete_removes_the_key_and_reports_whether_it_existed()
        {
            string key = Key("delete");
            Client.Set(key, "x");
            Assert.True(Client.Delete(key));
            Assert.Null(Client.Get(key));
            Assert.False(Client.Delete(key));
        }

        [Fact]
        public void Increment_and_decrement_change_a_counter()
        {
            string key = Key("counter");
            Client.Set(key, "10");
            Assert.Equal(15UL, Client.Increment(key, 5));
            Assert.Equal(12UL, Client.Decrement(key, 3));
            Assert.Equal("12", Text(Client.Get(key)));
        }

        [Fact]
        public void Decrement_floors_at_zero()
        {
            string key = Key("floor");
            Client.Set(key, "3");
            Assert.Equal(0UL, Client.Decrement(key, 10));
        }

        [Fact]
        public void Increment_wraps_at_two_to_the_64_as_memcached_does()
        {
            string key = Key("wrap");
            Client.Set(key, ulong.MaxValue.ToString());
            Assert.Equal(1UL, Client.Increment(key, 2));
        }

        [Fact]
        public void Increment_of_a_missing_key_is_null_without_an_initial_value()
        {
            Assert.Null(Client.Increment(Key("no-counter")));
            Assert.Null(Client.Get(Key("no-counter")));
        }

        [Fact]
        public async Task Increment_with_an_initial_value_creates_the_counter_then_counts()
        {
            string key = Key("vivify");
            Assert.Equal(100UL, Client.Increment(key, 5, initial: 100));
            Assert.Equal(105UL, Client.Increment(key, 5, initial: 100));
            Assert.Equal(104UL, await Client.DecrementAsync(key, 1, initial: 100));
        }

        [Fact]
        public async Task Every_counter_path_creates_a_counter_under_the_integer_flags_that_Python_clients_read_as_a_number()
        {
            // Single key (sync and async, up and down) and IncrementMany go through one creation step: add with flag 2
            // (pymemcache's and python-memcached's int), never meta ma N/J, whose counters carry flags 0 (bytes).
            string[] keys = { Key("new-inc"), Key("new-dec-async"), Key("new-many") };
            Client.Increment(keys[0], 1, initial: 7);
            await Client.DecrementAsync(keys[1], 1, initial: 7);
            Client.IncrementMany(new[] { keys[2] }, decrement: false, 1, 7, default);

            foreach (string key in keys)
            {
                CacheItem item = Client.Get(key)!;
                Assert.Equal((key, 2u, "7"), (key, item.Flags, Text(item)));
                Assert.Equal(7L, Client.Transcoder.Decode(new ArraySegment<byte>(item.Value), item.Flags));
            }
            Assert.Equal(8UL, Client.Increment(keys[0], 1, initial: 7)); // and it counts on from there
        }

        [Fact]
        public void Increment_with_an_initial_value_gives_the_new_counter_its_lifetime()
        {
            string key = Key("vivify-ttl");
            using var raw = new RawMemcached(Server.Port);

            var lifetime = RecordedLifetime.Of(raw, key, () => Client.Increment(key, 1, initial: 7, expiration: TimeSpan.FromSeconds(100)));

            lifetime.AssertSeconds(100);
        }

        [Fact]
        public void Increment_of_a_non_numeric_value_is_a_server_error_and_the_client_goes_on()
        {
            string key = Key("text");
            Client.Set(key, "abc");
            var e = Assert.Throws<MemcachedServerException>(() => Client.Increment(key));
            Assert.Contains("non-numeric", e.Message);
            Assert.Equal("abc", Text(Client.Get(key)));
        }

        [Fact]
        public void Touch_reports_whether_the_key_exists()
        {
            string key = Key("touch");
            Client.Set(key, "x");
            Assert.True(Client.Touch(key, TimeSpan.FromMinutes(5)));
            Assert.False(Client.Touch(Key("touch-missing"), TimeSpan.FromMinutes(5)));
        }

        [Fact]
        public void Touch_replaces_the_lifetime_whether_it_shortens_or_extends_it()
        {
            string key = Key("touch-ttl");
            using var raw = new RawMemcached(Server.Port);
            RecordedLifetime.Of(raw, key, () => Client.Set(key, "x")).AssertNever();

            RecordedLifetime.Of(raw, key, () => Assert.True(Client.Touch(key, TimeSpan.FromSeconds(100)))).AssertSeconds(100);
            RecordedLifetime.Of(raw, key, () => Assert.True(Client.Touch(key, TimeSpan.FromSeconds(1000)))).AssertSeconds(1000);
        }

        [Fact]
        public void Get_and_touch_returns_the_value_and_renews_it()
        {
            string key = Key("gat");
            using var raw = new RawMemcached(Server.Port);
            Client.Set(key, "x", TimeSpan.FromSeconds(10));
            CacheItem? item = null;

            var lifetime = RecordedLifetime.Of(raw, key, () => item = Client.GetAndTouch(key, TimeSpan.FromMinutes(5)));

            Assert.Equal("x", Text(item));
            Assert.NotEqual(0UL, item!.Cas);
            lifetime.AssertSeconds(300);
            Assert.Null(Client.GetAndTouch(Key("gat-missing"), TimeSpan.FromMinutes(1)));
        }

        /// <summary>
        /// The one test per protocol that waits for memcached to expire an item; the others read the lifetime memcached
        /// recorded. memcached's clock ticks once a second and a 2 s item goes at the second tick, 1 to 2 s from now
        /// (a 1 s item could go at the next tick, before it is read back).
        /// </summary>
        [Fact]
        public void An_item_with_a_short_lifetime_expires()
        {
            string key = Key("ttl");
            Client.Set(key, "x", TimeSpan.FromSeconds(2));
            Assert.NotNull(Client.Get(key));

            Poll.Until(() => Client.Get(key) == null, TimeSpan.FromSeconds(4), "the 2 s item expired");
        }

        [Fact]
        public void An_absolute_expiry_time_is_recorded_as_that_unix_time()
        {
            string key = Key("abs");
            using var raw = new RawMemcached(Server.Port);
            long at = DateTimeOffset.UtcNow.AddDays(40).ToUnixTimeSeconds();

            var lifetime = RecordedLifetime.Of(raw, key, () => Client.Set(key, "x", DateTimeOffset.FromUnixTimeSeconds(at)));

            lifetime.AssertExpiresAt(at);
            Assert.NotNull(Client.Get(key));
        }

        [Fact]
        public void A_31_day_lifetime_is_sent_as_a_unix_time_not_as_1970()
        {
            string key = Key("31days");
            using var raw = new RawMemcached(Server.Port);
            long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            var lifetime = RecordedLifetime.Of(raw, key, () => Client.Set(key, "x", TimeSpan.FromDays(31)));

            long after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            lifetime.AssertExpiresBetween(before + 31 * 86400, after + 31 * 86400);
            Assert.NotNull(Client.Get(key));
        }

        [Fact]
        public void A_value_of_exactly_the_size_limit_is_stored_and_one_byte_more_is_refused_before_sending()
        {
            string key = Key("limit");
            // memcached 1.6 on 64-bit: item = 48-byte header + 8 CAS + key + NUL + CR LF (flags 0 add nothing).
            int limit = 1024 * 1024 - (48 + 8 + Encoding.UTF8.GetByteCount(key) + 1 + 2);
            Assert.Equal(StoreStatus.Stored, Client.Store(StoreMode.Set, key, new ArraySegment<byte>(new byte[limit]), 0).Status);
            Assert.Equal(limit, Client.Get(key)!.Value.Length);

            using var raw = new RawMemcached(Server.Port);
            long setsBefore = raw.Stat("cmd_set");
            var e = Assert.Throws<MemcachedClientException>(() => Client.Store(StoreMode.Set, Key("limi2"), new ArraySegment<byte>(new byte[limit + 1]), 0));
            Assert.Contains("item_size_max", e.Message);
            Assert.Equal(setsBefore, raw.Stat("cmd_set"));
            Assert.Null(Client.Get(Key("limi2")));
        }

        [Fact]
        public void Get_many_returns_hits_and_misses_in_input_order()
        {
            string a = Key("many-a"), b = Key("many-b"), c = Key("many-c");
            Client.Set(a, "A");
            Client.Set(c, "C");

            var outcomes = Client.GetMany(new[] { c, b, a });

            Assert.Equal(new[] { c, b, a }, outcomes.Select(o => o.Key));
            Assert.Equal("C", Text(outcomes[0].Result));
            Assert.Null(outcomes[1].Result);
            Assert.Equal("A", Text(outcomes[2].Result));
            Assert.All(outcomes, o => Assert.Null(o.Error));
        }

        [Fact]
        public void Get_many_with_cas_returns_tokens_usable_for_cas()
        {
            string key = Key("many-cas");
            Client.Set(key, "x");
            var item = Client.GetMany(new[] { key }, withCas: true)[0].Result!;
            Assert.Equal(StoreStatus.Stored, Client.Cas(key, "y", item.Cas).Status);
        }

        [Fact]
        public void Store_many_reports_each_key_and_all_values_land()
        {
            var requests = Enumerable.Range(0, 2000).Select(i => new StoreRequest(Key("bulk" + i), "value" + i)).ToList();
            requests.Add(new StoreRequest(Key("bulk0"), "dup", StoreMode.Add));

            var outcomes = Client.StoreMany(requests);

            Assert.Equal(2001, outcomes.Count);
            Assert.All(outcomes.Take(2000), o => Assert.Equal(StoreStatus.Stored, o.Result.Status));
            Assert.Equal(StoreStatus.NotStored, outcomes[2000].Result.Status);
            var read = Client.GetMany(Enumerable.Range(0, 2000).Select(i => Key("bulk" + i)));
            Assert.Equal(Enumerable.Range(0, 2000).Select(i => "value" + i), read.Select(o => Text(o.Result)));
        }

        [Fact]
        public void Store_many_with_an_invalid_key_fails_that_key_only()
        {
            var outcomes = Client.StoreMany(new[]
            {
                new StoreRequest(Key("ok1"), "1"),
                new StoreRequest("bad key", "2"),
                new StoreRequest(Key("ok2"), "3"),
            });
            Assert.Equal(StoreStatus.Stored, outcomes[0].Result.Status);
            Assert.IsType<MemcachedClientException>(outcomes[1].Error);
            Assert.Equal(StoreStatus.Stored, outcomes[2].Result.Status);
            Assert.Equal("3", Text(Client.Get(Key("ok2"))));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_value_the_transcoder_throws_on_fails_its_own_key_only_even_in_a_later_window(bool async)
        {
            // 6,000 keys: two windows (4,096 + 1,904); the bad value is in the second, encoded after the first was sent
            // and answered. Every other key is stored, and the client goes on using the server.
            using var client = NewClient(o => o.Transcoder = new ThrowingTranscoder("poison"));
            var requests = Enumerable.Range(0, 6000).Select(i => new StoreRequest(Key($"tx{async}{i}"), i == 5000 ? "poison" : "v" + i)).ToList();

            var outcomes = async ? await client.StoreManyAsync(requests) : client.StoreMany(requests);

            var error = Assert.IsType<MemcachedClientException>(outcomes[5000].Error);
            Assert.IsType<InvalidOperationException>(error.InnerException);
            Assert.Contains(requests[5000].Key, error.Message);
            Assert.Equal(5999, outcomes.Count(o => !o.HasError && o.Result.IsStored));
            var read = Client.GetMany(requests.Select(r => r.Key));
            Assert.Equal(5999, read.Count(o => o.Result != null));
            Assert.Null(read[5000].Result);
        }

        private sealed class ThrowingTranscoder : MemcachePS.Core.Serialization.ITranscoder
        {
            private readonly MemcachePS.Core.Serialization.DefaultTranscoder _inner = new MemcachePS.Core.Serialization.DefaultTranscoder();
            private readonly string _poison;

            public ThrowingTranscoder(string poison) => _poison = poison;

            public MemcachePS.Core.Serialization.EncodedValue Encode(object? value) =>
                _poison.Equals(value) ? throw new InvalidOperationException("cannot encode this one") : _inner.Encode(value);

            public object? Decode(ArraySegment<byte> data, uint flags) => _inner.Decode(data, flags);
        }

        [Fact]
        public void Store_many_larger_than_a_window_with_big_values_completes()
        {
            var value = new byte[100_000];
            new Random(1).NextBytes(value);
            var requests = Enumerable.Range(0, 60).Select(i => StoreRequest.Raw(Key("big" + i), new ArraySegment<byte>(value), 0)).ToList();
            Assert.All(Client.StoreMany(requests), o => Assert.True(o.Result.IsStored));
            var read = Client.GetMany(requests.Select(r => r.Key));
            Assert.All(read, o => Assert.Equal(value, o.Result!.Value));
        }

        [Fact]
        public void Delete_many_reports_which_keys_existed()
        {
            string a = Key("dm-a"), b = Key("dm-b");
            Client.Set(a, "x");
            var outcomes = Client.DeleteMany(new[] { a, b });
            Assert.True(outcomes[0].Result);
            Assert.False(outcomes[1].Result);
            Assert.Null(Client.Get(a));
        }

        [Fact]
        public void A_key_prefix_is_applied_to_every_key()
        {
            using var prefixed = NewClient(o => o.KeyPrefix = "app1:");
            string key = Key("prefixed");
            prefixed.Set(key, "v");
            Assert.Equal("v", Text(Client.Get("app1:" + key)));
            Assert.Equal("v", Text(prefixed.Get(key)));
            Assert.Equal(key, prefixed.Get(key)!.Key);
            Assert.Equal("v", Text(prefixed.GetMany(new[] { key })[0].Result));
        }

        [Fact]
        public void Unicode_keys_travel_as_utf8()
        {
            string key = Key("clé-ключ-鍵-🔑");
            Client.Set(key, "v");
            Assert.Equal("v", Text(Client.Get(key)));
        }
    }

    public sealed class MetaProtocolItemTests : ItemOperationTests, IClassFixture<MemcachedFixture>
    {
        public MetaProtocolItemTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Meta) { }

        [Fact]
        public void Base64_keys_carry_whitespace_and_control_bytes()
        {
            using var client = NewClient(o => o.Base64Keys = true);
            string key = Key("with space\r\nand\0nul");
            client.Set(key, "v");
            Assert.Equal("v", Encoding.UTF8.GetString(client.Get(key)!.Value));
            Assert.Equal("v", Encoding.UTF8.GetString(client.GetMany(new[] { key })[0].Result!.Value));
            Assert.True(client.Delete(key));
        }

        [Fact]
        public void Set_returns_the_new_cas_token()
        {
            string key = Key("set-cas");
            var result = Client.Set(key, "x");
            Assert.Equal(Client.Gets(key)!.Cas, result.Cas);
        }

        [Fact]
        public void Quiet_batches_report_failures_and_stay_silent_on_success()
        {
            using var quiet = NewClient(o => o.QuietBatches = true);
            string existing = Key("q-existing");
            quiet.Set(existing, "x");
            var outcomes = quiet.StoreMany(new[]
            {
                new StoreRequest(Key("q1"), "1"),
                new StoreRequest(existing, "2", StoreMode.Add),
                new StoreRequest(Key("q3"), "3"),
            });
            Assert.Equal(StoreStatus.Stored, outcomes[0].Result.Status);
            Assert.Equal(StoreStatus.NotStored, outcomes[1].Result.Status);
            Assert.Equal(StoreStatus.Stored, outcomes[2].Result.Status);
            Assert.Equal("3", Encoding.UTF8.GetString(Client.Get(Key("q3"))!.Value));
        }
    }

    /// <summary>The same item commands over the binary protocol, against a plain memcached (which answers binary per connection).</summary>
    public sealed class BinaryProtocolItemTests : ItemOperationTests, IClassFixture<MemcachedFixture>
    {
        public BinaryProtocolItemTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Binary) { }

        [Fact]
        public void Set_returns_the_new_cas_token()
        {
            string key = Key("set-cas");
            var result = Client.Set(key, "x");
            Assert.NotEqual(0UL, result.Cas);
            Assert.Equal(Client.Gets(key)!.Cas, result.Cas);
        }

        [Fact]
        public void Quiet_batches_report_failures_and_stay_silent_on_success()
        {
            string existing = Key("q-existing");
            Client.Set(existing, "x");
            var outcomes = Client.StoreMany(new[]
            {
                new StoreRequest(Key("q1"), "1"),
                new StoreRequest(existing, "2", StoreMode.Add),
                new StoreRequest(Key("q3"), "3"),
                new StoreRequest(Key("q-missing"), "4", StoreMode.Replace),
            });
            Assert.Equal(StoreStatus.Stored, outcomes[0].Result.Status);
            Assert.Equal(StoreStatus.NotStored, outcomes[1].Result.Status);
            Assert.Equal(StoreStatus.Stored, outcomes[2].Result.Status);
            Assert.Equal(StoreStatus.NotStored, outcomes[3].Result.Status);
            Assert.Equal("3", Encoding.UTF8.GetString(Client.Get(Key("q3"))!.Value));
        }

        [Fact]
        public void Base64_keys_are_refused_because_the_binary_protocol_has_no_b_flag()
        {
            Assert.Throws<MemcachedClientException>(() => NewClient(o => o.Base64Keys = true));
        }

        [Fact]
        public void What_only_text_carries_fails_with_a_clear_error_never_as_a_miss_or_an_empty_result()
        {
            var address = MemcachePS.Core.Cluster.ServerAddress.Parse(Server.Address);
            Client.Set(Key("listed"), "x");
            var dump = Assert.Throws<MemcachedClientException>(() => Client.DumpKeys(address, _ => true));
            Assert.Contains("binary protocol", dump.Message);
            Assert.Contains("metadump", dump.Message);
            var raw = Assert.Throws<MemcachedClientException>(() => Client.ExecuteCommand(address, "stats", "detail dump", multiLine: true));
            Assert.Contains("raw text command", raw.Message);
            var memlimit = Client.CacheMemoryLimit(64);
            Assert.IsType<MemcachedClientException>(memlimit[0].Error);
            Assert.Contains("cache_memlimit", memlimit[0].Error!.Message);
        }

        [Fact]
        public void Stats_flush_and_version_go_as_binary_opcodes_and_verbosity_is_refused()
        {
            Assert.Matches(@"^\d+\.\d+\.\d+", Client.Version()[0].Result);
            var stats = Client.Stats()[0];
            Assert.Null(stats.Error);
            Assert.Equal(Server.ProcessId, stats.Result!.GetInt64("pid"));
            var settings = Client.Stats("settings")[0].Result!;
            Assert.Equal(1048576, settings.GetInt64("item_size_max"));
            // memcached 1.6.18 does not answer the binary verbosity command: refused, not left to time out.
            Assert.Contains("verbosity", Assert.IsType<MemcachedClientException>(Client.Verbosity(0)[0].Error).Message);
            string key = Key("flushed");
            Client.Set(key, "x");
            Assert.True(Client.FlushAll(TimeSpan.FromSeconds(100))[0].Result); // a delay: the item stays for now
            Assert.NotNull(Client.Get(key));
            Assert.True(Client.FlushAll()[0].Result);
            Assert.Null(Client.Get(key));
        }
    }

    public sealed class ClassicProtocolItemTests : ItemOperationTests, IClassFixture<MemcachedFixture>
    {
        public ClassicProtocolItemTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Classic) { }

        [Fact]
        public void Base64_keys_are_refused_because_the_classic_protocol_cannot_carry_them()
        {
            using var client = NewClient(o => o.Base64Keys = true);
            Assert.Throws<MemcachedClientException>(() => client.Get(Key("b64")));
        }
    }
}
