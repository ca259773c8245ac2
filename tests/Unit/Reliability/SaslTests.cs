using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Client;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// SASL PLAIN over the binary protocol against a real memcached -S (a private sasldb, MemcachedProcess.StartSasl).
    /// Found empirically on 1.6.18: -S speaks binary only; it waits for 24 bytes before judging a request (so a short
    /// text command such as <c>mn</c> or <c>version</c> gets no answer at all) and closes the connection on 24 bytes that
    /// are not a binary header ("Invalid magic"); it answers SASL list mechanisms ("PLAIN") and version unauthenticated,
    /// and "Auth failure." (status 0x20) to anything else, then closes; a wrong password and an unknown user both get
    /// "Auth failure.".
    /// </summary>
    public sealed class SaslTests : IClassFixture<SaslMemcachedFixture>
    {
        private readonly SaslMemcachedFixture _fixture;
        private readonly ITestOutputHelper _output;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 8);

        public SaslTests(SaslMemcachedFixture fixture, ITestOutputHelper output)
        {
            _fixture = fixture;
            _output = output;
        }

        private string Key(string name) => $"{name}-{_unique}";

        private MemcachedClient Client(ProtocolMode mode, string? user = SaslMemcachedFixture.User, string? password = SaslMemcachedFixture.Password,
            int timeoutMs = 5000)
        {
            var options = new MemcachedClientOptions
            {
                Protocol = mode,
                OperationTimeout = TimeSpan.FromMilliseconds(timeoutMs),
                ConnectTimeout = TimeSpan.FromMilliseconds(timeoutMs),
                ServerFailureLimit = 1, // a configuration error counted as a failure would mark the server dead at once
                Credential = user == null ? null : new MemcachedCredential(user, password!),
            };
            return new MemcachedClient(options.AddServer(_fixture.Server.Address));
        }

        /// <summary>A server statistic, read through a client of its own (binary, with SASL: -S speaks nothing else).</summary>
        private long ServerStat(string name, MemcachedClient? admin = null)
        {
            if (admin != null) return admin.Stats()[0].Result!.GetInt64(name);
            using var own = Client(ProtocolMode.Binary);
            return own.Stats()[0].Result!.GetInt64(name);
        }

        [Theory]
        [InlineData(ProtocolMode.Binary)]
        [InlineData(ProtocolMode.Auto)]
        public async Task Every_item_command_works_after_SASL_sync_and_async(ProtocolMode mode)
        {
            using var client = Client(mode);
            string k = Key("item-" + mode);
            Assert.Equal(StoreStatus.Stored, client.Set(k, "hello").Status);
            Assert.Equal("hello", Encoding.UTF8.GetString(client.Get(k)!.Value));
            Assert.Equal(StoreStatus.NotStored, client.Add(k, "x").Status);
            Assert.Equal(StoreStatus.Stored, client.Append(k, Encoding.UTF8.GetBytes(" world")).Status);
            var item = client.Gets(k)!;
            Assert.Equal("hello world", Encoding.UTF8.GetString(item.Value));
            Assert.Equal(StoreStatus.Stored, client.Cas(k, "swapped", item.Cas).Status);
            Assert.Equal(StoreStatus.Exists, client.Cas(k, "late", item.Cas).Status);
            Assert.True(client.Touch(k, Expiration.In(TimeSpan.FromMinutes(5))));
            Assert.Equal("swapped", Encoding.UTF8.GetString(client.GetAndTouch(k, Expiration.In(TimeSpan.FromMinutes(5)))!.Value));
            Assert.True(client.Delete(k));
            Assert.Null(client.Get(k));
            Assert.Equal(5UL, client.Increment(Key("ctr-" + mode), 1, initial: 5));
            Assert.Equal(8UL, client.Increment(Key("ctr-" + mode), 3));
            Assert.Equal(6UL, client.Decrement(Key("ctr-" + mode), 2));
            Assert.Equal("6", Encoding.UTF8.GetString(client.Get(Key("ctr-" + mode))!.Value)); // a counter we create reads as a number

            string a = Key("async-" + mode);
            Assert.Equal(StoreStatus.Stored, (await client.SetAsync(a, 42L)).Status);
            Assert.Equal("42", Encoding.UTF8.GetString((await client.GetAsync(a))!.Value));
            Assert.Equal(43UL, await client.IncrementAsync(a, 1));
            Assert.True(await client.DeleteAsync(a));
            Assert.Null(await client.GetAsync(a));
        }

        [Fact]
        public async Task Batches_of_thousands_of_keys_use_the_quiet_opcodes_with_exact_per_key_outcomes()
        {
            using var client = Client(ProtocolMode.Binary);
            var keys = Enumerable.Range(0, 3000).Select(i => Key("batch-" + i)).ToArray();
            // Every third key stored; then an add over all of them: the stored ones are "not stored", the others stored.
            var first = client.StoreMany(keys.Where((_, i) => i % 3 == 0).Select(k => new StoreRequest(k, "v:" + k)));
            Assert.All(first, o => Assert.Equal(StoreStatus.Stored, o.Result.Status));
            var adds = await client.StoreManyAsync(keys.Select(k => new StoreRequest(k, "add:" + k, StoreMode.Add)));
            for (int i = 0; i < keys.Length; i++) Assert.Equal(i % 3 == 0 ? StoreStatus.NotStored : StoreStatus.Stored, adds[i].Result.Status);

            var got = client.GetMany(keys.Concat(new[] { Key("never-stored") }));
            for (int i = 0; i < keys.Length; i++)
                Assert.Equal((i % 3 == 0 ? "v:" : "add:") + keys[i], Encoding.UTF8.GetString(got[i].Result!.Value));
            Assert.Null(got[keys.Length].Result);
            Assert.False(got[keys.Length].HasError);

            var deleted = await client.DeleteManyAsync(keys.Where((_, i) => i % 2 == 0).Concat(keys.Where((_, i) => i % 2 == 0)));
            Assert.All(deleted.Take(1500), o => Assert.True(o.Result));   // existed
            Assert.All(deleted.Skip(1500), o => Assert.False(o.Result));  // already gone: "not found" answered, not guessed
            var after = await client.GetManyAsync(keys);
            for (int i = 0; i < keys.Length; i++) Assert.Equal(i % 2 != 0, after[i].Result != null);
        }

        [Fact]
        public void A_non_numeric_counter_in_a_5000_key_increment_batch_fails_that_key_only_and_every_other_counts_once()
        {
            const int Keys = 5000, Bad = 2500;
            using var client = Client(ProtocolMode.Binary);
            var keys = Enumerable.Range(0, Keys).Select(i => Key("n-" + i)).ToArray();
            Assert.All(client.StoreMany(keys.Select((k, i) => new StoreRequest(k, i == Bad ? (object)"abc" : 10L))), o => Assert.False(o.HasError));
            using var admin = Client(ProtocolMode.Binary);
            long hits = ServerStat("incr_hits", admin), connections = ServerStat("total_connections", admin);

            var outcomes = client.IncrementMany(keys, decrement: false, delta: 1, initial: null, default);

            long hitsAfter = ServerStat("incr_hits", admin), connectionsAfter = ServerStat("total_connections", admin);
            var failed = outcomes.Where(o => o.HasError).ToList();
            _output.WriteLine($"{failed.Count} failed ({string.Join("; ", failed.Select(o => o.Key + ": " + o.Error!.Message))}); " +
                              $"{outcomes.Count(o => o.Result == 11)} counted; incr_hits +{hitsAfter - hits}; total_connections {connections} -> {connectionsAfter}");
            var only = Assert.Single(failed);
            Assert.Equal(keys[Bad], only.Key);
            Assert.Equal("CLIENT_ERROR cannot increment or decrement non-numeric value", Assert.IsType<MemcachedServerException>(only.Error).Message);
            Assert.Equal(Keys - 1, outcomes.Count(o => o.Result == 11UL));
            Assert.Equal(Keys - 1, hitsAfter - hits); // each counted exactly once on the server
            Assert.Equal(connections, connectionsAfter); // the batch kept its one connection
            Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.Equal("abc", Encoding.UTF8.GetString(client.Get(keys[Bad])!.Value));
        }

        [Fact]
        public void Auto_with_credentials_finds_the_SASL_only_server_without_waiting_for_a_timeout()
        {
            long authCommands = ServerStat("auth_cmds");
            using var client = Client(ProtocolMode.Auto, timeoutMs: 3000);
            var watch = Stopwatch.StartNew();
            Assert.Equal(StoreStatus.Stored, client.Set(Key("auto"), "v").Status);
            watch.Stop();
            _output.WriteLine($"first call on Auto: {watch.ElapsedMilliseconds} ms; auth_cmds +{ServerStat("auth_cmds") - authCommands - 1}");
            Assert.True(watch.ElapsedMilliseconds < 1500, $"took {watch.ElapsedMilliseconds} ms");
            Assert.Equal("v", Encoding.UTF8.GetString(client.Get(Key("auto"))!.Value));
        }

        public static IEnumerable<object?[]> Refusals() => new[]
        {
            new object?[] { ProtocolMode.Binary, SaslMemcachedFixture.User, "wrong-Pw-1", "refused the SASL PLAIN credentials of user 'alice'" },
            new object?[] { ProtocolMode.Auto, SaslMemcachedFixture.User, "wrong-Pw-1", "refused the SASL PLAIN credentials of user 'alice'" },
            new object?[] { ProtocolMode.Binary, "mallory", "wrong-Pw-1", "refused the SASL PLAIN credentials of user 'mallory'" },
            new object?[] { ProtocolMode.Binary, null, null, "requires SASL authentication" },
            new object?[] { ProtocolMode.Auto, null, null, "requires SASL authentication" },
        };

        [Theory]
        [MemberData(nameof(Refusals))]
        public async Task Refused_or_missing_credentials_are_a_clear_authentication_error_that_never_names_the_password(
            ProtocolMode mode, string? user, string? password, string expected)
        {
            using var client = Client(mode, user, password, timeoutMs: 3000);
            for (int i = 0; i < 3; i++) // three calls: each says why; none marks the server dead (ServerFailureLimit 1)
            {
                var watch = Stopwatch.StartNew();
                var e = Assert.Throws<MemcachedAuthenticationException>(() => client.Get(Key("refused")));
                var asyncError = await Assert.ThrowsAsync<MemcachedAuthenticationException>(() => client.SetAsync(Key("refused"), "x"));
                var batch = client.GetMany(new[] { Key("r1"), Key("r2") });
                watch.Stop();
                _output.WriteLine($"{mode} {user}: {e.Message} ({watch.ElapsedMilliseconds} ms for three calls)");
                foreach (var error in new Exception[] { e, asyncError, batch[0].Error!, batch[1].Error! })
                {
                    Assert.IsType<MemcachedAuthenticationException>(error);
                    Assert.Contains(expected, error.Message);
                    Assert.Contains(_fixture.Server.Address, error.Message);
                    if (password != null) Assert.DoesNotContain(password, error.ToString());
                }
                Assert.True(watch.ElapsedMilliseconds < 2500, $"took {watch.ElapsedMilliseconds} ms");
            }
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open); // no unauthenticated connection is kept
        }

        [Fact]
        public void The_text_protocols_against_a_SASL_server_fail_fast_and_say_what_to_do()
        {
            using var client = Client(ProtocolMode.Meta, timeoutMs: 3000);
            var watch = Stopwatch.StartNew();
            var e = Assert.ThrowsAny<MemcachedException>(() => client.Get(Key("meta")));
            watch.Stop();
            _output.WriteLine($"{e.GetType().Name} after {watch.ElapsedMilliseconds} ms: {e.Message}");
            Assert.IsType<MemcachedConnectionException>(e);
            Assert.Contains("-S", e.Message);
            Assert.Contains("Protocol Binary", e.Message);
            Assert.True(watch.ElapsedMilliseconds < 1500, $"took {watch.ElapsedMilliseconds} ms");
        }
    }
}
