using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Core.Protocol;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// A scripted server answering the binary protocol wrongly: a reply with another request's opaque token, a body length
    /// of 4 GiB, a header cut off by a close, garbage magic. Each closes the connection with a clear error, never returns
    /// another key's value or allocates what the header announces, and the next operation works on a new connection.
    /// </summary>
    public sealed class BinaryHostileServerTests
    {
        private readonly ITestOutputHelper _output;

        public BinaryHostileServerTests(ITestOutputHelper output) => _output = output;

        private static MemcachedClientOptions Options(FakeServer server) => new MemcachedClientOptions
        {
            Protocol = ProtocolMode.Binary,
            ItemSizeMax = 1024 * 1024, // no handshake: the first request is the caller's
            OperationTimeout = TimeSpan.FromSeconds(1),
            ConnectTimeout = TimeSpan.FromSeconds(1),
            ServerFailureLimit = 10, // two closed connections in a row are failures; here the next call must still be tried
        }.AddServer(server.Address);

        /// <summary>Reads one binary request: its opcode, opaque and key.</summary>
        private static async Task<(byte Opcode, uint Opaque, string Key)> ReadRequestAsync(FakeConnection c)
        {
            byte[] header = await c.ReadBytesAsync(24);
            Assert.Equal(0x80, header[0]);
            int keyLength = (header[2] << 8) | header[3];
            int extras = header[4];
            int body = (int)BinaryResponseParser.ReadUInt32(header, 8);
            byte[] rest = await c.ReadBytesAsync(body);
            return (header[1], BinaryResponseParser.ReadUInt32(header, 12), System.Text.Encoding.UTF8.GetString(rest, extras, keyLength));
        }

        /// <summary>The healthy connection after a hostile one: every GetK is a hit carrying its own key, value "ok".</summary>
        private static async Task ServeHits(FakeConnection c)
        {
            while (true)
            {
                var (opcode, opaque, key) = await ReadRequestAsync(c);
                await c.WriteAsync(ParserFuzzTests.BinaryPacket(opcode, 0, opaque, 1, new byte[4], key, "ok"));
            }
        }

        [Theory]
        [InlineData("wrong opaque")]
        [InlineData("wrong opcode")]
        [InlineData("huge body")]
        [InlineData("truncated header")]
        [InlineData("garbage magic")]
        public async Task A_hostile_binary_reply_closes_the_connection_with_a_clear_error_and_the_next_call_works(string fault)
        {
            using var server = new FakeServer(n => n == 0 ? c => Fault(c, fault) : n == 1 ? c => Fault(c, fault) : ServeHits);
            using var client = new MemcachedClient(Options(server));
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            var sync = Assert.ThrowsAny<MemcachedException>(() => client.Get("key1"));
            watch.Stop();
            long bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var asyncError = await Assert.ThrowsAnyAsync<MemcachedException>(() => client.GetAsync("key1"));
            _output.WriteLine($"{fault}: {sync.GetType().Name} '{sync.Message}' after {watch.ElapsedMilliseconds} ms, {bytes:N0} bytes allocated; async: {asyncError.GetType().Name}");
            foreach (var e in new[] { sync, asyncError })
            {
                if (fault == "truncated header") Assert.IsType<MemcachedConnectionException>(e);
                else Assert.IsType<MemcachedProtocolException>(e);
            }
            Assert.True(watch.ElapsedMilliseconds < 900, "ended by the fault, not the deadline");
            Assert.True(bytes < 1024 * 1024, $"{bytes} bytes allocated");
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open); // closed, never pooled
            Assert.Equal("ok", System.Text.Encoding.UTF8.GetString(client.Get("key2")!.Value)); // a new connection works
            var many = client.GetMany(new[] { "a", "b", "c" });
            Assert.All(many, o => Assert.Equal(o.Key, o.Result!.Key));
        }

        private static async Task Fault(FakeConnection c, string fault)
        {
            var (opcode, opaque, key) = await ReadRequestAsync(c);
            byte[] reply = ParserFuzzTests.BinaryPacket(opcode, 0, opaque, 1, new byte[4], key, "value-of-" + key);
            switch (fault)
            {
                case "wrong opaque":
                    reply = ParserFuzzTests.BinaryPacket(opcode, 0, opaque - 1, 1, new byte[4], "other", "value-of-other");
                    break;
                case "wrong opcode":
                    reply = ParserFuzzTests.BinaryPacket(BinaryOpcode.Increment, 0, opaque, 1, value: "\0\0\0\0\0\0\0\x01");
                    break;
                case "huge body":
                    reply[8] = reply[9] = reply[10] = reply[11] = 0xFF; // 4 GiB announced, a few bytes sent
                    break;
                case "truncated header":
                    await c.WriteAsync(reply.Take(13).ToArray());
                    c.Close();
                    return;
                case "garbage magic":
                    reply = System.Text.Encoding.ASCII.GetBytes("VALUE key1 0 5\r\nhello\r\nEND\r\n" + new string(' ', 24));
                    break;
            }
            await c.WriteAsync(reply);
            await c.SwallowAsync();
        }

        [Fact]
        public async Task A_quiet_batch_reply_for_a_request_it_did_not_make_closes_the_connection()
        {
            // GetKQ for three keys, then a no-op: the server answers a hit carrying an opaque no request used.
            using var server = new FakeServer(n => n == 0 ? async c =>
            {
                uint first = 0;
                for (int i = 0; i < 4; i++)
                {
                    var (opcode, opaque, key) = await ReadRequestAsync(c);
                    if (i == 0) first = opaque;
                }
                await c.WriteAsync(ParserFuzzTests.BinaryPacket(BinaryOpcode.GetKQ, 0, first + 7, 1, new byte[4], "a", "stolen"));
                await c.SwallowAsync();
            } : ServeHits);
            using var client = new MemcachedClient(Options(server));
            var outcomes = await client.GetManyAsync(new[] { "a", "b", "c" });
            Assert.All(outcomes, o => Assert.IsType<MemcachedProtocolException>(o.Error));
            Assert.All(outcomes, o => Assert.Null(o.Result));
            Assert.Equal("ok", System.Text.Encoding.UTF8.GetString(client.Get("a")!.Value));
        }
    }
}
