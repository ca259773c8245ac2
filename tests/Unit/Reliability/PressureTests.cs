using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// Pressure is not an outage: a call that waited in vain for a pooled connection (every connection busy) is the
    /// caller's timeout, never counted toward marking the server dead.
    /// </summary>
    public sealed class PressureTests
    {
        private readonly ITestOutputHelper _output;

        public PressureTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task Waits_for_the_only_connection_held_by_a_key_dump_time_out_without_marking_the_server_dead()
        {
            using var server = MemcachedProcess.Start();
            var options = new MemcachedClientOptions
            {
                MaxConnectionsPerServer = 1,
                OperationTimeout = TimeSpan.FromMilliseconds(300),
                ServerFailureLimit = 1, // a single pool wait counted as a failure would mark it dead
            }.AddServer(server.Address);
            using var client = new MemcachedClient(options);
            client.SetMany(Enumerable.Range(0, 50).Select(i => new System.Collections.Generic.KeyValuePair<string, object?>("dump-" + i, "v")));
            var holding = new ManualResetEventSlim();
            var release = new ManualResetEventSlim();
            var dump = Task.Run(() => client.DumpKeys(client.Servers[0], _ =>
            {
                holding.Set();
                return release.Wait(TimeSpan.FromSeconds(30)); // a slow consumer of the listing holds the only connection
            }));
            Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));

            int timedOut = 0;
            try
            {
                for (int round = 0; round < 3; round++)
                {
                    Assert.Throws<MemcachedTimeoutException>(() => client.Get("dump-1"));
                    await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.GetAsync("dump-1"));
                    Assert.IsType<MemcachedTimeoutException>(Assert.Single(client.GetMany(new[] { "dump-2" })).Error);
                    Assert.IsType<MemcachedTimeoutException>(Assert.Single(await client.GetManyAsync(new[] { "dump-2" })).Error);
                    timedOut += 4;
                    Assert.Null(client.GetDeadUntil(client.Servers[0]));
                }
            }
            finally
            {
                release.Set();
            }
            await dump;

            _output.WriteLine($"{timedOut} waits for the busy pool timed out; the server is {(client.GetDeadUntil(client.Servers[0]) == null ? "alive" : "dead")}.");
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Equal("v", client.GetValue("dump-1"));
            Assert.Equal("v", await client.GetValueAsync("dump-2"));
        }
    }
}
