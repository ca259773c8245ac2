using System;
using System.Collections;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Which lifetime Set-MemcachedItem gives an item when -TimeToLive and -ExpiresAt come from the command line or from
    /// piped objects' properties: the command line wins over a property, one lifetime per item, never a guess. Checked with
    /// the lifetime the server recorded (mg t).
    /// </summary>
    public sealed class LifetimeBindingTests : IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedFixture _server;

        public LifetimeBindingTests(MemcachedFixture server) => _server = server;

        private ModuleRunspace Connected()
        {
            var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = _server.Process.Address });
            return shell;
        }

        private long? Left(string key)
        {
            using var client = new MemcachedClient(_server.Process.Address);
            return client.GetMany(new[] { key })[0].Result?.TimeToLiveSeconds;
        }

        [Fact]
        public void Rows_with_a_TimeToLive_or_an_ExpiresAt_column_each_get_theirs()
        {
            using var shell = Connected();
            var result = shell.Run("[pscustomobject]@{ Key = 'lb-ttl'; Value = 1; TimeToLive = 600 }, " +
                                   "[pscustomobject]@{ Key = 'lb-at'; Value = 2; ExpiresAt = (Get-Date).AddSeconds(900) }, " +
                                   "[pscustomobject]@{ Key = 'lb-none'; Value = 3 } | Set-MemcachedItem");

            Assert.Empty(result.Errors);
            Assert.InRange(Left("lb-ttl")!.Value, 590, 600);
            Assert.InRange(Left("lb-at")!.Value, 890, 901); // memcached counts from its own clock, to the second
            Assert.Equal(-1, Left("lb-none"));
        }

        [Fact]
        public void A_lifetime_on_the_command_line_wins_over_a_piped_ExpiresAt()
        {
            using var shell = Connected();
            var result = shell.Run("[pscustomobject]@{ Key = 'lb-cmd'; Value = 1; ExpiresAt = (Get-Date).AddSeconds(900) } | Set-MemcachedItem -TimeToLive 300");

            Assert.Empty(result.Errors);
            Assert.InRange(Left("lb-cmd")!.Value, 290, 300);
        }

        [Fact]
        public void A_row_with_both_columns_is_refused_and_the_others_are_written()
        {
            using var shell = Connected();
            var result = shell.Run("[pscustomobject]@{ Key = 'lb-both'; Value = 1; TimeToLive = 60; ExpiresAt = (Get-Date).AddSeconds(900) }, " +
                                   "[pscustomobject]@{ Key = 'lb-after'; Value = 2; TimeToLive = 60 } | Set-MemcachedItem");

            Assert.Single(result.Errors);
            Assert.Null(Left("lb-both"));
            Assert.InRange(Left("lb-after")!.Value, 50, 60);
        }

        [Fact]
        public void Both_on_the_command_line_end_the_command_before_anything_is_sent()
        {
            using var shell = Connected();
            var result = shell.Run("Set-MemcachedItem -Key lb-two -Value 1 -TimeToLive 60 -ExpiresAt (Get-Date).AddSeconds(900)");

            Assert.Single(result.Errors);
            Assert.Null(Left("lb-two"));
        }
    }
}
