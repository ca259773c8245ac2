using System;
using System.Linq;
using System.Threading;
using MemcachePS.Core;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>
    /// Many callers sharing few pooled connections over several servers: a synchronous batch never waits for one
    /// server's connection while holding another's, so callers that take the servers in different orders cannot
    /// deadlock each other until their deadlines.
    /// </summary>
    public sealed class ContentionTests : IDisposable
    {
        private readonly MemcachedProcess _first = MemcachedProcess.Start();
        private readonly MemcachedProcess _second = MemcachedProcess.Start();

        public void Dispose()
        {
            _first.Dispose();
            _second.Dispose();
        }

        [Fact]
        public void Callers_taking_the_servers_in_opposite_orders_all_complete_with_one_connection_per_server()
        {
            using var client = new MemcachedClient(new MemcachedClientOptions { MaxConnectionsPerServer = 1, OperationTimeout = TimeSpan.FromSeconds(2) }
                .AddServer(_first.Address).AddServer(_second.Address));
            var keys = Enumerable.Range(0, 40).Select(i => "contended-" + i).ToArray();
            var onFirst = keys.Where(k => client.GetServer(k).Equals(client.Servers[0])).ToArray();
            var onSecond = keys.Where(k => client.GetServer(k).Equals(client.Servers[1])).ToArray();
            Assert.NotEmpty(onFirst);
            Assert.NotEmpty(onSecond);
            foreach (var key in keys) Assert.True(client.Set(key, key).IsStored);
            // Half the callers list the first server's keys first, half the second's: the order their servers are taken in.
            var forward = onFirst.Concat(onSecond).ToArray();
            var backward = onSecond.Concat(onFirst).ToArray();
            int failures = 0;

            var callers = Enumerable.Range(0, 8).Select(n => new Thread(() =>
            {
                var order = n % 2 == 0 ? forward : backward;
                for (int i = 0; i < 200; i++)
                    foreach (var outcome in client.GetMany(order))
                        if (outcome.HasError || outcome.Result == null) Interlocked.Increment(ref failures);
            })).ToList();
            callers.ForEach(t => t.Start());
            callers.ForEach(t => t.Join());

            Assert.Equal(0, failures);
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Null(client.GetDeadUntil(client.Servers[1]));
        }
    }
}
