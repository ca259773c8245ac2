using System;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>An illegal key is refused before a byte is sent: the server's counters do not move.</summary>
    public sealed class KeyRefusalTests : ClientTestBase, IClassFixture<MemcachedFixture>
    {
        public KeyRefusalTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Auto) { }

        public static TheoryData<string> IllegalKeys => new TheoryData<string>
        {
            "with space", "with\rcr", "with\nlf", "with\ttab", "with\0nul", "with\u007Fdel", "with\x01soh", "with\x1fus",
            "get x\r\nset y 0 0 1", new string('k', 251), "",
        };

        [Theory]
        [MemberData(nameof(IllegalKeys))]
        public void An_illegal_key_is_refused_and_nothing_reaches_the_server(string key)
        {
            Client.Set(Key("warm"), "x"); // the connection exists, so any byte sent would show in the counters
            using var raw = new RawMemcached(Server.Port);
            var before = Snapshot(raw);

            Assert.Throws<MemcachedClientException>(() => Client.Get(key));
            Assert.Throws<MemcachedClientException>(() => Client.Set(key, "v"));
            Assert.Throws<MemcachedClientException>(() => Client.Delete(key));
            Assert.Throws<MemcachedClientException>(() => Client.Increment(key, 1, 0));
            Assert.IsType<MemcachedClientException>(Client.GetMany(new[] { key }).Single().Error);
            Assert.IsType<MemcachedClientException>(Client.StoreMany(new[] { new StoreRequest(key, "v") }).Single().Error);
            Assert.IsType<MemcachedClientException>(Client.DeleteMany(new[] { key }).Single().Error);

            var after = Snapshot(raw);
            foreach (var counter in new[] { "cmd_get", "cmd_set", "cmd_touch", "delete_hits", "delete_misses", "incr_misses", "incr_hits" })
                Assert.Equal(before[counter], after[counter]);
            // The only bytes the server read in between are the raw connection's own "stats\r\n".
            Assert.Equal(before["bytes_read"] + "stats\r\n".Length, after["bytes_read"]);
        }

        private static System.Collections.Generic.Dictionary<string, long> Snapshot(RawMemcached raw) =>
            raw.Send("stats\r\n", "END\r\n").Split("\r\n")
                .Select(l => l.Split(' '))
                .Where(p => p.Length == 3 && p[0] == "STAT" && long.TryParse(p[2], out _))
                .ToDictionary(p => p[1], p => long.Parse(p[2]));

        [Fact]
        public void A_key_with_an_unpaired_surrogate_is_refused()
        {
            // Not theory data: the test runner replaces lone surrogates when it passes arguments.
            var e = Assert.Throws<MemcachedClientException>(() => Client.Get("lone\ud800surrogate"));
            Assert.Contains("unpaired surrogate", e.Message);
        }

        [Fact]
        public void A_key_of_250_bytes_is_accepted_and_251_refused()
        {
            string ok = new string('k', 240) + Key("").Substring(1);
            ok = ok.Substring(0, 250);
            Client.Set(ok, "v");
            Assert.NotNull(Client.Get(ok));
            var e = Assert.Throws<MemcachedClientException>(() => Client.Get(ok + "x"));
            Assert.Contains("251 bytes", e.Message);
        }

        [Fact]
        public void Key_length_counts_utf8_bytes_not_characters()
        {
            string twoByteChars = new string('é', 125); // 250 bytes
            Client.Set(twoByteChars, "v");
            Assert.Throws<MemcachedClientException>(() => Client.Get(twoByteChars + "é"));
        }

        [Fact]
        public void The_prefix_counts_towards_the_limit()
        {
            using var prefixed = NewClient(o => o.KeyPrefix = "pfx:");
            Assert.Throws<MemcachedClientException>(() => prefixed.Get(new string('k', 247)));
            Assert.Null(prefixed.Get(new string('k', 246)));
        }

        [Fact]
        public void An_illegal_key_among_good_ones_fails_alone_in_a_multi_key_read()
        {
            Client.Set(Key("good"), "v");
            var outcomes = Client.GetMany(new[] { Key("good"), "bad\r\nkey", Key("good") });
            Assert.NotNull(outcomes[0].Result);
            Assert.IsType<MemcachedClientException>(outcomes[1].Error);
            Assert.NotNull(outcomes[2].Result);
        }
    }
}
