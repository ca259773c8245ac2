using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using MemcachePS.Core;
using MemcachePS.Core.Serialization;
using MemcachePS.Tests.Unit.Client;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>
    /// pylibmc with <c>binary=True, username=…, password=…</c> as the peer through memcached -S: values and flags cross both
    /// ways, and a counter either side creates the other can read and step (tests/Peers/python/sasl.py).
    /// </summary>
    public sealed class PylibmcSaslInteropTests : IClassFixture<SaslMemcachedFixture>
    {
        private readonly SaslMemcachedFixture _fixture;
        private readonly string _prefix = "py-" + Guid.NewGuid().ToString("N").Substring(0, 6) + "-";

        public PylibmcSaslInteropTests(SaslMemcachedFixture fixture) => _fixture = fixture;

        private MemcachedClient Client() => new MemcachedClient(new MemcachedClientOptions
        {
            Protocol = ProtocolMode.Binary,
            Credential = _fixture.Credential,
        }.AddServer(_fixture.Server.Address));

        private Dictionary<string, string> Pylibmc(string command, IEnumerable<object> cases)
        {
            string input = JsonSerializer.Serialize(new { user = SaslMemcachedFixture.User, password = SaslMemcachedFixture.Password, cases });
            return PythonPeer.Run("sasl.py", new[] { command, _fixture.Server.Port.ToString() }, input)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement)
                .ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("result").GetString()!);
        }

        [Fact]
        public void Values_pylibmc_stores_with_SASL_come_back_with_its_flags_and_decode()
        {
            var written = Pylibmc("write", new object[]
            {
                new { key = _prefix + "str", python = "'h\\u00e9llo \\u2603'" },
                new { key = _prefix + "bytes", python = "b'\\x00\\x01\\xff\\r\\n'" },
                new { key = _prefix + "int", python = "42" },
            });
            Assert.All(written.Values, r => Assert.Equal("STORED", r));

            using var client = Client();
            var transcoder = new DefaultTranscoder();
            var text = client.Get(_prefix + "str")!;
            Assert.Equal(16u, text.Flags);
            Assert.Equal("héllo ☃", transcoder.Decode(new ArraySegment<byte>(text.Value), text.Flags));
            var bytes = client.Get(_prefix + "bytes")!;
            Assert.Equal(0u, bytes.Flags);
            Assert.Equal(new byte[] { 0, 1, 255, 13, 10 }, bytes.Value);
            var number = client.Get(_prefix + "int")!;
            Assert.Equal(4u, number.Flags); // pylibmc writes int under flag 4 (long)
            Assert.Equal(42L, Convert.ToInt64(transcoder.Decode(new ArraySegment<byte>(number.Value), number.Flags)));
        }

        [Fact]
        public void Values_we_store_with_SASL_are_read_by_pylibmc_as_the_same_python_values()
        {
            using var client = Client();
            client.Set(_prefix + "ours_str", "h\u00e9llo \u2603");
            client.Set(_prefix + "ours_int", 42);
            client.Set(_prefix + "ours_bytes", new byte[] { 0, 1, 255, 13, 10 });
            var read = Pylibmc("read", new object[]
            {
                new { key = _prefix + "ours_str", expected = "'h\\u00e9llo \\u2603'" },
                new { key = _prefix + "ours_int", expected = "42" },
                new { key = _prefix + "ours_bytes", expected = "b'\\x00\\x01\\xff\\r\\n'" },
            });
            Assert.All(read, r => Assert.Equal("PASS", r.Value));
        }

        [Fact]
        public void A_counter_we_create_reads_as_a_number_in_pylibmc_and_steps_on_both_sides()
        {
            using var client = Client();
            string key = _prefix + "counter";
            Assert.Equal(5UL, client.Increment(key, 1, initial: 5)); // created with add under the integer flags (docs/FLAGS.md)
            Assert.Equal("PASS", Pylibmc("read", new object[] { new { key, expected = "5" } })[key]);
            Assert.Equal("6", Pylibmc("incr", new object[] { new { key } })[key]);
            Assert.Equal(7UL, client.Increment(key, 1));
            Assert.Equal("7", Encoding.ASCII.GetString(client.Get(key)!.Value));
        }
    }
}
