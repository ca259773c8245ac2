using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.InMemory;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    public sealed class ThreeMemcachedFixture : IDisposable
    {
        public MemcachedProcess[] Servers { get; } = { MemcachedProcess.Start(), MemcachedProcess.Start(), MemcachedProcess.Start() };

        public MemcachedClientOptions Options()
        {
            var options = new MemcachedClientOptions();
            foreach (var s in Servers) options.AddServer($"127.0.0.1:{s.Port}");
            return options;
        }

        public void Dispose()
        {
            foreach (var s in Servers) s.Dispose();
        }
    }

    /// <summary>
    /// The multi-key overloads taking <see cref="KeyOnServer"/>: each key goes to the server it names, never to the one the
    /// distribution picks. Every key here is written (plain socket) to the server after its placement, so a call that placed
    /// it would miss it; what each server holds afterwards is read with a plain socket.
    /// </summary>
    public sealed class KeyOnServerTests : IClassFixture<ThreeMemcachedFixture>
    {
        private const int Count = 30;
        private readonly ThreeMemcachedFixture _fixture;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 8);

        public KeyOnServerTests(ThreeMemcachedFixture fixture) => _fixture = fixture;

        /// <summary>Keys written to the server after the one <paramref name="client"/> places them on, with that server.</summary>
        private List<KeyOnServer> WriteMisplaced(MemcachedClient client, string value = "v")
        {
            var servers = client.Servers;
            var keys = new List<KeyOnServer>();
            for (int i = 0; i < Count; i++)
            {
                string key = $"k-{_unique}-{i}";
                int placed = servers.ToList().FindIndex(s => s.Equals(client.GetServer(key)));
                var holder = servers[(placed + 1) % servers.Count];
                using var raw = new RawMemcached(holder.Port);
                raw.SetRaw(key, new ArraySegment<byte>(Encoding.ASCII.GetBytes(value + i)), 0);
                keys.Add(new KeyOnServer(key, holder));
            }
            return keys;
        }

        private static bool Holds(KeyOnServer k)
        {
            using var raw = new RawMemcached(k.Server!.Port);
            return raw.GetRaw(k.Key) != null;
        }

        private long Stat(string name) => _fixture.Servers.Sum(s =>
        {
            using var raw = new RawMemcached(s.Port);
            return raw.Stat(name);
        });

        [Fact]
        public async Task Reads_go_to_the_named_server_sync_and_async_and_placed_keys_miss()
        {
            using var client = new MemcachedClient(_fixture.Options());
            var keys = WriteMisplaced(client);

            var placed = client.GetMany(keys.Select(k => k.Key));
            var routed = client.GetMany(keys);
            var routedAsync = await client.GetManyAsync(keys);

            Assert.Equal(0, placed.Count(o => o.Result != null));
            foreach (var outcomes in new[] { routed, routedAsync })
            {
                Assert.Equal(keys.Select(k => k.Key), outcomes.Select(o => o.Key));
                Assert.All(outcomes.Zip(keys), p => Assert.Equal(p.Second.Server, p.First.Server));
                Assert.Equal(Enumerable.Range(0, Count).Select(i => "v" + i), outcomes.Select(o => Encoding.ASCII.GetString(o.Result!.Value)));
            }
        }

        [Fact]
        public void Deletes_touches_and_exists_go_to_the_named_server()
        {
            using var client = new MemcachedClient(_fixture.Options());
            var keys = WriteMisplaced(client);

            Assert.All(client.ContainsMany(keys), o => Assert.True(o.Result));
            Assert.All(client.TouchMany(keys, Expiration.In(TimeSpan.FromMinutes(10))), o => Assert.True(o.Result));
            Assert.All(client.GetAndTouchMany(keys, Expiration.In(TimeSpan.FromMinutes(10))), o => Assert.NotNull(o.Result));
            foreach (var k in keys)
            {
                using var raw = new RawMemcached(k.Server!.Port);
                Assert.InRange(raw.RemainingSeconds(k.Key)!.Value, 590, 600);
            }
            Assert.All(client.DeleteMany(keys.Take(15)), o => Assert.True(o.Result));
            Assert.All(client.DeleteManyAsync(keys.Skip(15)).GetAwaiter().GetResult(), o => Assert.True(o.Result));
            Assert.DoesNotContain(keys, Holds);
        }

        [Fact]
        public void Counters_are_stepped_and_created_on_the_named_server()
        {
            using var client = new MemcachedClient(_fixture.Options());
            var keys = WriteMisplaced(client, value: "1");
            var fresh = keys.Select(k => new KeyOnServer(k.Key + "-new", k.Server)).ToList();

            var stepped = client.IncrementMany(keys.Concat(fresh), decrement: false, delta: 5, initial: 7, Expiration.Never);

            Assert.Equal(Enumerable.Range(0, Count).Select(i => (ulong?)(ulong.Parse("1" + i) + 5)).Concat(Enumerable.Repeat((ulong?)7, Count)),
                stepped.Select(o => o.Result));
            Assert.All(fresh, k => Assert.True(Holds(k), $"{k} was created where it was asked to be"));
        }

        [Fact]
        public void A_server_that_is_not_the_clients_fails_its_key_and_nothing_is_sent_for_it()
        {
            using var client = new MemcachedClient(_fixture.Options());
            var keys = WriteMisplaced(client);
            long before = Stat("cmd_get") + Stat("delete_misses") + Stat("delete_hits");
            var stranger = new KeyOnServer(keys[0].Key, new ServerAddress("127.0.0.1", 1));

            var read = client.GetMany(new[] { stranger, keys[1] });
            var deleted = client.DeleteMany(new[] { stranger });

            Assert.IsType<MemcachedClientException>(read[0].Error);
            Assert.Contains("127.0.0.1:1 is not one of this client's servers", read[0].Error!.Message);
            Assert.NotNull(read[1].Result);
            Assert.IsType<MemcachedClientException>(deleted[0].Error);
            Assert.Equal(1, Stat("cmd_get") + Stat("delete_misses") + Stat("delete_hits") - before);
            Assert.True(Holds(keys[0]));
        }

        [Fact]
        public void An_invalid_key_is_refused_before_its_named_server_is_asked()
        {
            using var client = new MemcachedClient(_fixture.Options());
            var outcome = Assert.Single(client.GetMany(new[] { new KeyOnServer("has space", client.Servers[0]) }));
            Assert.IsType<MemcachedClientException>(outcome.Error);
        }

        [Fact]
        public void The_in_memory_store_takes_its_own_address_and_refuses_any_other()
        {
            using var store = new InMemoryStore();
            store.StoreMany(new[] { new StoreRequest("a", "1", StoreMode.Set, Expiration.Never), new StoreRequest("b", "2", StoreMode.Set, Expiration.Never) });
            var mine = new KeyOnServer("a", InMemoryStore.Address);
            var other = new KeyOnServer("b", new ServerAddress("10.0.0.1", 11211));

            var read = store.GetMany(new[] { mine, other, new KeyOnServer("b", null) });
            var deleted = store.DeleteMany(new[] { other });

            Assert.NotNull(read[0].Result);
            Assert.IsType<MemcachedClientException>(read[1].Error);
            Assert.NotNull(read[2].Result);
            Assert.IsType<MemcachedClientException>(deleted[0].Error);
            Assert.Equal(2, store.Count);
            Assert.True(Assert.Single(store.DeleteMany(new[] { mine })).Result);
            Assert.Equal(1, store.Count);
        }
    }
}
