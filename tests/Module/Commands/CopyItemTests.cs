using System;
using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using MemcachePS.Tests.Unit.Infrastructure;
using MemcachePS.Transfer;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Copy-MemcachedItem between two real memcached servers (and two in-memory stores): bytes, flags and remaining
    /// lifetime as they were, checked on the destination with a plain socket; the summary's counts; -Mode Add skips.
    /// </summary>
    public sealed class CopyItemTests : IClassFixture<TwoServersFixture>
    {
        private readonly TwoServersFixture _servers;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 8);

        public CopyItemTests(TwoServersFixture servers) => _servers = servers;

        private string Key(string name) => $"{name}-{_unique}";

        private ModuleRunspace TwoConnections()
        {
            var shell = new ModuleRunspace();
            shell.Run("param($s, $d) $null = Connect-Memcached -Server $s -Name src; $null = Connect-Memcached -Server $d -Name dst",
                new Hashtable { ["s"] = _servers.Source.Address, ["d"] = _servers.Destination.Address });
            return shell;
        }

        private static string Errors(ModuleRunspace.Result result) =>
            string.Join(Environment.NewLine, result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}"));

        private static byte[] Zlib(string text)
        {
            using var output = new MemoryStream();
            using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) z.Write(Encoding.UTF8.GetBytes(text));
            return output.ToArray();
        }

        [Fact]
        public void Listed_keys_are_copied_with_their_bytes_flags_and_remaining_lifetime()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            var items = new (string Key, byte[] Value, uint Flags, long Exptime)[]
            {
                (Key("pickle"), new byte[] { 128, 5, 149, 9, 0, 0, 0, 0, 0, 0, 0, 140, 5, 104, 101, 108, 108, 111, 148, 46 }, 1, 0),
                (Key("foreign"), Encoding.ASCII.GetBytes("xyz"), 12345, 0),
                (Key("zlib"), Zlib("zipped zipped zipped zipped"), 24, 0),
                (Key("json"), Encoding.UTF8.GetBytes("{\"price\": 1.0}"), 4112, 0),
                (Key("hour"), Encoding.UTF8.GetBytes("h"), 16, 3600),
            };
            foreach (var i in items) src.SetRaw(i.Key, new ArraySegment<byte>(i.Value), i.Flags, i.Exptime);
            long sourceLeft = src.RemainingSeconds(Key("hour"))!.Value;
            using var shell = TwoConnections();

            var result = shell.Run($"Get-MemcachedKey -Connection src -Pattern '*-{_unique}' | Copy-MemcachedItem -Connection src -Destination dst");

            Assert.True(result.Errors.Count == 0, Errors(result));
            var summary = result.Single<MemcachedCopyResult>();
            Assert.Equal((5L, 0L, 0L, 0L), (summary.Copied, summary.Skipped, summary.NotFound, summary.Failed));
            foreach (var i in items)
            {
                var stored = dst.GetRaw(i.Key)!.Value;
                Assert.Equal(i.Flags, stored.Flags);
                Assert.Equal(i.Value, stored.Value);
            }
            Assert.InRange(dst.RemainingSeconds(Key("hour"))!.Value, sourceLeft - 3, sourceLeft);
            Assert.Equal(-1, dst.RemainingSeconds(Key("json")));
        }

        [Fact]
        public void Mode_Add_skips_keys_the_destination_has_and_a_missing_key_is_NotFound()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            src.SetRaw(Key("a"), new ArraySegment<byte>(Encoding.ASCII.GetBytes("new")), 0);
            src.SetRaw(Key("b"), new ArraySegment<byte>(Encoding.ASCII.GetBytes("new")), 0);
            dst.SetRaw(Key("a"), new ArraySegment<byte>(Encoding.ASCII.GetBytes("old")), 0);
            using var shell = TwoConnections();

            var result = shell.Run($"Copy-MemcachedItem -Connection src {Key("a")}, {Key("b")}, {Key("none")} -Destination dst -Mode Add");

            var summary = result.Single<MemcachedCopyResult>();
            Assert.Equal((1L, 1L, 1L, 0L), (summary.Copied, summary.Skipped, summary.NotFound, summary.Failed));
            Assert.Equal("ItemNotFound,MemcachePS.Commands.CopyMemcachedItemCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal("old", Encoding.ASCII.GetString(dst.GetRaw(Key("a"))!.Value.Value));
            Assert.Equal("new", Encoding.ASCII.GetString(dst.GetRaw(Key("b"))!.Value.Value));
        }

        [Fact]
        public void WhatIf_copies_nothing()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            src.SetRaw(Key("w"), new ArraySegment<byte>(Encoding.ASCII.GetBytes("v")), 0);
            using var shell = TwoConnections();

            var summary = shell.Run($"Copy-MemcachedItem -Connection src {Key("w")} -Destination dst -WhatIf").Single<MemcachedCopyResult>();

            Assert.Equal(0, summary.Copied);
            Assert.Null(dst.GetRaw(Key("w")));
        }

        [Fact]
        public void In_memory_stores_copy_the_same_way()
        {
            using var shell = new ModuleRunspace();
            var result = shell.Run("$a = Connect-Memcached -InMemory -Name a; $b = Connect-Memcached -InMemory -Name b; " +
                "Set-MemcachedItem -Connection a k1 'text' -TimeToLive 600; Set-MemcachedItem -Connection a k2 @{ price = 1.5 }; " +
                "Copy-MemcachedItem -Connection a k1, k2 -Destination b; Get-MemcachedItem -Connection b k1, k2");

            Assert.True(result.Errors.Count == 0, Errors(result));
            var summary = Assert.IsType<MemcachedCopyResult>(result.Objects.First());
            Assert.Equal(2, summary.Copied);
            var copied = result.Objects.Skip(1).Cast<MemcachedItem>().ToArray();
            Assert.Equal("text", copied[0].Value);
            Assert.InRange(copied[0].TimeToLive!.Value, TimeSpan.FromSeconds(598), TimeSpan.FromSeconds(600));
            Assert.Equal(4112u, copied[1].Flags);
            Assert.Null(copied[1].TimeToLive);
        }

        [Fact]
        public void A_lifetime_that_ran_out_is_expired_and_an_unread_one_unknown_never_never()
        {
            Assert.Equal(LifetimeState.Expired, TransferLifetime.FromRead(new CacheItem("k", new byte[0], 0, 0, null, 0), out _));
            Assert.Equal(LifetimeState.Unknown, TransferLifetime.FromRead(new CacheItem("k", new byte[0], 0, 0, null, null), out _));
            Assert.Equal(LifetimeState.Live, TransferLifetime.FromRead(new CacheItem("k", new byte[0], 0, 0, null, -1), out var never));
            Assert.True(never.IsNever);
            var now = DateTimeOffset.FromUnixTimeSeconds(2_000_000_000);
            Assert.Equal(LifetimeState.Expired, TransferLifetime.FromUnixTime(2_000_000_000, now, out _));
            Assert.Equal(LifetimeState.Live, TransferLifetime.FromUnixTime(2_000_000_090, now, out var ninety));
            Assert.Equal(90, ninety.ToWireValue(now));
        }
    }
}
