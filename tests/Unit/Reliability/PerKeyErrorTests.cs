using System;
using System.Collections.Generic;
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
    /// A reply that fails one key but leaves the stream in step (memcached 1.6.18, checked by hand with a raw socket:
    /// <c>ma</c> / <c>incr</c> on a non-numeric value answers <c>CLIENT_ERROR cannot increment or decrement non-numeric
    /// value</c>, without opaque or key, quiet or not, and the next request's reply follows) fails that key only: the
    /// connection goes on serving, nothing else is reported lost, and the server is not counted as failing.
    /// </summary>
    public sealed class PerKeyErrorTests
    {
        private const string NonNumeric = "CLIENT_ERROR cannot increment or decrement non-numeric value";
        private readonly ITestOutputHelper _output;

        public PerKeyErrorTests(ITestOutputHelper output) => _output = output;

        private static MemcachedClientOptions Options(string address, ProtocolMode mode) => new MemcachedClientOptions
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            OperationTimeout = TimeSpan.FromSeconds(5),
            Protocol = mode,
            ServerFailureLimit = 1, // one miscounted failure would be enough to mark the server dead
        }.AddServer(address);

        [Theory]
        [InlineData(ProtocolMode.Auto)]
        [InlineData(ProtocolMode.Classic)]
        [InlineData(ProtocolMode.Binary)]
        public void A_non_numeric_counter_in_a_5000_key_batch_fails_that_key_only_and_every_other_counts_once(ProtocolMode mode)
        {
            const int Keys = 5000;
            const int Bad = 2500;
            using var server = MemcachedProcess.Start();
            using var raw = new RawMemcached(server.Port);
            var keys = Enumerable.Range(0, Keys).Select(i => "ctr-" + i).ToArray();
            for (int i = 0; i < Keys; i++) raw.Send($"set {keys[i]} 0 0 {(i == Bad ? 3 : 2)}\r\n{(i == Bad ? "abc" : "10")}\r\n");
            using var client = new MemcachedClient(Options(server.Address, mode));
            client.Get("warm"); // the connection the batch will use
            long connections = raw.Stat("total_connections");

            var outcomes = client.IncrementMany(keys, decrement: false, delta: 1, initial: null, default);

            var failed = outcomes.Where(o => o.HasError).ToList();
            _output.WriteLine($"{mode}: {failed.Count} failed ({string.Join("; ", failed.Take(3).Select(o => o.Key + ": " + o.Error!.Message))}), " +
                              $"{outcomes.Count(o => !o.HasError && o.Result == 11)} counted, total_connections {connections} -> {raw.Stat("total_connections")}");
            var only = Assert.Single(failed);
            Assert.Equal(keys[Bad], only.Key);
            Assert.IsType<MemcachedServerException>(only.Error);
            Assert.Contains(NonNumeric, only.Error!.Message);
            Assert.All(outcomes.Where(o => !o.HasError), o => Assert.Equal(11UL, o.Result));
            Assert.Equal(keys, outcomes.Select(o => o.Key));

            // On the server: every other counter went up exactly once, the bad value is untouched.
            var held = ServerValues(raw, keys);
            for (int i = 0; i < Keys; i++) Assert.Equal(i == Bad ? "abc" : "11", held[keys[i]]);
            Assert.Equal(connections, raw.Stat("total_connections")); // the same connection went on serving
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.Equal(12UL, client.Increment(keys[0])); // and serves the next call
            Assert.Equal(connections, raw.Stat("total_connections"));
        }

        [Theory]
        [InlineData(ProtocolMode.Auto)]
        [InlineData(ProtocolMode.Classic)]
        [InlineData(ProtocolMode.Binary)]
        public async Task A_single_increment_of_a_non_numeric_value_fails_with_the_servers_message_and_keeps_the_connection(ProtocolMode mode)
        {
            using var server = MemcachedProcess.Start();
            using var raw = new RawMemcached(server.Port);
            raw.Send("set text 0 0 3\r\nabc\r\n");
            using var client = new MemcachedClient(Options(server.Address, mode));
            client.Get("warm");
            long connections = raw.Stat("total_connections");

            for (int i = 0; i < 3; i++) // three in a row: never counted toward the failure limit (1 here)
            {
                var sync = Assert.Throws<MemcachedServerException>(() => client.Increment("text"));
                Assert.Contains(NonNumeric, sync.Message);
                var asyncError = await Assert.ThrowsAsync<MemcachedServerException>(() => client.IncrementAsync("text"));
                Assert.Contains(NonNumeric, asyncError.Message);
            }

            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Equal(1UL, client.Increment("fresh", initial: 1));
            Assert.Equal(connections, raw.Stat("total_connections"));
            Assert.Equal("abc", ServerValues(raw, new[] { "text" })["text"]);
        }

        /// <summary>
        /// A classic <c>set</c> whose data block is not the announced length: memcached answers <c>CLIENT_ERROR bad data
        /// chunk</c> and then reads the rest of the block as a command (<c>ERROR</c>), so the stream is out of step. The
        /// client never sends such a block itself; a scripted server plays the reply to show the connection is dropped
        /// and no later reply is taken for another key's.
        /// </summary>
        [Fact]
        public void A_CLIENT_ERROR_for_a_store_is_not_trusted_to_leave_the_stream_in_step()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.ReadLineAsync(); // stats settings
                await c.WriteAsync("STAT item_size_max 1048576\r\nEND\r\n");
                // Classic set of three keys: the first answered CLIENT_ERROR + ERROR (as memcached does after a bad chunk).
                for (int i = 0; i < 3; i++) { await c.ReadLineAsync(); await c.ReadLineAsync(); }
                await c.WriteAsync("CLIENT_ERROR bad data chunk\r\nERROR\r\nSTORED\r\nSTORED\r\n");
                await c.ReadLineAsync(); // nothing more: the client must have dropped the connection
            });
            var options = Options(server.Address, ProtocolMode.Classic);
            options.QuietBatches = false;
            using var client = new MemcachedClient(options);

            var outcomes = client.StoreMany(new[] { "a", "b", "c" }.Select(k => new StoreRequest(k, "v")));

            Assert.Contains("bad data chunk", outcomes[0].Error!.Message);
            Assert.True(outcomes[1].HasError, "b must not be reported from a reply that was another request's");
            Assert.True(outcomes[2].HasError, "c must not be reported from a reply that was another request's");
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.Null(client.GetDeadUntil(client.Servers[0])); // out of step is not the server being down
        }

        /// <summary>
        /// Quiet stores: a stored key sends nothing and an error line carries no opaque, but replies come in request
        /// order. An error with exactly one key between the replies around it is that key's; one among several keys makes
        /// those keys (and only those) unconfirmed. Either way the connection goes on serving.
        /// </summary>
        [Fact]
        public void A_quiet_batch_places_an_error_line_by_the_replies_around_it()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                var lines = new List<string>();
                for (int i = 0; i < 6; i++) lines.Add(await c.ReadRequestAsync()); // five ms q and the mn
                await c.WriteAsync("SERVER_ERROR object too large for cache\r\n" +  // a or b: b answers next, so a
                                   $"NS{FakeConnection.Opaque(lines[1])}\r\n" +
                                   "SERVER_ERROR out of memory storing object\r\n" + // c, d or e
                                   "MN\r\n");
                await c.ServeAsync();
            });
            using var client = new MemcachedClient(Options(server.Address, ProtocolMode.Auto));

            var outcomes = client.StoreMany(new[] { "a", "b", "c", "d", "e" }.Select(k => new StoreRequest(k, "v", StoreMode.Add)));

            Assert.Equal("SERVER_ERROR object too large for cache", outcomes[0].Error!.Message);
            Assert.Equal(StoreStatus.NotStored, outcomes[1].Result.Status);
            for (int i = 2; i < 5; i++)
            {
                Assert.IsType<MemcachedServerException>(outcomes[i].Error);
                Assert.StartsWith("Unconfirmed: the server answered 'SERVER_ERROR out of memory storing object' for 1 of 3 keys", outcomes[i].Error!.Message);
            }
            Assert.True(client.Set("next", "v").IsStored);
            Assert.Equal(1, server.Accepted); // the same connection went on serving
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
        }

        /// <summary>The values the server holds (classic get, 100 keys a request), independent of the client under test.</summary>
        internal static Dictionary<string, string> ServerValues(RawMemcached raw, IReadOnlyList<string> keys)
        {
            var values = new Dictionary<string, string>();
            for (int from = 0; from < keys.Count; from += 100)
            {
                string reply = raw.Send("get " + string.Join(" ", keys.Skip(from).Take(100)) + "\r\n", "END\r\n");
                var lines = reply.Split("\r\n");
                for (int i = 0; i + 1 < lines.Length; i++)
                {
                    if (!lines[i].StartsWith("VALUE ", StringComparison.Ordinal)) continue;
                    values[lines[i].Split(' ')[1]] = lines[i + 1];
                    i++;
                }
            }
            return values;
        }
    }
}
