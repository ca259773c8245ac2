using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>Three real memcached servers for the routing tests, and a fourth as a copy destination.</summary>
    public sealed class ThreeServersFixture : IDisposable
    {
        public MemcachedProcess[] Servers { get; } = { MemcachedProcess.Start(), MemcachedProcess.Start(), MemcachedProcess.Start() };
        public MemcachedProcess Destination { get; } = MemcachedProcess.Start();

        public string[] Names => Servers.Select(s => $"127.0.0.1:{s.Port}").ToArray();

        public void Dispose()
        {
            foreach (var s in Servers) s.Dispose();
            Destination.Dispose();
        }
    }

    /// <summary>
    /// A piped object that says which server it is on (Get-MemcachedKey's and Get-MemcachedItem's objects, or any object
    /// with Key and Server) goes back to that server: every key below is written, with a plain socket, to a server OTHER
    /// than the one the connection's distribution places it on, as another client family would, so a re-hash would miss
    /// every one of them. What each server holds afterwards is checked with a plain socket.
    /// </summary>
    public sealed class RoutingTests : IClassFixture<ThreeServersFixture>
    {
        private const int KeyCount = 30;
        private readonly ThreeServersFixture _fixture;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 8);

        public RoutingTests(ThreeServersFixture fixture) => _fixture = fixture;

        private string Pattern => $"r-{_unique}-*";

        /// <summary>
        /// Writes <see cref="KeyCount"/> keys, each to the server after the one the connection's distribution places it on;
        /// returns each key with the index of the server that holds it.
        /// </summary>
        private Dictionary<string, int> WriteMisplaced(Func<int, (byte[] Value, uint Flags)>? value = null)
        {
            var names = _fixture.Names;
            using var placement = new MemcachedClient(Options(names));
            var held = new Dictionary<string, int>();
            var raws = _fixture.Servers.Select(s => new RawMemcached(s.Port)).ToArray();
            try
            {
                for (int i = 0; i < KeyCount; i++)
                {
                    string key = $"r-{_unique}-{i:D2}";
                    int placed = Array.IndexOf(names, placement.GetServer(key).Name);
                    Assert.True(placed >= 0, "the placement names one of the three servers");
                    int holder = (placed + 1) % names.Length;
                    var (bytes, flags) = value?.Invoke(i) ?? (Encoding.UTF8.GetBytes($"v{i}"), 16u);
                    raws[holder].SetRaw(key, new ArraySegment<byte>(bytes), flags);
                    held[key] = holder;
                }
            }
            finally
            {
                foreach (var r in raws) r.Dispose();
            }
            return held;
        }

        private static MemcachedClientOptions Options(string[] names)
        {
            var options = new MemcachedClientOptions();
            foreach (var n in names) options.AddServer(n);
            return options;
        }

        private ModuleRunspace Connected()
        {
            var shell = new ModuleRunspace();
            shell.Run("param($s) $null = Connect-Memcached -Server $s -Name three", new Hashtable { ["s"] = _fixture.Names });
            return shell;
        }

        private static string Errors(ModuleRunspace.Result result) =>
            $"{result.Errors.Count} errors: " + string.Join(Environment.NewLine, result.Errors.Take(5).Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}"));

        /// <summary>How many of the keys each holder still holds (read with a plain socket on the holder).</summary>
        private int StillHeld(Dictionary<string, int> held)
        {
            var raws = _fixture.Servers.Select(s => new RawMemcached(s.Port)).ToArray();
            try
            {
                return held.Count(kv => raws[kv.Value].GetRaw(kv.Key) != null);
            }
            finally
            {
                foreach (var r in raws) r.Dispose();
            }
        }

        private long SumStat(string name)
        {
            long sum = 0;
            foreach (var s in _fixture.Servers)
            {
                using var raw = new RawMemcached(s.Port);
                sum += raw.Stat(name);
            }
            return sum;
        }

        [Fact]
        public void Listed_keys_are_removed_from_the_server_they_were_listed_on()
        {
            var held = WriteMisplaced();
            using var shell = Connected();

            var result = shell.Run($"Get-MemcachedKey -Pattern '{Pattern}' | Remove-MemcachedItem -Confirm:$false");

            Assert.True(result.Errors.Count == 0, Errors(result));
            Assert.Equal(0, StillHeld(held));
        }

        [Fact]
        public void Listed_keys_are_exported_from_the_server_they_were_listed_on()
        {
            var held = WriteMisplaced();
            using var shell = Connected();
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"memcacheps-route-{_unique}.jsonl");
            try
            {
                var result = shell.Run($"Get-MemcachedKey -Pattern '{Pattern}' | Export-MemcachedItem -Path '{path}'");

                Assert.True(result.Errors.Count == 0, Errors(result));
                var summary = Assert.IsType<MemcachedExportResult>(result.Objects.Single());
                Assert.Equal(KeyCount, summary.Exported);
                Assert.Equal(0, summary.NotFound);
                Assert.Equal(KeyCount, System.IO.File.ReadAllLines(path).Length);
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void An_export_of_every_key_reads_each_from_the_server_that_listed_it()
        {
            WriteMisplaced();
            using var shell = Connected();
            string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"memcacheps-route-all-{_unique}.jsonl");
            try
            {
                var result = shell.Run($"Export-MemcachedItem -Path '{path}'");

                Assert.True(result.Errors.Count == 0, Errors(result));
                var summary = Assert.IsType<MemcachedExportResult>(result.Objects.Single());
                Assert.Equal(0, summary.NotFound);
                Assert.Equal(KeyCount, System.IO.File.ReadAllLines(path).Count(l => l.Contains($"r-{_unique}-")));
            }
            finally
            {
                System.IO.File.Delete(path);
            }
        }

        [Fact]
        public void Items_read_through_a_listing_pipe_on_to_Remove()
        {
            var held = WriteMisplaced();
            using var shell = Connected();

            var result = shell.Run($"Get-MemcachedKey -Pattern '{Pattern}' | Get-MemcachedItem | Remove-MemcachedItem -Confirm:$false");

            Assert.True(result.Errors.Count == 0, Errors(result));
            Assert.Equal(0, StillHeld(held));
        }

        [Fact]
        public void Listed_keys_are_read_from_the_server_they_were_listed_on()
        {
            var held = WriteMisplaced();
            using var shell = Connected();

            var result = shell.Run($"Get-MemcachedKey -Pattern '{Pattern}' | Sort-Object Key | Get-MemcachedItem");

            Assert.True(result.Errors.Count == 0, Errors(result));
            var items = result.Objects.Cast<MemcachedItem>().ToList();
            Assert.Equal(KeyCount, items.Count);
            for (int i = 0; i < KeyCount; i++)
            {
                Assert.Equal($"r-{_unique}-{i:D2}", items[i].Key);
                Assert.Equal($"v{i}", items[i].Value);
                Assert.Equal(_fixture.Names[held[items[i].Key]], items[i].Server);
            }
        }

        [Fact]
        public void Listed_keys_are_touched_on_the_server_they_were_listed_on()
        {
            var held = WriteMisplaced();
            using var shell = Connected();

            var result = shell.Run($"Get-MemcachedKey -Pattern '{Pattern}' | Update-MemcachedItem -TimeToLive 600 -Confirm:$false");

            Assert.True(result.Errors.Count == 0, Errors(result));
            var raws = _fixture.Servers.Select(s => new RawMemcached(s.Port)).ToArray();
            try
            {
                int touched = held.Count(kv => raws[kv.Value].RemainingSeconds(kv.Key) is long left && left > 590 && left <= 600);
                Assert.Equal(KeyCount, touched);
            }
            finally
            {
                foreach (var r in raws) r.Dispose();
            }
        }

        [Fact]
        public void Listed_keys_are_tested_on_the_server_they_were_listed_on()
        {
            WriteMisplaced();
            using var shell = Connected();

            var result = shell.Run($"Get-MemcachedKey -Pattern '{Pattern}' | Test-MemcachedItem");

            Assert.True(result.Errors.Count == 0, Errors(result));
            var answers = result.Objects.Cast<bool>().ToList();
            Assert.Equal(KeyCount, answers.Count);
            Assert.Equal(KeyCount, answers.Count(a => a));
        }

        [Fact]
        public void Listed_keys_are_copied_from_the_server_they_were_listed_on()
        {
            WriteMisplaced();
            using var shell = Connected();
            shell.Run("param($d) $null = Connect-Memcached -Server $d -Name dst", new Hashtable { ["d"] = _fixture.Destination.Address });

            var result = shell.Run($"Get-MemcachedKey -Connection three -Pattern '{Pattern}' | Copy-MemcachedItem -Connection three -Destination dst");

            Assert.True(result.Errors.Count == 0, Errors(result));
            var summary = result.Single<MemcachedCopyResult>();
            Assert.Equal((30L, 0L, 0L, 0L), (summary.Copied, summary.Skipped, summary.NotFound, summary.Failed));
            using var dst = new RawMemcached(_fixture.Destination.Port);
            for (int i = 0; i < KeyCount; i++)
                Assert.Equal($"v{i}", Encoding.UTF8.GetString(dst.GetRaw($"r-{_unique}-{i:D2}")!.Value.Value));
        }

        [Fact]
        public void Listed_counters_are_stepped_on_the_server_they_were_listed_on()
        {
            var held = WriteMisplaced(i => (Encoding.ASCII.GetBytes((100 + i).ToString()), 0u));
            using var shell = Connected();

            var result = shell.Run($"Get-MemcachedKey -Pattern '{Pattern}' | Step-MemcachedCounter -By 5 -Confirm:$false");

            Assert.True(result.Errors.Count == 0, Errors(result));
            Assert.Equal(KeyCount, result.Objects.Cast<MemcachedCounter>().Count());
            var raws = _fixture.Servers.Select(s => new RawMemcached(s.Port)).ToArray();
            try
            {
                foreach (var (key, holder) in held)
                {
                    int i = int.Parse(key.Substring(key.LastIndexOf('-') + 1));
                    Assert.Equal((105 + i).ToString(), Encoding.ASCII.GetString(raws[holder].GetRaw(key)!.Value.Value));
                }
            }
            finally
            {
                foreach (var r in raws) r.Dispose();
            }
        }

        [Fact]
        public void A_server_that_is_not_the_connections_is_an_error_for_that_item_and_nothing_is_sent_for_it()
        {
            var held = WriteMisplaced();
            var keys = held.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
            using var shell = Connected();
            long deletesBefore = SumStat("delete_hits") + SumStat("delete_misses");

            // The first key names a server the connection does not have; the second the server that holds it.
            var result = shell.Run(
                "param($k, $holder) " +
                "[pscustomobject]@{ Key = $k[0]; Server = '127.0.0.1:1' }, [pscustomobject]@{ Key = $k[1]; Server = $holder }, $k[2] | " +
                "Remove-MemcachedItem -Confirm:$false",
                new Hashtable { ["k"] = keys, ["holder"] = _fixture.Names[held[keys[1]]] });

            Assert.Equal(2, result.Errors.Count);
            Assert.Equal("ServerNotInConnection,MemcachePS.Commands.RemoveMemcachedItemCommand", result.Errors[0].FullyQualifiedErrorId);
            Assert.Equal(keys[0], result.Errors[0].TargetObject);
            // The plain string after the objects is placed by the distribution (the previous object's server does not stick to
            // it): it was written elsewhere, so it is not found there.
            Assert.Equal("ItemNotFound,MemcachePS.Commands.RemoveMemcachedItemCommand", result.Errors[1].FullyQualifiedErrorId);
            Assert.Equal(keys[2], result.Errors[1].TargetObject);
            // Two deletes were sent (keys[1] to its holder, the plain string keys[2] to its placement), none for keys[0].
            Assert.Equal(2, SumStat("delete_hits") + SumStat("delete_misses") - deletesBefore);
            using var holder0 = new RawMemcached(_fixture.Servers[held[keys[0]]].Port);
            using var holder1 = new RawMemcached(_fixture.Servers[held[keys[1]]].Port);
            using var holder2 = new RawMemcached(_fixture.Servers[held[keys[2]]].Port);
            Assert.NotNull(holder0.GetRaw(keys[0]));
            Assert.Null(holder1.GetRaw(keys[1]));
            Assert.NotNull(holder2.GetRaw(keys[2])); // a plain string is placed by the distribution: not where it was written
        }
    }
}
