using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// Every call ends by its deadline, sync and async, single and batch: a server trickling a reply cannot stretch it,
    /// and the caller's cancellation ends it at once. Each test's server would take far longer than the deadline to
    /// finish (a 1000-byte value at one byte per 50 ms is 50 s), so a renewable deadline shows as a result, or as a
    /// slow failure, instead of the timeout asserted here. No test measures time: bench/ does (see bench/README.md).
    /// </summary>
    public sealed class DeadlineTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(300);

        /// <summary>Answers every read with a 1000-byte value sent one byte per 50 ms; stores are answered the same slow way.</summary>
        private static FakeServer Trickling() => new FakeServer(_ => async c =>
        {
            await c.AnswerHandshakeAsync();
            while (true)
            {
                string request = await c.ReadRequestAsync();
                await c.WriteAsync($"VA 1000 f0{FakeConnection.Opaque(request)}\r\n");
                for (int i = 0; i < 1000; i++)
                {
                    await c.WriteAsync("x");
                    await Task.Delay(50);
                }
            }
        });

        /// <summary>Answers the handshake, then reads requests and never answers.</summary>
        private static FakeServer Silent() => new FakeServer(_ => async c =>
        {
            await c.AnswerHandshakeAsync();
            await c.SwallowAsync();
        });

        private static MemcachedClient ClientFor(TimeSpan timeout, params FakeServer[] servers)
        {
            var options = new MemcachedClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5), OperationTimeout = timeout, ServerFailureLimit = 100 };
            foreach (var server in servers) options.AddServer(server.Address);
            return new MemcachedClient(options);
        }

        [Fact]
        public void A_synchronous_get_fails_at_its_deadline_while_the_reply_trickles()
        {
            using var server = Trickling();
            using var client = ClientFor(Timeout, server);

            Assert.Throws<MemcachedTimeoutException>(() => client.Get("k"));

            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public async Task An_asynchronous_get_fails_at_its_deadline_while_the_reply_trickles()
        {
            using var server = Trickling();
            using var client = ClientFor(Timeout, server);

            await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.GetAsync("k"));

            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void A_synchronous_batch_window_fails_at_its_deadline_while_the_reply_trickles()
        {
            using var server = Trickling();
            using var client = ClientFor(Timeout, server);

            var outcomes = client.GetMany(new[] { "a", "b", "c" });

            Assert.All(outcomes, o => Assert.IsType<MemcachedTimeoutException>(o.Error));
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public async Task An_asynchronous_batch_window_fails_at_its_deadline_while_the_reply_trickles()
        {
            using var server = Trickling();
            using var client = ClientFor(Timeout, server);

            var outcomes = await client.GetManyAsync(new[] { "a", "b", "c" });

            Assert.All(outcomes, o => Assert.IsType<MemcachedTimeoutException>(o.Error));
        }

        [Fact]
        public void A_synchronous_batch_over_several_servers_keeps_the_healthy_servers_results_when_one_trickles()
        {
            using var healthy1 = new FakeServer(_ => null);
            using var healthy2 = new FakeServer(_ => null);
            using var slow = Trickling();
            using var client = ClientFor(Timeout, healthy1, slow, healthy2);
            string[] keys = Enumerable.Range(0, 60).Select(i => "key" + i).ToArray();
            var writable = keys.Where(k => !client.GetServer(k).Equals(client.Servers[1])).ToArray();
            foreach (var key in writable) Assert.True(client.Set(key, "v-" + key).IsStored);

            var outcomes = client.GetMany(keys);

            for (int i = 0; i < keys.Length; i++)
            {
                if (client.GetServer(keys[i]).Equals(client.Servers[1]))
                    Assert.IsType<MemcachedTimeoutException>(outcomes[i].Error);
                else
                    Assert.Equal("v-" + keys[i], System.Text.Encoding.UTF8.GetString(outcomes[i].Result!.Value));
            }
        }

        [Fact]
        public void A_synchronous_get_is_cancelled_by_its_token_and_its_connection_closed()
        {
            using var server = Silent();
            using var client = ClientFor(TimeSpan.FromSeconds(30), server);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            Assert.ThrowsAny<OperationCanceledException>(() => client.Get("k", cancel.Token));

            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.Null(client.GetDeadUntil(client.Servers[0])); // cancelling is not the server's failure
        }

        [Fact]
        public async Task An_asynchronous_get_is_cancelled_by_its_token()
        {
            using var server = Silent();
            using var client = ClientFor(TimeSpan.FromSeconds(30), server);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("k", cancel.Token));

            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void A_synchronous_batch_over_several_servers_is_cancelled_by_its_token()
        {
            using var first = Silent();
            using var second = Silent();
            using var client = ClientFor(TimeSpan.FromSeconds(30), first, second);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            Assert.ThrowsAny<OperationCanceledException>(() => client.GetMany(Enumerable.Range(0, 20).Select(i => "k" + i), cancellationToken: cancel.Token));

            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[1]).Open);
        }

        [Fact]
        public async Task An_asynchronous_batch_is_cancelled_by_its_token()
        {
            using var first = Silent();
            using var second = Silent();
            using var client = ClientFor(TimeSpan.FromSeconds(30), first, second);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetManyAsync(Enumerable.Range(0, 20).Select(i => "k" + i), cancellationToken: cancel.Token));
        }

        [Fact]
        public void Server_commands_over_several_servers_end_at_the_deadline_with_each_servers_result()
        {
            using var healthy = new FakeServer(_ => null);
            using var silent = Silent();
            using var client = ClientFor(Timeout, healthy, silent);

            var versions = client.Version();

            Assert.False(versions[0].HasError);
            Assert.IsType<MemcachedTimeoutException>(versions[1].Error);
        }

        [Fact]
        public void A_connect_that_cannot_complete_ends_at_the_operation_deadline_before_the_connect_timeout()
        {
            // A listener whose accept queue is full: the kernel drops further SYNs, so a connect neither succeeds nor fails.
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(0);
            int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            var fillers = Enumerable.Range(0, 4).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
            foreach (var filler in fillers)
            {
                filler.Blocking = false;
                try { filler.Connect(IPAddress.Loopback, port); } catch (SocketException) { }
            }
            try
            {
                using var client = new MemcachedClient(new MemcachedClientOptions { ConnectTimeout = TimeSpan.FromSeconds(30), OperationTimeout = Timeout }
                    .AddServer($"127.0.0.1:{port}"));

                var e = Assert.Throws<MemcachedTimeoutException>(() => client.Get("k"));

                Assert.Contains("operation timeout", e.Message);
            }
            finally
            {
                foreach (var filler in fillers) filler.Dispose();
            }
        }
    }
}
