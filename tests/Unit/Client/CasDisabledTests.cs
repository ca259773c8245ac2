using System;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>A real memcached started with -C: it keeps no CAS tokens (stats settings says cas_enabled no).</summary>
    public sealed class CasDisabledFixture : IDisposable
    {
        public MemcachedProcess Server { get; } = MemcachedProcess.Start("-C");
        public void Dispose() => Server.Dispose();
    }

    /// <summary>
    /// memcached -C reads back every item with CAS 0 and answers EXISTS to every compare-and-swap (classic <c>cas</c>,
    /// meta <c>ms C</c>), whatever the token: a script retrying "changed since read" would retry for ever, and one that
    /// passes the 0 it read as "no CAS" overwrites blindly. The client knows from the handshake (cas_enabled no) and
    /// refuses a CAS write to such a server before sending it, saying why.
    /// </summary>
    public abstract class CasDisabledTests : IDisposable
    {
        private readonly CasDisabledFixture _fixture;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 10);

        protected CasDisabledTests(CasDisabledFixture fixture, ProtocolMode mode)
        {
            _fixture = fixture;
            var options = new MemcachedClientOptions { Protocol = mode };
            options.AddServer(fixture.Server.Address);
            Client = new MemcachedClient(options);
        }

        private MemcachedClient Client { get; }
        private string Key(string name) => $"{name}-{_unique}";

        public void Dispose() => Client.Dispose();

        [Fact]
        public void Gets_reports_cas_0_because_the_server_keeps_no_tokens()
        {
            string key = Key("gets");
            Client.Set(key, "one");
            Assert.Equal(0UL, Client.Gets(key)!.Cas);
        }

        [Fact]
        public void A_cas_write_is_refused_before_sending_and_the_value_stays()
        {
            string key = Key("cas");
            Client.Set(key, "one");
            using var raw = new RawMemcached(_fixture.Server.Port);
            long sets = raw.Stat("cmd_set");

            StoreResult? answer = null;
            var error = Record.Exception(() => answer = Client.Cas(key, "two", 12345));

            Assert.True(error is MemcachedClientException,
                $"Expected a refusal; got {(error == null ? answer!.Value.Status.ToString() : error.GetType().Name + ": " + error.Message)}; cmd_set {sets} -> {raw.Stat("cmd_set")}.");
            Assert.Contains("CAS disabled", error!.Message);
            Assert.Contains("-C", error.Message);
            Assert.Equal(sets, raw.Stat("cmd_set"));
            Assert.Equal("one", Client.GetValue(key));
        }

        [Fact]
        public void A_cas_write_in_a_batch_fails_its_key_alone()
        {
            string key = Key("batch"), other = Key("batch-other");
            Client.Set(key, "one");
            using var raw = new RawMemcached(_fixture.Server.Port);
            long sets = raw.Stat("cmd_set");

            var outcomes = Client.StoreMany(new[] { new StoreRequest(key, "two", StoreMode.Set, default, cas: 777), new StoreRequest(other, "x") });

            Assert.True(outcomes[0].HasError, "the CAS write answered " + (outcomes[0].HasError ? "" : outcomes[0].Result.Status.ToString()));
            Assert.IsType<MemcachedClientException>(outcomes[0].Error);
            Assert.Equal(StoreStatus.Stored, outcomes[1].Result.Status);
            Assert.Equal(sets + 1, raw.Stat("cmd_set"));
            Assert.Equal("one", Client.GetValue(key));
        }

        [Fact]
        public void A_write_without_a_token_is_an_ordinary_set()
        {
            string key = Key("plain");
            Assert.True(Client.Store(StoreMode.Set, key, new ArraySegment<byte>(Encoding.UTF8.GetBytes("v")), 0, default, cas: 0).IsStored);
        }
    }

    public sealed class MetaProtocolCasDisabledTests : CasDisabledTests, IClassFixture<CasDisabledFixture>
    {
        public MetaProtocolCasDisabledTests(CasDisabledFixture fixture) : base(fixture, ProtocolMode.Meta) { }
    }

    public sealed class ClassicProtocolCasDisabledTests : CasDisabledTests, IClassFixture<CasDisabledFixture>
    {
        public ClassicProtocolCasDisabledTests(CasDisabledFixture fixture) : base(fixture, ProtocolMode.Classic) { }
    }
}
