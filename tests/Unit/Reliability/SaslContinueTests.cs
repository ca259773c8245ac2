using System;
using System.Collections.Concurrent;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// SASL's "continue" (status 0x21), which memcached's PLAIN never sends: a scripted binary server (the real one will
    /// not) asks for one more step, then for steps without end. The client follows a step with SASL_STEP and gives up,
    /// loudly and without sending its password again, after a bounded number of them.
    /// </summary>
    public sealed class SaslContinueTests
    {
        private const byte ListMechs = 0x20, Auth = 0x21, Step = 0x22, Stat = 0x10, Noop = 0x0a;

        /// <summary>The reads (get, getk, gat, gatk) and their quiet forms, which say nothing for a miss.</summary>
        private static readonly byte[] Reads = { 0x00, 0x0c, 0x1d, 0x23 }, QuietReads = { 0x09, 0x0d, 0x1e, 0x24 };

        /// <summary>A binary server: PLAIN offered, <paramref name="continues"/> "continue" answers before success (-1: never
        /// succeeds), every request's opcode and body recorded.</summary>
        private static Func<FakeConnection, Task> Script(int continues, ConcurrentQueue<(byte Opcode, string Body)> seen) => async c =>
        {
            int asked = 0;
            while (true)
            {
                byte[] header = await c.ReadBytesAsync(24);
                if (header[0] != 0x80) throw new InvalidOperationException($"not a binary request: magic 0x{header[0]:X2}");
                byte opcode = header[1];
                int bodyLength = (header[8] << 24) | (header[9] << 16) | (header[10] << 8) | header[11];
                byte[] body = bodyLength > 0 ? await c.ReadBytesAsync(bodyLength) : Array.Empty<byte>();
                uint opaque = (uint)((header[12] << 24) | (header[13] << 16) | (header[14] << 8) | header[15]);
                seen.Enqueue((opcode, Encoding.UTF8.GetString(body)));
                switch (opcode)
                {
                    case ListMechs:
                        await c.WriteAsync(Reply(opcode, 0, opaque, "", "PLAIN"));
                        break;
                    case Auth:
                    case Step:
                        bool more = continues < 0 || asked < continues;
                        asked++;
                        await c.WriteAsync(more ? Reply(opcode, 0x21, opaque, "", "") : Reply(opcode, 0, opaque, "", "Authenticated"));
                        break;
                    case Stat:
                        await c.WriteAsync(Reply(opcode, 0, opaque, "item_size_max", "1048576"));
                        await c.WriteAsync(Reply(opcode, 0, opaque, "", ""));
                        break;
                    case Noop:
                        await c.WriteAsync(Reply(opcode, 0, opaque, "", ""));
                        break;
                    default:
                        if (Array.IndexOf(QuietReads, opcode) >= 0) break; // a miss: nothing
                        if (Array.IndexOf(Reads, opcode) >= 0)
                        {
                            await c.WriteAsync(Reply(opcode, 1, opaque, "", "Not found"));
                            break;
                        }
                        await c.WriteAsync(Reply(opcode, 0x81, opaque, "", "Unknown command"));
                        break;
                }
            }
        };

        private static byte[] Reply(byte opcode, ushort status, uint opaque, string key, string value)
        {
            byte[] k = Encoding.ASCII.GetBytes(key), v = Encoding.ASCII.GetBytes(value);
            var r = new byte[24 + k.Length + v.Length];
            r[0] = 0x81;
            r[1] = opcode;
            r[2] = (byte)(k.Length >> 8); r[3] = (byte)k.Length;
            r[6] = (byte)(status >> 8); r[7] = (byte)status;
            int body = k.Length + v.Length;
            r[8] = (byte)(body >> 24); r[9] = (byte)(body >> 16); r[10] = (byte)(body >> 8); r[11] = (byte)body;
            r[12] = (byte)(opaque >> 24); r[13] = (byte)(opaque >> 16); r[14] = (byte)(opaque >> 8); r[15] = (byte)opaque;
            Buffer.BlockCopy(k, 0, r, 24, k.Length);
            Buffer.BlockCopy(v, 0, r, 24 + k.Length, v.Length);
            return r;
        }

        private static MemcachedClient Client(FakeServer server) => new MemcachedClient(new MemcachedClientOptions
        {
            Protocol = ProtocolMode.Binary,
            OperationTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            Credential = new MemcachedCredential("admin", "s3cret-pw"),
        }.AddServer(server.Address));

        [Fact]
        public void A_server_that_asks_to_continue_once_gets_a_step_without_the_password_and_then_serves()
        {
            var seen = new ConcurrentQueue<(byte Opcode, string Body)>();
            using var server = FakeServer.WithScripts(Script(continues: 1, seen));
            using var client = Client(server);

            Assert.Null(client.Get("k"));

            var requests = seen.ToArray();
            Assert.Equal(new[] { ListMechs, Auth, Step }, Array.ConvertAll(requests[..3], r => r.Opcode));
            Assert.Equal("PLAIN\0admin\0s3cret-pw", requests[1].Body);
            Assert.Equal("PLAIN", requests[2].Body);
            Assert.Contains(requests, r => Array.IndexOf(Reads, r.Opcode) >= 0 || Array.IndexOf(QuietReads, r.Opcode) >= 0);
            Assert.Empty(server.ScriptErrors);
        }

        [Fact]
        public void A_server_that_never_stops_asking_is_given_up_after_a_few_steps_with_an_error()
        {
            var seen = new ConcurrentQueue<(byte Opcode, string Body)>();
            using var server = FakeServer.WithScripts(Script(continues: -1, seen));
            using var client = Client(server);

            var error = Assert.ThrowsAny<MemcachedException>(() => client.Get("k"));

            Assert.Contains("SASL", error.Message);
            var requests = seen.ToArray();
            int steps = Array.FindAll(requests, r => r.Opcode == Step).Length;
            Assert.InRange(steps, 1, 8);
            Assert.Equal(1, Array.FindAll(requests, r => r.Body.Contains("s3cret-pw")).Length);
            Assert.DoesNotContain(requests, r => Array.IndexOf(Reads, r.Opcode) >= 0 || Array.IndexOf(QuietReads, r.Opcode) >= 0);
            Assert.DoesNotContain("s3cret-pw", error.ToString());
        }
    }
}
