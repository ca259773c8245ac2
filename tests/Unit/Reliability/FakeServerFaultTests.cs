using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// Faults a real memcached will not produce, from a scripted server on loopback. In every test the faulty connection
    /// is the first one; the next operation must open a fresh connection (the broken one is never reused) and succeed.
    /// </summary>
    public sealed class FakeServerFaultTests
    {
        /// <summary>
        /// The timeout of the tests that expect an answer: generous, as a window's deadline is strict (bytes trickling in
        /// do not extend it) and a loaded machine slows the scripted server. No passing test waits it out.
        /// </summary>
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

        /// <summary>The timeout of the tests that wait for one: short, as each of them waits it out.</summary>
        private static readonly TimeSpan SilenceTimeout = TimeSpan.FromMilliseconds(400);
        private readonly ITestOutputHelper _output;

        public FakeServerFaultTests(ITestOutputHelper output) => _output = output;

        private static MemcachedClient ClientFor(FakeServer server) => ClientFor(server, Timeout);

        private static MemcachedClient ClientFor(FakeServer server, TimeSpan timeout) =>
            new MemcachedClient(new MemcachedClientOptions
            {
                ConnectTimeout = timeout,
                OperationTimeout = timeout,
                ServerFailureLimit = 10, // these tests look at one fault at a time, not at dead-server marking
            }.AddServer(server.Address));

        /// <summary>After a fault: no connection is kept, the next operation opens a new one and works.</summary>
        /// <summary>A server whose first connection answers the first request with <paramref name="reply"/>, then reads on without answering.</summary>
        private static FakeServer FirstReplyIs(byte[] reply) => FakeServer.WithScripts(async c =>
        {
            await c.AnswerHandshakeAsync();
            await c.ReadRequestAsync();
            await c.WriteAsync(reply);
            await c.SwallowAsync();
        });

        /// <summary>A server whose first connection sends half of the first reply's 100-byte value, then closes.</summary>
        private static FakeServer FirstValueCutOff() => FakeServer.WithScripts(async c =>
        {
            await c.AnswerHandshakeAsync();
            string request = await c.ReadRequestAsync();
            await c.WriteAsync($"VA 100 f0{FakeConnection.Opaque(request)}\r\n" + new string('x', 50));
            c.Close();
        });

        private static void AssertRecovers(MemcachedClient client, FakeServer server, int connectionsBefore)
        {
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.True(client.Set("after", "fine").IsStored);
            Assert.Equal("fine", client.GetValue("after"));
            Assert.Equal(connectionsBefore + 1, server.Accepted);
            Assert.Empty(server.ScriptErrors);
        }

        [Fact]
        public void A_garbage_reply_is_a_protocol_error_and_the_connection_is_dropped()
        {
            using var server = FirstReplyIs(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"));
            using var client = ClientFor(server);

            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));

            Assert.Contains("HTTP/1.1 400", e.Message);
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void Binary_garbage_without_a_line_end_is_refused_once_it_exceeds_any_reply_line()
        {
            var noise = new byte[20000];
            new Random(5).NextBytes(noise);
            for (int i = 0; i < noise.Length; i++) if (noise[i] == (byte)'\n') noise[i] = 0;
            using var server = FirstReplyIs(noise);
            using var client = ClientFor(server);

            Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));

            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_reply_for_another_request_is_caught_by_its_opaque_token()
        {
            using var server = FirstReplyIs(Encoding.ASCII.GetBytes("VA 5 f0 O999999\r\nother\r\n"));
            using var client = ClientFor(server);

            var e = Assert.Throws<MemcachedProtocolException>(() => client.Get("k"));

            Assert.Contains("out of step", e.Message);
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_reply_cut_off_in_the_middle_of_its_value_is_a_connection_error_not_a_short_value()
        {
            using var server = FirstValueCutOff();
            using var client = ClientFor(server);

            var e = Assert.Throws<MemcachedConnectionException>(() => client.Get("k"));

            Assert.Contains("closed the connection", e.Message);
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public async Task A_reply_cut_off_mid_value_fails_the_async_path_the_same_way()
        {
            using var server = FirstValueCutOff();
            using var client = ClientFor(server);

            await Assert.ThrowsAsync<MemcachedConnectionException>(() => client.GetAsync("k"));

            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_connection_closed_before_any_reply_is_a_connection_error()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                await c.ReadRequestAsync();
                c.Close();
            });
            using var client = ClientFor(server);

            Assert.Throws<MemcachedConnectionException>(() => client.Set("k", "v"));

            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_connection_closed_in_the_middle_of_a_batch_keeps_the_answered_keys_and_fails_only_the_rest()
        {
            const int Answered = 40;
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                for (int i = 0; i < Answered; i++)
                {
                    string request = await c.ReadRequestAsync();
                    await c.WriteAsync("HD" + FakeConnection.Opaque(request) + "\r\n");
                }
                c.Close();
            });
            using var client = ClientFor(server);
            var keys = Enumerable.Range(0, 100).Select(i => "batch-" + i).ToArray();

            var outcomes = client.StoreMany(keys.Select(k => new StoreRequest(k, "v")));

            Assert.Equal(keys, outcomes.Select(o => o.Key));
            Assert.All(outcomes.Take(Answered), o => Assert.True(!o.HasError && o.Result.IsStored, o.ToString()));
            Assert.All(outcomes.Skip(Answered), o => Assert.IsAssignableFrom<MemcachedConnectionException>(o.Error));
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_server_that_accepts_and_never_answers_times_out_within_the_operation_timeout()
        {
            using var server = FakeServer.WithScripts(c => c.SwallowAsync());
            using var client = ClientFor(server, SilenceTimeout);
            var clock = Stopwatch.StartNew();

            Assert.Throws<MemcachedTimeoutException>(() => client.Get("k"));

            _output.WriteLine($"timed out after {clock.ElapsedMilliseconds} ms (timeout {SilenceTimeout.TotalMilliseconds} ms)");
            Assert.InRange(clock.Elapsed, SilenceTimeout - TimeSpan.FromMilliseconds(50), SilenceTimeout + TimeSpan.FromSeconds(2));
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public async Task A_server_that_stops_answering_after_the_handshake_times_out_on_the_async_path()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                await c.SwallowAsync();
            });
            using var client = ClientFor(server, SilenceTimeout);
            var clock = Stopwatch.StartNew();

            await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.SetAsync("k", "v"));

            _output.WriteLine($"timed out after {clock.ElapsedMilliseconds} ms (timeout {SilenceTimeout.TotalMilliseconds} ms)");
            Assert.InRange(clock.Elapsed, SilenceTimeout - TimeSpan.FromMilliseconds(50), SilenceTimeout + TimeSpan.FromSeconds(2));
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public void A_silent_server_times_out_a_batch_with_every_key_failed_and_no_exception()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                await c.SwallowAsync();
            });
            using var client = ClientFor(server, SilenceTimeout);
            var clock = Stopwatch.StartNew();

            var outcomes = client.GetMany(Enumerable.Range(0, 50).Select(i => "k" + i));

            _output.WriteLine($"timed out after {clock.ElapsedMilliseconds} ms (timeout {SilenceTimeout.TotalMilliseconds} ms)");
            Assert.InRange(clock.Elapsed, SilenceTimeout - TimeSpan.FromMilliseconds(50), SilenceTimeout + TimeSpan.FromSeconds(2));
            Assert.All(outcomes, o => Assert.IsType<MemcachedTimeoutException>(o.Error));
            AssertRecovers(client, server, 1);
        }

        [Fact]
        public async Task Replies_arriving_one_byte_at_a_time_are_read_correctly()
        {
            using var server = new FakeServer(_ => async c =>
            {
                c.Trickle = true;
                await c.ServeAsync();
            });
            using var client = ClientFor(server);
            byte[] value = Encoding.ASCII.GetBytes("value with \r\nEND\r\n inside");

            Assert.True(client.Set("slow", value).IsStored);
            Assert.Equal(value, client.Get("slow")!.Value);
            Assert.Equal(value, (await client.GetAsync("slow"))!.Value);
            var many = client.GetMany(new[] { "slow", "missing", "slow" });
            Assert.Equal(value, many[0].Result!.Value);
            Assert.Null(many[1].Result);
            Assert.Equal(value, many[2].Result!.Value);
            Assert.DoesNotContain(many, o => o.HasError);
            Assert.Equal(1, server.Accepted);
            Assert.Empty(server.ScriptErrors);
        }

        [Fact]
        public void A_refused_connection_is_a_prompt_connection_error_and_the_client_connects_once_a_server_listens()
        {
            int port = MemcachedProcess.FreeTcpPort();
            using var client = new MemcachedClient(new MemcachedClientOptions { ConnectTimeout = Timeout, OperationTimeout = Timeout }
                .AddServer($"127.0.0.1:{port}"));
            var clock = Stopwatch.StartNew();

            var e = Assert.Throws<MemcachedConnectionException>(() => client.Get("k"));

            Assert.IsNotType<MemcachedTimeoutException>(e);
            Assert.Contains("ConnectionRefused", e.Message);
            _output.WriteLine($"refused after {clock.ElapsedMilliseconds} ms");
            Assert.True(clock.Elapsed < Timeout, $"took {clock.Elapsed}");
            using var server = new FakeServer(_ => null, port);
            Assert.True(client.Set("k", "v").IsStored);
        }
    }
}
