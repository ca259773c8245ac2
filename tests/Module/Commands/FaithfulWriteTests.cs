using System;
using System.Collections;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>Two real memcached servers: a source written by "other clients" and a destination.</summary>
    public sealed class TwoServersFixture : IDisposable
    {
        public MemcachedProcess Source { get; } = MemcachedProcess.Start();
        public MemcachedProcess Destination { get; } = MemcachedProcess.Start();

        public void Dispose()
        {
            Source.Dispose();
            Destination.Dispose();
        }
    }

    /// <summary>
    /// Faithful by default (issue 13): an item piped from Get-MemcachedItem into Set-MemcachedItem is written with the
    /// bytes, flags and remaining lifetime it was read with, unless the script changed its Value or gave a lifetime.
    /// What the destination holds is read with a plain socket (bytes, flags, <c>mg key t</c>), not through the module.
    /// </summary>
    public sealed class FaithfulWriteTests : IClassFixture<TwoServersFixture>
    {
        private readonly TwoServersFixture _servers;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 8);

        public FaithfulWriteTests(TwoServersFixture servers) => _servers = servers;

        private string Key(string name) => $"{name}-{_unique}";

        /// <summary>A Python pickle (protocol 5) of {'a': 1, 'b': [1.5, 'x']}, as pymemcache stores it under flag 1.</summary>
        private static readonly byte[] Pickle =
        {
            128, 5, 149, 32, 0, 0, 0, 0, 0, 0, 0, 125, 148, 40, 140, 1, 97, 148, 75, 1, 140, 1, 98, 148, 93, 148, 40, 71, 63, 248, 0, 0, 0, 0,
            0, 0, 140, 1, 120, 148, 101, 117, 46,
        };

        private static byte[] Zlib(string text)
        {
            using var output = new MemoryStream();
            using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                z.Write(bytes, 0, bytes.Length);
            }
            return output.ToArray();
        }

        private static void SetRaw(RawMemcached raw, string key, byte[] value, uint flags, int exptime)
        {
            raw.SetRaw(key, new ArraySegment<byte>(value), flags, exptime);
        }

        private static void NoErrors(ModuleRunspace.Result result) =>
            Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}")));

        private static string Id(ModuleRunspace.Result result) =>
            result.Errors.Count == 1 ? result.Errors[0].FullyQualifiedErrorId : string.Join(Environment.NewLine, result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}"));

        private ModuleRunspace TwoConnections()
        {
            var shell = new ModuleRunspace();
            shell.Run("param($s, $d) $null = Connect-Memcached -Server $s -Name src; $null = Connect-Memcached -Server $d -Name dst",
                new Hashtable { ["s"] = _servers.Source.Address, ["d"] = _servers.Destination.Address });
            return shell;
        }

        [Fact]
        public void The_issue_pipeline_keeps_pickles_foreign_flags_compressed_bytes_json_text_and_lifetimes()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            var items = new (string Key, byte[] Value, uint Flags, int Exptime)[]
            {
                (Key("pickle"), Pickle, 1, 0),
                (Key("foreign"), Encoding.ASCII.GetBytes("java-serialized?"), 12345, 0),
                (Key("zlib"), Zlib("compressed text, compressed text, compressed text"), 24, 0),
                (Key("json"), Encoding.UTF8.GetBytes("{\"price\": 1.0}"), 4112, 0),
                (Key("hour"), Encoding.UTF8.GetBytes("one hour"), 16, 3600),
            };
            foreach (var i in items) SetRaw(src, i.Key, i.Value, i.Flags, i.Exptime);
            long sourceLeft = src.RemainingSeconds(Key("hour"))!.Value;
            using var shell = TwoConnections();

            var result = shell.Run($"Get-MemcachedKey -Connection src -Pattern '*-{_unique}' | Get-MemcachedItem -Connection src | Set-MemcachedItem -Connection dst");

            NoErrors(result);
            foreach (var i in items)
            {
                var stored = dst.GetRaw(i.Key);
                Assert.True(stored.HasValue, i.Key + " was not copied");
                Assert.Equal(i.Flags, stored!.Value.Flags);
                Assert.Equal(i.Value, stored.Value.Value);
            }
            long destinationLeft = dst.RemainingSeconds(Key("hour"))!.Value;
            Assert.InRange(destinationLeft, sourceLeft - 3, sourceLeft);
            Assert.Equal(-1, dst.RemainingSeconds(Key("pickle")));
        }

        [Fact]
        public void A_changed_value_is_encoded_anew_and_keeps_the_remaining_lifetime()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            SetRaw(src, Key("replaced"), Encoding.UTF8.GetBytes("{\"price\": 1.0}"), 4112, 3600);
            SetRaw(src, Key("mutated"), Encoding.UTF8.GetBytes("{\"price\": 1.0}"), 4112, 0);
            using var shell = TwoConnections();

            var result = shell.Run($"$a, $b = Get-MemcachedItem -Connection src {Key("replaced")}, {Key("mutated")}; " +
                "$a.Value = 'new text'; $b.Value.price = 2; $a, $b | Set-MemcachedItem -Connection dst");

            NoErrors(result);
            var replaced = dst.GetRaw(Key("replaced"))!.Value;
            Assert.Equal((uint)16, replaced.Flags);
            Assert.Equal("new text", Encoding.UTF8.GetString(replaced.Value));
            Assert.InRange(dst.RemainingSeconds(Key("replaced"))!.Value, 3590, 3600);
            var mutated = dst.GetRaw(Key("mutated"))!.Value;
            Assert.Equal("{\"price\":2}", Encoding.UTF8.GetString(mutated.Value));
        }

        [Fact]
        public void An_explicit_lifetime_replaces_the_read_one_and_the_bytes_stay()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            SetRaw(src, Key("relife"), Encoding.UTF8.GetBytes("{\"price\": 1.0}"), 4112, 3600);
            using var shell = TwoConnections();

            var result = shell.Run($"Get-MemcachedItem -Connection src {Key("relife")} | Set-MemcachedItem -Connection dst -TimeToLive 60");

            NoErrors(result);
            Assert.Equal("{\"price\": 1.0}", Encoding.UTF8.GetString(dst.GetRaw(Key("relife"))!.Value.Value));
            Assert.InRange(dst.RemainingSeconds(Key("relife"))!.Value, 58, 60);
        }

        [Fact]
        public void An_item_whose_lifetime_ran_out_is_reported_and_not_written_as_never_expiring()
        {
            using var dst = new RawMemcached(_servers.Destination.Port);
            using var shell = TwoConnections();
            var read = new CacheItem(Key("gone"), Encoding.UTF8.GetBytes("v"), 16, 0, null, 5);
            var item = MemcachedItem.FromRead(read, "v", DateTime.UtcNow.AddSeconds(-10));

            var result = shell.Run("param($item) $item | Set-MemcachedItem -Connection dst", new Hashtable { ["item"] = item });

            Assert.Equal("ItemExpired,MemcachePS.Commands.SetMemcachedItemCommand", Id(result));
            Assert.Null(dst.GetRaw(Key("gone")));
        }

        [Fact]
        public void An_item_read_over_the_classic_protocol_needs_a_lifetime_to_be_written()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            SetRaw(src, Key("classic"), Encoding.UTF8.GetBytes("v"), 16, 3600);
            using var shell = TwoConnections();
            shell.Run("param($s) $null = Connect-Memcached -Server $s -Protocol Classic -Name old", new Hashtable { ["s"] = _servers.Source.Address });

            var refused = shell.Run($"Get-MemcachedItem -Connection old {Key("classic")} | Set-MemcachedItem -Connection dst");
            Assert.Equal("LifetimeUnknown,MemcachePS.Commands.SetMemcachedItemCommand", Id(refused));
            Assert.Null(dst.GetRaw(Key("classic")));

            var given = shell.Run($"Get-MemcachedItem -Connection old {Key("classic")} | Set-MemcachedItem -Connection dst -TimeToLive 120");
            NoErrors(given);
            Assert.InRange(dst.RemainingSeconds(Key("classic"))!.Value, 118, 120);
        }

        [Fact]
        public void Flags_writes_a_byte_array_under_the_given_flags_and_refuses_anything_else()
        {
            using var dst = new RawMemcached(_servers.Destination.Port);
            using var shell = TwoConnections();

            var result = shell.Run($"Set-MemcachedItem -Connection dst {Key("rawflags")} ([byte[]](1, 2, 3)) -Flags 12345; " +
                $"Set-MemcachedItem -Connection dst {Key("notbytes")} 'text' -Flags 7");

            var stored = dst.GetRaw(Key("rawflags"))!.Value;
            Assert.Equal((uint)12345, stored.Flags);
            Assert.Equal(new byte[] { 1, 2, 3 }, stored.Value);
            Assert.Equal("ValueNotStorable,MemcachePS.Commands.SetMemcachedItemCommand", Id(result));
            Assert.Null(dst.GetRaw(Key("notbytes")));
        }
    }
}
