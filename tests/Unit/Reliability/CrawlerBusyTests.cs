using System;
using System.Collections.Generic;
using System.Threading;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// memcached runs one LRU crawl at a time and answers <c>BUSY currently processing crawler request</c> to a key dump
    /// that arrives while another is still being written (two Get-MemcachedKey in a row, or two runspaces). The client
    /// asks again on the same connection until the call's deadline, instead of failing at once.
    /// </summary>
    public sealed class CrawlerBusyTests
    {
        private const string Busy = "BUSY currently processing crawler request\r\n";
        private const string OneKey = "key=k exp=-1 la=1700000000 cas=1 fetch=no cls=1 size=60\nEND\r\n";

        private static MemcachedClient ClientFor(FakeServer server, TimeSpan timeout) =>
            new MemcachedClient(new MemcachedClientOptions { OperationTimeout = timeout, ServerFailureLimit = 10 }.AddServer(server.Address));

        [Fact]
        public void A_dump_that_meets_a_running_crawl_asks_again_on_the_same_connection()
        {
            int requests = 0;
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                for (int i = 0; i < 3; i++)
                {
                    Assert.Equal("lru_crawler metadump all", await c.ReadLineAsync());
                    Interlocked.Increment(ref requests);
                    await c.WriteAsync(Busy);
                }
                Assert.Equal("lru_crawler metadump all", await c.ReadLineAsync());
                Interlocked.Increment(ref requests);
                await c.WriteAsync(OneKey);
                await c.SwallowAsync();
            });
            using var client = ClientFor(server, TimeSpan.FromSeconds(5));
            var keys = new List<string>();

            client.DumpKeys(client.Servers[0], e => { keys.Add(e.Key); return true; });

            Assert.Equal(new[] { "k" }, keys);
            Assert.Equal(4, Volatile.Read(ref requests));
            Assert.Equal(1, server.Accepted);
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
        }

        [Fact]
        public void A_crawl_that_stays_busy_ends_the_dump_at_its_deadline_with_the_servers_word()
        {
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.AnswerHandshakeAsync();
                while (true)
                {
                    await c.ReadLineAsync();
                    await c.WriteAsync(Busy);
                }
            });
            using var client = ClientFor(server, TimeSpan.FromMilliseconds(300));

            var e = Assert.Throws<MemcachedServerException>(() => client.DumpKeys(client.Servers[0], _ => true));

            Assert.Contains("busy with another LRU crawl", e.Message);
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
        }
    }
}
