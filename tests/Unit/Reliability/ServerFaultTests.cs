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
    /// <summary>Faults of a real memcached: killed mid-batch, restarted, asked to hold more than it can.</summary>
    public sealed class ServerFaultTests
    {
        private readonly ITestOutputHelper _output;

        public ServerFaultTests(ITestOutputHelper output) => _output = output;

        private static MemcachedClientOptions Options(string address) => new MemcachedClientOptions
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            OperationTimeout = TimeSpan.FromSeconds(2),
            DeadServerRetryDelay = TimeSpan.FromMilliseconds(300),
        }.AddServer(address);

        [Theory]
        [InlineData(false, 3000)] // explicit replies: kill after 3,000 HD lines
        [InlineData(true, 95)]    // quiet mode (the default): after the ~77-line handshake only MN lines come back, one per window of ~250 keys
        public async Task SIGKILL_during_a_10000_key_batch_reports_every_key_and_none_stored_that_the_server_did_not_acknowledge(bool quiet, int killAfterLines)
        {
            const int Keys = 10000;
            var server = MemcachedProcess.Start("-m", "128");
            try
            {
                using var proxy = new RecordingProxy(server.Port);
                // Kill once the server has answered a few thousand lines: in the middle of the batch, every run.
                var victim = server;
                proxy.OnServerLines = lines => { if (lines >= killAfterLines) victim.Kill(); };
                var options = Options(proxy.Address);
                options.QuietBatches = quiet;
                using var client = new MemcachedClient(options);
                var value = new byte[1000];
                var requests = Enumerable.Range(0, Keys).Select(i => StoreRequest.Raw("kill-" + i, new ArraySegment<byte>(value), 0)).ToList();

                var outcomes = await client.StoreManyAsync(requests); // no exception escapes

                Assert.Equal(Keys, outcomes.Count);
                Assert.Equal(requests.Select(r => r.Key), outcomes.Select(o => o.Key));
                var reportedStored = outcomes.Where(o => !o.HasError).ToList();
                Assert.All(reportedStored, o => Assert.True(o.Result.IsStored));
                Assert.All(outcomes.Where(o => o.HasError), o => Assert.IsAssignableFrom<MemcachedConnectionException>(o.Error));
                Assert.InRange(reportedStored.Count, 1, Keys - 1); // the kill landed mid-batch

                var acknowledged = AcknowledgedKeys(proxy);
                _output.WriteLine($"SIGKILL mid-batch ({(quiet ? "quiet" : "explicit replies")}): {Keys} keys, {acknowledged.Count} acknowledged by the server, {reportedStored.Count} reported stored, " +
                                  $"{outcomes.Count(o => o.HasError)} reported failed ({outcomes.Where(o => o.HasError).Select(o => o.Error!.GetType().Name).Distinct().Aggregate((a, b) => a + ", " + b)}).");
                Assert.All(reportedStored, o => Assert.Contains(o.Key, acknowledged));
                Assert.True(reportedStored.Count <= acknowledged.Count, $"{reportedStored.Count} reported stored, {acknowledged.Count} acknowledged");
                Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open); // the broken connection was closed

                proxy.OnServerLines = null;
                server = server.Restart();
                Assert.True((await client.SetAsync("after-restart", "ok")).IsStored);
                Assert.Equal("ok", client.GetValue("after-restart"));
            }
            finally
            {
                server.Dispose();
            }
        }

        /// <summary>
        /// Keys the server acknowledged, read from the recorded bytes of every connection: an ms answered HD, or, in
        /// quiet mode, an ms followed by an mn that the server answered MN without a failure line for that ms.
        /// </summary>
        private static HashSet<string> AcknowledgedKeys(RecordingProxy proxy)
        {
            var acknowledged = new HashSet<string>();
            foreach (var (up, down) in proxy.Recordings)
            {
                var keyByOpaque = new Dictionary<string, string>();
                var windows = new List<List<string>> { new List<string>() }; // quiet ms opaques, split at each mn
                int p = 0;
                while (ReadLine(up, ref p) is string line)
                {
                    var t = line.Split(' ');
                    if (t[0] == "mn") { windows.Add(new List<string>()); continue; }
                    if (t[0] != "ms") continue;
                    string opaque = t.First(x => x.StartsWith('O'));
                    keyByOpaque[opaque] = t[1];
                    if (t.Contains("q")) windows[^1].Add(opaque);
                    p += int.Parse(t[2]) + 2;
                }
                var failed = new HashSet<string>();
                int closedWindows = 0;
                p = 0;
                while (ReadLine(down, ref p) is string line)
                {
                    var t = line.Split(' ');
                    if (t[0] == "HD") acknowledged.Add(keyByOpaque[t.First(x => x.StartsWith('O'))]);
                    else if (t[0] == "MN") closedWindows++;
                    else if (t.FirstOrDefault(x => x.StartsWith('O')) is string o) failed.Add(o);
                }
                foreach (var window in windows.Take(closedWindows))
                    foreach (var opaque in window.Where(o => !failed.Contains(o)))
                        acknowledged.Add(keyByOpaque[opaque]);
            }
            return acknowledged;
        }

        private static string? ReadLine(byte[] bytes, ref int position)
        {
            if (position >= bytes.Length) return null;
            int lf = Array.IndexOf(bytes, (byte)'\n', position);
            if (lf < 0) return null; // a cut-off line acknowledges nothing
            string line = Encoding.ASCII.GetString(bytes, position, lf - position).TrimEnd('\r');
            position = lf + 1;
            return line;
        }

        [Fact]
        public void After_memcached_restarts_on_the_same_port_the_client_reconnects_by_itself()
        {
            var server = MemcachedProcess.Start();
            try
            {
                using var client = new MemcachedClient(Options(server.Address));
                Assert.True(client.Set("before", "v").IsStored);

                server = server.Restart();

                Assert.Null(client.Get("before")); // a new, empty server: a miss, not an error
                Assert.True(client.Set("after", "v").IsStored);
                Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Open); // the dead connection was closed, one new one reused
            }
            finally
            {
                server.Dispose();
            }
        }

        [Fact]
        public async Task After_a_restart_the_async_path_and_batches_reconnect_by_themselves()
        {
            var server = MemcachedProcess.Start();
            try
            {
                using var client = new MemcachedClient(Options(server.Address));
                var keys = Enumerable.Range(0, 200).Select(i => "r" + i).ToArray();
                await client.StoreManyAsync(keys.Select(k => new StoreRequest(k, k)));

                server = server.Restart();

                var read = await client.GetManyAsync(keys);
                Assert.All(read, o => Assert.False(o.HasError, o.ToString()));
                Assert.All(read, o => Assert.Null(o.Result));
                Assert.True((await client.SetAsync("after", "v")).IsStored);
            }
            finally
            {
                server.Dispose();
            }
        }

        [Fact]
        public void A_value_over_item_size_max_is_refused_before_anything_is_sent()
        {
            using var server = MemcachedProcess.Start();
            using var raw = new RawMemcached(server.Port);
            using var client = new MemcachedClient(Options(server.Address));
            client.Set("warm", "v");
            long sets = raw.Stat("cmd_set");

            var e = Assert.Throws<MemcachedClientException>(() => client.Set("big", new byte[1024 * 1024 + 1]));

            Assert.Contains("item_size_max", e.Message);
            Assert.Equal(sets, raw.Stat("cmd_set"));
            Assert.True(client.Set("small", "v").IsStored);
        }

        [Fact]
        public void A_SERVER_ERROR_for_a_value_the_client_accepted_is_surfaced_and_the_connection_kept()
        {
            // The client knows item_size_max exactly, so the server's refusal here is memory: -M makes a full memcached
            // answer "SERVER_ERROR out of memory storing object" instead of evicting.
            using var server = MemcachedProcess.Start("-M", "-m", "2");
            using var raw = new RawMemcached(server.Port);
            using var client = new MemcachedClient(Options(server.Address));
            client.Set("first", "v");
            long connections = raw.Stat("total_connections");

            MemcachedServerException? refusal = null;
            for (int i = 0; i < 200 && refusal == null; i++)
            {
                try { client.Set("fill-" + i, new byte[100000]); }
                catch (MemcachedServerException e) { refusal = e; }
            }

            Assert.NotNull(refusal);
            Assert.Contains("SERVER_ERROR out of memory", refusal!.Message);
            Assert.Equal("v", client.GetValue("first"));
            Assert.Equal(connections, raw.Stat("total_connections")); // the same connection went on serving
            Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void A_batch_whose_opaque_tokens_wrap_past_zero_stays_in_step()
        {
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(Options(server.Address));
            client.Set("warm", "v");
            SetIdleConnectionOpaque(client, uint.MaxValue - 5); // after 4 billion requests on one connection

            var keys = Enumerable.Range(0, 20).Select(i => "wrap-" + i).ToArray();
            var stored = client.StoreMany(keys.Select(k => new StoreRequest(k, k)));
            var read = client.GetMany(keys);

            Assert.All(stored, o => Assert.True(!o.HasError && o.Result.IsStored, o.ToString()));
            Assert.All(read, o => Assert.Equal(o.Key, Encoding.UTF8.GetString(o.Result!.Value)));
            Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Peak);
        }

        private static void SetIdleConnectionOpaque(MemcachedClient client, uint opaque)
        {
            const System.Reflection.BindingFlags Private = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
            var nodes = (Array)typeof(MemcachedClient).GetProperty("_nodes", Private)!.GetValue(client)!; // the nodes in use now
            var pool = ((MemcachePS.Core.Cluster.ServerNode)nodes.GetValue(0)!).Pool;
            var idle = (IEnumerable<MemcachePS.Core.Transport.ServerConnection>)pool.GetType().GetField("_idle", Private)!.GetValue(pool)!;
            var connection = Assert.Single(idle);
            typeof(MemcachePS.Core.Transport.ServerConnection).GetField("_opaque", Private)!.SetValue(connection, opaque);
        }

        [Fact]
        public void In_a_batch_only_the_refused_values_fail_and_the_rest_are_stored_on_the_same_connection()
        {
            using var server = MemcachedProcess.Start("-M", "-m", "2");
            using var raw = new RawMemcached(server.Port);
            using var client = new MemcachedClient(Options(server.Address));
            client.Set("first", "v");
            long connections = raw.Stat("total_connections");
            var requests = new List<StoreRequest> { new StoreRequest("a", "1"), new StoreRequest("over-client-limit", new byte[1024 * 1024 + 1]) };
            requests.AddRange(Enumerable.Range(0, 60).Select(i => new StoreRequest("fill-" + i, new byte[100000])));

            var outcomes = client.StoreMany(requests);

            Assert.True(outcomes[0].Result.IsStored);
            Assert.IsType<MemcachedClientException>(outcomes[1].Error);
            var fills = outcomes.Skip(2).ToList();
            Assert.Contains(fills, o => !o.HasError && o.Result.IsStored);
            Assert.Contains(fills, o => o.Error is MemcachedServerException e && e.Message.Contains("out of memory"));
            Assert.All(fills, o => Assert.True(o.HasError ? o.Error is MemcachedServerException : o.Result.IsStored, o.ToString()));
            Assert.Equal("1", client.GetValue("a"));
            Assert.Equal(connections, raw.Stat("total_connections"));
        }
    }
}
