using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// A hostile or broken server cannot make the client hold more than the server's own item_size_max per value, nor an
    /// endless listing, nor accept a value named for another key, nor a reply carrying another connection's opaque token.
    /// Each refusal is a protocol error that closes the connection; the next operation opens a new one and works.
    /// </summary>
    public sealed class HostileServerTests
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
        private const int OneMiB = 1024 * 1024;
        private readonly ITestOutputHelper _output;

        public HostileServerTests(ITestOutputHelper output) => _output = output;

        private static MemcachedClient ClientFor(FakeServer server, ProtocolMode protocol = ProtocolMode.Auto) =>
            new MemcachedClient(new MemcachedClientOptions
            {
                ConnectTimeout = Timeout,
                OperationTimeout = Timeout,
                ServerFailureLimit = 10,
                Protocol = protocol,
            }.AddServer(server.Address));

        /// <summary>The handshake of a classic-only server: stats settings with the given limit (or ERROR), then ERROR to mn.</summary>
        private static async Task AnswerClassicHandshakeAsync(FakeConnection c, int? itemSizeMax)
        {
            string line = await c.ReadLineAsync();
            Assert.Equal("stats settings", line);
            await c.WriteAsync(itemSizeMax.HasValue ? $"STAT item_size_max {itemSizeMax}\r\nEND\r\n" : "ERROR\r\n");
            Assert.Equal("mn", (await c.ReadLineAsync()).TrimEnd(' ')); // padded to 24 bytes (ConnectionHandshake)
            await c.WriteAsync("ERROR\r\n");
        }

        /// <summary>Sends a value block of <paramref name="size"/> bytes after its header, then reads on without answering.</summary>
        private static async Task SendValueAsync(FakeConnection c, string header, int size)
        {
            await c.WriteAsync(header);
            var chunk = Enumerable.Repeat((byte)'x', 64 * 1024).ToArray();
            for (int sent = 0; sent < size; sent += chunk.Length)
                await c.WriteAsync(sent + chunk.Length <= size ? chunk : chunk.AsSpan(0, size - sent).ToArray());
            await c.WriteAsync("\r\nEND\r\n");
            await c.SwallowAsync();
        }

        private static FakeServer MetaValueOf(int size, int itemSizeMax) => FakeServer.WithScripts(async c =>
        {
            await c.AnswerHandshakeAsync(itemSizeMax);
            string request = await c.ReadRequestAsync();
            await SendValueAsync(c, $"VA {size} f0{FakeConnection.Opaque(request)}\r\n", size);
        });

        private static void AssertRecovers(MemcachedClient client, FakeServer server, int connectionsBefore)
        {
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.True(client.Set("after", "fine").IsStored);
            Assert.Equal("fine", client.GetValue("after"));
            Assert.Equal(connectionsBefore + 1, server.Accepted);
            Assert.Empty(server.ScriptErrors);
        }

        // ------------------------------------------------------------------ values over item_size_max

        [Fact]
        public void A_meta_value_larger_than_the_servers_item_size_max_is_refused_before_its_bytes_are_held()
        {
            using var server = MetaValueOf(2 * OneMiB, itemSizeMax: OneMiB);
            using var client = ClientFor(server);

            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine($"{e.Message} — allocated {allocated:N0} bytes");

            Assert.Contains("2097152", e.Message);
            Assert.Contains("item_size_max", e.Message);
            Assert.True(allocated < 512 * 1024, $"allocated {allocated:N0} bytes for a refused 2 MiB value");
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_meta_value_within_a_larger_item_size_max_is_read()
        {
            using var server = MetaValueOf(2 * OneMiB, itemSizeMax: 4 * OneMiB);
            using var client = ClientFor(server);

            Assert.Equal(2 * OneMiB, client.Get("k")!.Value.Length);
        }

        [Fact]
        public async Task The_async_path_refuses_an_oversized_value_the_same_way()
        {
            using var server = MetaValueOf(2 * OneMiB, itemSizeMax: OneMiB);
            using var client = ClientFor(server);

            var e = await Assert.ThrowsAsync<MemcachedProtocolException>(() => client.GetAsync("k"));

            Assert.Contains("item_size_max", e.Message);
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_batch_gets_a_per_key_protocol_error_for_an_oversized_value()
        {
            using var server = MetaValueOf(2 * OneMiB, itemSizeMax: OneMiB);
            using var client = ClientFor(server);

            var results = client.GetMany(new[] { "k" });

            Assert.IsType<MemcachedProtocolException>(results[0].Error);
            Assert.Contains("item_size_max", results[0].Error!.Message);
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void The_absurd_size_of_the_report_is_refused_at_its_header()
        {
            // The case of the report: VA 1000000000 (1 GB) from a 1 MiB server. Only the header is sent: the client
            // must refuse it at once, not wait for (and buffer) a gigabyte.
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync(OneMiB);
                string request = await c.ReadRequestAsync();
                await c.WriteAsync($"VA 1000000000 f0{FakeConnection.Opaque(request)}\r\n");
                await c.SwallowAsync();
            });
            using var client = ClientFor(server);

            var watch = Stopwatch.StartNew();
            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));

            Assert.Contains("1000000000", e.Message);
            Assert.True(watch.Elapsed < Timeout / 2, $"took {watch.Elapsed}");
        }

        [Fact]
        public void A_classic_VALUE_larger_than_item_size_max_is_refused()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await AnswerClassicHandshakeAsync(c, OneMiB);
                await c.ReadRequestAsync();
                await SendValueAsync(c, $"VALUE k 0 {2 * OneMiB}\r\n", 2 * OneMiB);
            });
            using var client = ClientFor(server);

            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Contains("item_size_max", e.Message);
            Assert.True(allocated < 512 * 1024, $"allocated {allocated:N0} bytes");
        }

        [Fact]
        public void A_server_that_does_not_tell_its_item_size_max_is_held_to_memcacheds_default_of_1_MiB()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await AnswerClassicHandshakeAsync(c, itemSizeMax: null);
                await c.ReadRequestAsync();
                await SendValueAsync(c, $"VALUE k 0 {OneMiB + 1}\r\n", OneMiB + 1);
            });
            using var client = ClientFor(server);

            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));

            Assert.Contains("item_size_max", e.Message);
        }

        // ------------------------------------------------------------------ listings

        [Fact]
        public void An_endless_stats_listing_is_cut_off_at_the_line_limit()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                await c.ReadRequestAsync();
                var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("STAT x 1\r\n", 6000)));
                while (true) await c.WriteAsync(chunk);
            });
            // A generous timeout: the limit, not the deadline, must end this (a million lines take seconds on a loaded machine).
            using var client = new MemcachedClient(new MemcachedClientOptions { OperationTimeout = TimeSpan.FromSeconds(60), ServerFailureLimit = 10 }
                .AddServer(server.Address));

            var watch = Stopwatch.StartNew();
            long before = GC.GetAllocatedBytesForCurrentThread();
            var result = client.Stats().Single();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine($"{result.Error?.GetType().Name}: {result.Error?.Message} after {watch.ElapsedMilliseconds} ms, {allocated:N0} bytes");

            var e = Assert.IsType<MemcachedProtocolException>(result.Error);
            Assert.Contains("lines", e.Message);
            Assert.True(allocated < 256L * OneMiB, $"allocated {allocated:N0} bytes");
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_listing_over_the_byte_limit_is_refused_line_by_line_without_a_server()
        {
            // The byte limit (64 MiB by default) with a small limit, straight on the operation: long lines until it is hit.
            var op = new CommandOperation("stats", null, multiLine: true, maxLines: 1000, maxBytes: 100_000);
            byte[] line = Encoding.ASCII.GetBytes("STAT " + new string('v', 995) + "\r\n"); // 1,002 bytes with CR LF
            var e = Assert.Throws<MemcachedProtocolException>(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    Assert.True(TextResponseParser.TryParse(line, 0, line.Length, out var reply) > 0);
                    op.Read(ref reply, line, null!, out _);
                }
            });
            Assert.Contains("100000 bytes", e.Message.Replace(",", ""));
        }

        // ------------------------------------------------------------------ replies for another key or connection

        private static FakeServer ClassicReplies(params string[] replies) => FakeServer.WithScripts(async c =>
        {
            await AnswerClassicHandshakeAsync(c, OneMiB);
            foreach (var reply in replies)
            {
                await c.ReadRequestAsync();
                await c.WriteAsync(reply);
            }
            await c.SwallowAsync();
        });

        [Fact]
        public void A_classic_VALUE_for_another_key_of_the_same_length_is_refused()
        {
            using var server = ClassicReplies("VALUE 1yek 0 5\r\nhello\r\nEND\r\n");
            using var client = ClientFor(server);

            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("key1"));

            Assert.Contains("1yek", e.Message);
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void A_classic_multi_get_refuses_a_VALUE_for_another_key_and_returns_no_value_for_it()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await AnswerClassicHandshakeAsync(c, OneMiB);
                await c.ReadRequestAsync();
                await c.ReadRequestAsync();
                await c.WriteAsync("VALUE key1 0 2\r\nv1\r\nEND\r\nVALUE kez2 0 2\r\nv2\r\nEND\r\n");
                await c.SwallowAsync();
            });
            using var client = ClientFor(server);

            var results = client.GetMany(new[] { "key1", "key2" });

            Assert.Equal("v1", Encoding.ASCII.GetString(results[0].Result!.Value));
            Assert.True(results[1].HasError);
            Assert.Null(results[1].Result);
            Assert.Contains("kez2", results[1].Error!.ToString());
        }

        [Fact]
        public void A_classic_VALUE_with_the_exact_key_and_prefix_is_accepted()
        {
            using var server = ClassicReplies("VALUE p:kéy 0 2\r\nok\r\nEND\r\n");
            using var client = new MemcachedClient(new MemcachedClientOptions { KeyPrefix = "p:", OperationTimeout = Timeout }.AddServer(server.Address));

            Assert.Equal("ok", Encoding.ASCII.GetString(client.Get("kéy")!.Value));
        }

        [Fact]
        public void Opaque_tokens_start_at_a_random_value_on_each_connection()
        {
            var first = new ConcurrentQueue<string>();
            using var server = new FakeServer(n => async c =>
            {
                await c.AnswerHandshakeAsync();
                string request = await c.ReadRequestAsync();
                first.Enqueue(FakeConnection.Opaque(request).Trim());
                await c.WriteAsync($"EN{FakeConnection.Opaque(request)}\r\n");
                await c.SwallowAsync();
            });
            for (int i = 0; i < 4; i++)
            {
                using var client = ClientFor(server);
                Assert.Null(client.Get("k"));
            }

            _output.WriteLine(string.Join(" ", first));
            Assert.Equal(4, first.Distinct().Count());
            Assert.DoesNotContain("O1", first);
        }

        [Fact]
        public void A_stale_reply_with_the_token_a_fresh_sequence_would_use_does_not_match()
        {
            // A reply left over from another connection (or another client) whose tokens began at 1.
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                await c.ReadRequestAsync();
                await c.WriteAsync("VA 5 f0 O1\r\nstale\r\n");
                await c.SwallowAsync();
            });
            using var client = ClientFor(server);

            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));

            Assert.Contains("out of step", e.Message);
            AssertRecovers(client, server, 1);
        }
    }
}
