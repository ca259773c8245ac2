using System;
using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>A server that answers mn with ERROR is spoken to in the classic protocol, chosen automatically.</summary>
    public sealed class ClassicFallbackTests : IClassFixture<MemcachedFixture>, IDisposable
    {
        private readonly MemcachedFixture _fixture;
        private readonly LegacyServerProxy _legacy;
        private readonly MemcachedClient _client;

        public ClassicFallbackTests(MemcachedFixture fixture)
        {
            _fixture = fixture;
            _legacy = new LegacyServerProxy(fixture.Server.Port);
            _client = new MemcachedClient($"127.0.0.1:{_legacy.Port}"); // ProtocolMode.Auto
        }

        [Fact]
        public void Auto_mode_detects_a_classic_only_server_and_every_operation_works()
        {
            string key = "legacy-" + Guid.NewGuid().ToString("N");
            Assert.Equal(StoreStatus.Stored, _client.Set(key, "v1").Status);
            var item = _client.Gets(key);
            Assert.Equal("v1", Encoding.UTF8.GetString(item!.Value));
            Assert.Equal(StoreStatus.Stored, _client.Cas(key, "v2", item.Cas).Status);
            Assert.Equal(StoreStatus.NotStored, _client.Add(key, "x").Status);
            Assert.Equal(5UL, _client.Increment(key + "-n", 1, initial: 5));
            Assert.Equal(6UL, _client.Increment(key + "-n", 1, initial: 5));
            Assert.True(_client.Touch(key, TimeSpan.FromMinutes(1)));
            Assert.Equal("v2", Encoding.UTF8.GetString(_client.GetAndTouch(key, TimeSpan.FromMinutes(1))!.Value));
            var many = _client.GetMany(new[] { key, key + "-none", key + "-n" });
            Assert.Equal(new[] { "v2", null, "6" }, many.Select(o => o.Result == null ? null : Encoding.UTF8.GetString(o.Result.Value)));
            Assert.All(_client.SetMany(Enumerable.Range(0, 500).Select(i => new System.Collections.Generic.KeyValuePair<string, object?>($"{key}-{i}", i))), o => Assert.True(o.Result.IsStored));
            Assert.True(_client.Delete(key));

            // The only meta command the server ever saw was the one-time mn probe of each new connection.
            Assert.Equal(_client.GetPoolStatistics(_client.Servers[0]).Peak, _legacy.MetaCommandsRefused);
        }

        public void Dispose()
        {
            _client.Dispose();
            _legacy.Dispose();
        }
    }
}
