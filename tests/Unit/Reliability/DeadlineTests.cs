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

        /// <summary>A listener whose accept queue is full: the kernel drops further SYNs, so a connect neither succeeds nor fails.</summary>
        private sealed class FullAcceptQueue : IDisposable
        {
            private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            private readonly Socket[] _fillers;

            public FullAcceptQueue()
            {
                _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                _listener.Listen(0);
                Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
                _fillers = Enumerable.Range(0, 4).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToArray();
                foreach (var filler in _fillers)
                {
                    filler.Blocking = false;
                    try { filler.Connect(IPAddress.Loopback, Port); } catch (SocketException) { }
                }
            }

            public int Port { get; }

            public MemcachedClient Client() =>
                new MemcachedClient(new MemcachedClientOptions { ConnectTimeout = TimeSpan.FromSeconds(30), OperationTimeout = Timeout }.AddServer($"127.0.0.1:{Port}"));

            public void Dispose()
            {
                foreach (var filler in _fillers) filler.Dispose();
                _listener.Dispose();
            }
        }

        [Fact]
        public void A_connect_that_cannot_complete_ends_at_the_operation_deadline_before_the_connect_timeout()
        {
            using var queue = new FullAcceptQueue();
            using var client = queue.Client();

            var e = Assert.Throws<MemcachedTimeoutException>(() => client.Get("k"));

            Assert.Contains("operation timeout", e.Message);
        }

        [Fact]
        public async Task An_asynchronous_connect_that_cannot_complete_is_reported_as_a_connect_timeout_not_a_busy_pool()
        {
            using var queue = new FullAcceptQueue();
            using var client = queue.Client();

            var e = await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.GetAsync("k"));

            Assert.Contains("Connecting to", e.Message);
            Assert.Contains("operation timeout", e.Message);
        }

        [Fact]
        public void A_key_dump_whose_line_trickles_fails_at_the_deadline()
        {
            // One metadump line sent a byte every 50 ms (2.5 s for the line) against a 300 ms timeout.
            using var server = new FakeServer(_ => async c =>
            {
                await c.AnswerHandshakeAsync();
                await c.ReadLineAsync();
                foreach (char b in "key=slow exp=-1 la=1700000000 cas=1 fetch=no cls=1 size=64\n")
                {
                    await c.WriteAsync(b.ToString());
                    await Task.Delay(50);
                }
                await c.WriteAsync("END\r\n");
                await c.SwallowAsync();
            });
            using var client = ClientFor(Timeout, server);

            Assert.Throws<MemcachedTimeoutException>(() => client.DumpKeys(client.Servers[0], _ => true));
        }
    }
}
