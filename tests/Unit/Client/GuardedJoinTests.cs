using System;
using System.Text;
using MemcachePS.Core;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>
    /// <see cref="StoreRequest.GuardedJoin"/>: an append held to the CAS token it was checked under. The meta protocol
    /// refuses it on the server once the item changed; the classic protocol cannot carry the token with an append, so it
    /// joins unguarded there instead of failing.
    /// </summary>
    public sealed class GuardedJoinTests : ClientTestBase, IClassFixture<MemcachedFixture>
    {
        public GuardedJoinTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Meta) { }

        private static ArraySegment<byte> Bytes(string text) => new ArraySegment<byte>(Encoding.UTF8.GetBytes(text));

        [Fact]
        public void A_join_under_the_token_read_is_stored()
        {
            string key = Key("join");
            Client.Set(key, "mid");
            ulong cas = Client.GetMany(new[] { key }, withCas: true)[0].Result!.Cas;

            var outcome = Client.StoreMany(new[] { StoreRequest.GuardedJoin(key, Bytes(">"), 16, StoreMode.Append, cas) })[0];

            Assert.Equal(StoreStatus.Stored, outcome.Result.Status);
            Assert.Equal("mid>", Client.GetValue(key));
        }

        [Fact]
        public void A_join_after_the_item_changed_is_refused_on_the_server()
        {
            string key = Key("raced");
            Client.Set(key, "mid");
            ulong cas = Client.GetMany(new[] { key }, withCas: true)[0].Result!.Cas;
            Client.Set(key, "rewritten");

            var outcome = Client.StoreMany(new[] { StoreRequest.GuardedJoin(key, Bytes(">"), 16, StoreMode.Append, cas) })[0];

            Assert.Equal(StoreStatus.Exists, outcome.Result.Status);
            Assert.Equal("rewritten", Client.GetValue(key));
        }

        [Fact]
        public void The_classic_protocol_joins_unguarded_instead_of_refusing()
        {
            using var classic = NewClient(o => o.Protocol = ProtocolMode.Classic);
            string key = Key("classic");
            classic.Set(key, "mid");
            ulong cas = classic.GetMany(new[] { key }, withCas: true)[0].Result!.Cas;

            var outcome = classic.StoreMany(new[] { StoreRequest.GuardedJoin(key, Bytes(">"), 16, StoreMode.Prepend, cas) })[0];

            Assert.False(outcome.HasError, outcome.Error?.Message);
            Assert.Equal(StoreStatus.Stored, outcome.Result.Status);
            Assert.Equal(">mid", classic.GetValue(key));
        }

        [Fact]
        public void Only_append_and_prepend_can_be_guarded_joins() =>
            Assert.Throws<ArgumentException>(() => StoreRequest.GuardedJoin("k", Bytes("x"), 0, StoreMode.Set, 1));
    }
}
