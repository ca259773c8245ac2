using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    public sealed class PoolTests : ClientTestBase, IClassFixture<MemcachedFixture>
    {
        public PoolTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Auto) { }

        [Fact]
        public void Eight_threads_share_one_client_without_cross_talk_and_within_the_pool_limit()
        {
            using var client = NewClient(o => o.MaxConnectionsPerServer = 4);
            int mismatches = 0, operations = 0;
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                for (int i = 0; i < 1500; i++)
                {
                    string key = Key($"t{t}-{i % 50}");
                    string value = $"{key}={i}";
                    client.Set(key, value);
                    var item = client.Get(key);
                    if (item == null || Encoding.UTF8.GetString(item.Value) != value) Interlocked.Increment(ref mismatches);
                    if (i % 100 == 0)
                    {
                        var many = client.GetMany(new[] { key, Key($"t{t}-none") });
                        if (many[0].Result == null || Encoding.UTF8.GetString(many[0].Result!.Value) != value) Interlocked.Increment(ref mismatches);
                    }
                    Interlocked.Increment(ref operations);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            Assert.Equal(0, mismatches);
            Assert.Equal(8 * 1500, operations);
            var pool = client.GetPoolStatistics(client.Servers[0]);
            Assert.InRange(pool.Peak, 1, 4);
        }

        [Fact]
        public async Task Async_operations_in_parallel_never_exceed_the_pool_limit()
        {
            using var client = NewClient(o => o.MaxConnectionsPerServer = 3);
            var tasks = Enumerable.Range(0, 200).Select(async i =>
            {
                string key = Key("async" + i);
                await client.SetAsync(key, "v" + i);
                var item = await client.GetAsync(key);
                return Encoding.UTF8.GetString(item!.Value) == "v" + i;
            });
            Assert.All(await Task.WhenAll(tasks), Assert.True);
            Assert.InRange(client.GetPoolStatistics(client.Servers[0]).Peak, 1, 3);
        }

        [Fact]
        public void Idle_connections_past_the_idle_timeout_are_closed_not_reused()
        {
            // A server of its own, whose count of connections ever opened no other test changes.
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(new MemcachedClientOptions { ConnectionIdleTimeout = TimeSpan.FromMilliseconds(50) }.AddServer(server.Address));
            using var probe = new RawMemcached(server.Port);
            client.Set(Key("idle"), "x");
            long opened = probe.Stat("total_connections");
            Thread.Sleep(100); // the pool reads the system clock: let twice the idle timeout pass
            client.Get(Key("idle"));
            Assert.Equal(opened + 1, probe.Stat("total_connections"));
            Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void A_connection_the_server_closed_while_it_sat_idle_is_replaced_not_used()
        {
            // memcached's own idle_timeout closes the pooled connection; the next operation must not fail on it.
            // It closes connections idle for more than a second, looking once a second: 2 to 3 s after the last command.
            using var server = MemcachedProcess.Start("-o", "idle_timeout=1");
            var options = new MemcachedClientOptions().AddServer(server.Address);
            using var client = new MemcachedClient(options);
            using var probe = new RawMemcached(server.Port); // busy, so never idle itself
            client.Set(Key("server-closed"), "x");
            long opened = probe.Stat("total_connections");

            Poll.Until(() => probe.Stat("idle_kicks") > 0, TimeSpan.FromSeconds(10), "memcached closed the idle connection");

            Assert.Equal("x", Encoding.UTF8.GetString(client.Get(Key("server-closed"))!.Value));
            Assert.Equal(opened + 1, probe.Stat("total_connections"));
            Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void Dispose_closes_every_connection()
        {
            var client = NewClient();
            Parallel.For(0, 20, i => client.Set(Key("d" + i), "x"));
            Assert.True(client.GetPoolStatistics(client.Servers[0]).Open > 0);
            client.Dispose();
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.Throws<ObjectDisposedException>(() => client.Get(Key("d0")));
        }
    }
}
