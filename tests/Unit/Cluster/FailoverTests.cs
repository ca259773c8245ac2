using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Three real servers; one is killed and restarted while the client keeps working.</summary>
    public sealed class FailoverTests : IDisposable
    {
        private readonly MemcachedProcess[] _servers = { MemcachedProcess.Start(), MemcachedProcess.Start(), MemcachedProcess.Start() };

        private MemcachedClient NewClient(Action<MemcachedClientOptions>? configure = null)
        {
            var options = new MemcachedClientOptions
            {
                ServerFailureLimit = 1,
                DeadServerRetryDelay = TimeSpan.FromSeconds(1),
                ConnectTimeout = TimeSpan.FromSeconds(1),
            };
            foreach (var s in _servers) options.AddServer(s.Address);
            configure?.Invoke(options);
            return new MemcachedClient(options);
        }

        private static string[] Keys(int n) => Enumerable.Range(0, n).Select(i => $"failover-{i}").ToArray();

        [Fact]
        public void Killing_one_server_leaves_the_others_keys_readable_and_reports_the_dead_servers_keys()
        {
            using var client = NewClient();
            var keys = Keys(300);
            Assert.All(client.SetMany(keys.Select(k => new KeyValuePair<string, object?>(k, "v-" + k))), o => Assert.True(o.Result.IsStored));
            var victim = client.Servers[1];
            int victimKeys = keys.Count(k => client.GetServer(k).Equals(victim));
            Assert.InRange(victimKeys, 30, 200);

            _servers[1].Kill();
            var outcomes = client.GetMany(keys);

            foreach (var o in outcomes)
            {
                if (client.GetServer(o.Key).Equals(victim))
                {
                    Assert.IsAssignableFrom<MemcachedConnectionException>(o.Error);
                }
                else
                {
                    Assert.Null(o.Error);
                    Assert.Equal("v-" + o.Key, Encoding.UTF8.GetString(o.Result!.Value));
                }
            }
            Assert.Equal(victimKeys, outcomes.Count(o => o.HasError));

            // While dead, single operations on its keys fail fast with a clear error; the others work.
            string deadKey = keys.First(k => client.GetServer(k).Equals(victim));
            string liveKey = keys.First(k => !client.GetServer(k).Equals(victim));
            var e = Assert.Throws<MemcachedServerDeadException>(() => client.Get(deadKey));
            Assert.Contains(victim.Name, e.Message);
            Assert.NotNull(client.Get(liveKey));
        }

        [Fact]
        public void A_dead_server_is_used_again_after_it_comes_back()
        {
            using var client = NewClient(o => o.DeadServerRetryDelay = TimeSpan.FromMilliseconds(300));
            var victim = client.Servers[0];
            string key = Keys(200).First(k => client.GetServer(k).Equals(victim));

            _servers[0].Kill();
            Assert.ThrowsAny<MemcachedConnectionException>(() => client.Set(key, "x"));
            DateTime deadUntil = client.GetDeadUntil(victim) ?? throw new Xunit.Sdk.XunitException("The failed server was not marked dead.");

            _servers[0] = _servers[0].Restart();
            Poll.Until(() => DateTime.UtcNow > deadUntil, TimeSpan.FromSeconds(1), "the retry delay passed");
            Assert.True(client.Set(key, "back").IsStored);
            Assert.Equal("back", Encoding.UTF8.GetString(client.Get(key)!.Value));
            Assert.Null(client.GetDeadUntil(victim));
        }

        [Fact]
        public void With_ignore_errors_a_dead_servers_reads_are_misses_and_writes_are_not_stored()
        {
            using var client = NewClient(o => o.IgnoreServerErrors = true);
            var victim = client.Servers[2];
            string key = Keys(200).First(k => client.GetServer(k).Equals(victim));
            _servers[2].Kill();

            Assert.Null(client.Get(key));
            Assert.Equal(StoreStatus.NotStored, client.Set(key, "x").Status);
            Assert.False(client.Delete(key));
            var many = client.GetMany(new[] { key });
            Assert.Null(many[0].Error);
            Assert.Null(many[0].Result);
        }

        [Fact]
        public void With_remapping_a_dead_servers_keys_go_to_the_live_servers()
        {
            using var client = NewClient(o => o.RemapDeadServers = true);
            var victim = client.Servers[1];
            string key = Keys(200).First(k => client.GetServer(k).Equals(victim));
            _servers[1].Kill();

            Assert.ThrowsAny<MemcachedConnectionException>(() => client.Set(key, "x")); // the failure that marks it dead
            Assert.True(client.Set(key, "remapped").IsStored);
            Assert.Equal("remapped", Encoding.UTF8.GetString(client.Get(key)!.Value));
        }

        [Fact]
        public void Multi_key_operations_spread_over_all_servers_and_keep_input_order()
        {
            using var client = NewClient();
            var keys = Keys(1000);
            client.SetMany(keys.Select(k => new KeyValuePair<string, object?>(k, k)));
            var outcomes = client.GetMany(keys.Reverse());
            Assert.Equal(keys.Reverse(), outcomes.Select(o => o.Key));
            Assert.All(outcomes, o => Assert.Equal(o.Key, Encoding.UTF8.GetString(o.Result!.Value)));
            Assert.Equal(3, outcomes.Select(o => o.Server).Distinct().Count());
            foreach (var s in client.Servers)
                Assert.Equal(keys.Count(k => client.GetServer(k).Equals(s)), client.Stats(null, new[] { s }).Single().Result.GetInt64("curr_items"));
        }

        [Fact]
        public void A_pinned_client_puts_every_key_on_the_server_of_its_server_key()
        {
            using var client = NewClient();
            var pinned = client.WithServerKey("user:42");
            var expected = client.GetServer("user:42");
            foreach (var k in Keys(50)) pinned.Set(k + ":pinned", "x");
            Assert.All(Keys(50), k => Assert.Equal(expected, pinned.GetServer(k + ":pinned")));
            Assert.Equal(50, client.Stats(null, new[] { expected }).Single().Result.GetInt64("curr_items"));
        }

        [Fact]
        public void The_key_prefix_is_not_part_of_placement()
        {
            using var plain = NewClient();
            using var prefixed = NewClient(o => o.KeyPrefix = "ns:");
            Assert.All(Keys(100), k => Assert.Equal(plain.GetServer(k), prefixed.GetServer(k)));
        }

        [Fact]
        public void The_fallback_client_reads_old_clusters_on_a_miss_and_writes_only_the_new_one()
        {
            using var newCluster = new MemcachedClient(_servers[0].Address);
            using var oldCluster = new MemcachedClient(_servers[1].Address);
            var fallback = new FallbackClient(newCluster, oldCluster);
            oldCluster.Set("only-old", "old");
            oldCluster.Set("both", "old");
            newCluster.Set("both", "new");

            Assert.Equal("old", Encoding.UTF8.GetString(fallback.Get("only-old")!.Value));
            Assert.Equal("new", Encoding.UTF8.GetString(fallback.Get("both")!.Value));
            Assert.Null(fallback.Get("nowhere"));
            var many = fallback.GetMany(new[] { "both", "only-old", "nowhere" });
            Assert.Equal(new[] { "new", "old", null }, many.Select(o => o.Result == null ? null : Encoding.UTF8.GetString(o.Result.Value)));

            fallback.Set("written", "w");
            Assert.NotNull(newCluster.Get("written"));
            Assert.Null(oldCluster.Get("written"));

            Assert.True(fallback.Delete("only-old"));
            Assert.Null(fallback.Get("only-old"));
        }

        public void Dispose()
        {
            foreach (var s in _servers) s.Dispose();
        }
    }
}
