using System;
using System.Collections;
using System.Linq;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Get-MemcachedItem shows each item's lifetime (Expires in UTC, TimeToLive left, null for never) from the same round
    /// trip; over the classic protocol it says the lifetime is unknown (LifetimeKnown false) instead of "never".
    /// Get-MemcachedKey shows TimeToLive from the key dump. A real memcached and -InMemory alike.
    /// </summary>
    public sealed class LifetimeOnReadTests : IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedFixture _fixture;

        public LifetimeOnReadTests(MemcachedFixture fixture) => _fixture = fixture;

        private ModuleRunspace Connected(bool inMemory, string protocol = "Auto")
        {
            var shell = new ModuleRunspace();
            if (inMemory) shell.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true });
            else shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { _fixture.Process.Address }, ["Protocol"] = protocol });
            return shell;
        }

        private static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void An_item_read_carries_its_expiry_and_the_time_it_has_left(bool inMemory)
        {
            using var shell = Connected(inMemory);
            string hour = Unique("hour"), never = Unique("never");
            shell.Run($"Set-MemcachedItem {hour} v -TimeToLive 3600; Set-MemcachedItem {never} v");
            DateTime before = DateTime.UtcNow;

            var items = shell.Run($"Get-MemcachedItem {hour}, {never}").Objects.Cast<MemcachedItem>().ToArray();

            Assert.InRange(items[0].TimeToLive!.Value, TimeSpan.FromSeconds(3598), TimeSpan.FromSeconds(3600));
            Assert.Equal(DateTimeKind.Utc, items[0].Expires!.Value.Kind);
            Assert.InRange(items[0].Expires!.Value, before.AddSeconds(3597), DateTime.UtcNow.AddSeconds(3601));
            Assert.True(items[0].LifetimeKnown);
            Assert.Null(items[1].TimeToLive);
            Assert.Null(items[1].Expires);
            Assert.True(items[1].LifetimeKnown);
        }

        [Fact]
        public void Over_the_classic_protocol_the_lifetime_is_unknown_not_never()
        {
            using var shell = Connected(inMemory: false, protocol: "Classic");
            string key = Unique("classic");
            shell.Run($"Set-MemcachedItem {key} v -TimeToLive 3600");

            var item = shell.Run($"Get-MemcachedItem {key}").Single<MemcachedItem>();

            Assert.False(item.LifetimeKnown);
            Assert.Null(item.TimeToLive);
            Assert.Null(item.Expires);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_listed_key_carries_the_time_it_has_left(bool inMemory)
        {
            using var shell = Connected(inMemory);
            string hour = Unique("khour"), never = Unique("knever");
            shell.Run($"Set-MemcachedItem {hour} v -TimeToLive 3600; Set-MemcachedItem {never} v");

            var keys = shell.Run($"Get-MemcachedKey '{hour}'; Get-MemcachedKey '{never}'").Objects.Cast<MemcachedKeyInfo>().ToArray();

            Assert.InRange(keys[0].TimeToLive!.Value, TimeSpan.FromSeconds(3597), TimeSpan.FromSeconds(3600));
            Assert.Null(keys[1].TimeToLive);
        }
    }
}
