using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using MemcachePS.Tests.Module.Infrastructure;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Export-MemcachedItem and Import-MemcachedItem between two real memcached servers (and in-memory stores): bytes,
    /// flags and lifetimes as they were (checked with a plain socket); memcached-tool's own dump read back; malformed,
    /// cut-off and expired lines counted and named.
    /// </summary>
    public sealed class ExportImportTests : IClassFixture<TwoServersFixture>, IDisposable
    {
        private readonly TwoServersFixture _servers;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly string _dir = Directory.CreateTempSubdirectory("memcacheps-export-").FullName;

        public ExportImportTests(TwoServersFixture servers) => _servers = servers;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string Key(string name) => $"{name}-{_unique}";

        private string File(string name) => Path.Combine(_dir, name);

        private ModuleRunspace TwoConnections()
        {
            var shell = new ModuleRunspace();
            shell.Run("param($s, $d) $null = Connect-Memcached -Server $s -Name src; $null = Connect-Memcached -Server $d -Name dst",
                new Hashtable { ["s"] = _servers.Source.Address, ["d"] = _servers.Destination.Address });
            return shell;
        }

        private static string Errors(ModuleRunspace.Result result) =>
            string.Join(Environment.NewLine, result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}"));

        private (string Key, byte[] Value, uint Flags, long Exptime)[] Seed(RawMemcached src)
        {
            var items = new (string Key, byte[] Value, uint Flags, long Exptime)[]
            {
                (Key("pickle"), new byte[] { 128, 5, 149, 9, 0, 0, 0, 0, 0, 0, 0, 140, 5, 104, 101, 108, 108, 111, 148, 46 }, 1, 0),
                (Key("foreign"), new byte[] { 0, 13, 10, 255, 10, 13 }, 12345, 0),
                (Key("json"), Encoding.UTF8.GetBytes("{\"price\": 1.0}"), 4112, 0),
                (Key("hour"), Encoding.UTF8.GetBytes("h"), 16, 3600),
            };
            foreach (var i in items) src.SetRaw(i.Key, new ArraySegment<byte>(i.Value), i.Flags, i.Exptime);
            return items;
        }

        private void AssertCopied((string Key, byte[] Value, uint Flags, long Exptime)[] items, RawMemcached src, RawMemcached dst)
        {
            foreach (var i in items)
            {
                var stored = dst.GetRaw(i.Key);
                Assert.True(stored.HasValue, i.Key + " is not on the destination");
                Assert.Equal(i.Flags, stored!.Value.Flags);
                Assert.Equal(i.Value, stored.Value.Value);
            }
            long left = src.RemainingSeconds(Key("hour"))!.Value;
            Assert.InRange(dst.RemainingSeconds(Key("hour"))!.Value, left - 3, left + 1);
            Assert.Equal(-1, dst.RemainingSeconds(Key("json")));
        }

        [Fact]
        public void Every_key_exported_then_imported_keeps_bytes_flags_and_lifetime()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            var items = Seed(src);
            using var shell = TwoConnections();

            var export = shell.Run("param($f) Export-MemcachedItem -Connection src -Path $f", new Hashtable { ["f"] = File("all.jsonl") });
            var import = shell.Run("param($f) Import-MemcachedItem -Connection dst -Path $f", new Hashtable { ["f"] = File("all.jsonl") });

            Assert.True(export.Errors.Count == 0 && import.Errors.Count == 0, Errors(export) + Errors(import));
            var exported = export.Single<MemcachedExportResult>();
            var imported = import.Single<MemcachedImportResult>();
            Assert.True(exported.Exported >= items.Length);
            Assert.Equal(exported.Exported, imported.Imported);
            Assert.Equal("JsonLines", imported.Format);
            AssertCopied(items, src, dst);
            string line = System.IO.File.ReadLines(File("all.jsonl")).Single(l => l.Contains(Key("json")));
            Assert.Equal($"{{\"key\":\"{Key("json")}\",\"flags\":4112,\"value\":\"eyJwcmljZSI6IDEuMH0=\",\"expires\":null}}", line);
        }

        [Fact]
        public void Named_keys_are_exported_and_a_missing_one_is_NotFound()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            Seed(src);
            using var shell = TwoConnections();

            var export = shell.Run($"param($f) '{Key("json")}', '{Key("none")}' | Export-MemcachedItem -Connection src -Path $f", new Hashtable { ["f"] = File("named.jsonl") });

            var summary = export.Single<MemcachedExportResult>();
            Assert.Equal((1L, 1L), (summary.Exported, summary.NotFound));
            Assert.Equal("ItemNotFound,MemcachePS.Commands.ExportMemcachedItemCommand", Assert.Single(export.Errors).FullyQualifiedErrorId);
            Assert.Single(System.IO.File.ReadAllLines(File("named.jsonl")));
        }

        [Fact]
        public void Memcached_tools_own_dump_is_imported()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            using var dst = new RawMemcached(_servers.Destination.Port);
            var items = Seed(src);
            string dump = File("tool.dump");
            var tool = Process.Start(new ProcessStartInfo("perl", new[] { "/usr/share/memcached/scripts/memcached-tool", _servers.Source.Address, "dump" })
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            using (var output = System.IO.File.Create(dump)) tool.StandardOutput.BaseStream.CopyTo(output);
            tool.WaitForExit();
            Assert.Equal(0, tool.ExitCode);
            using var shell = TwoConnections();

            var import = shell.Run("param($f) Import-MemcachedItem -Connection dst -Path $f", new Hashtable { ["f"] = dump });

            Assert.True(import.Errors.Count == 0, Errors(import));
            var summary = import.Single<MemcachedImportResult>();
            Assert.Equal("MemcachedTool", summary.Format);
            Assert.True(summary.Imported >= items.Length);
            AssertCopied(items, src, dst);
        }

        [Fact]
        public void A_malformed_line_is_named_and_the_others_are_imported_and_expired_ones_skipped()
        {
            using var dst = new RawMemcached(_servers.Destination.Port);
            long past = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
            System.IO.File.WriteAllText(File("bad.jsonl"),
                $"{{\"key\":\"{Key("l1")}\",\"flags\":0,\"value\":\"YQ==\",\"expires\":null}}\n" +
                "{\"key\":\"broken\",\"flags\":0,\"value\":\"not base64!\",\"expires\":null}\n" +
                $"{{\"key\":\"{Key("l3")}\",\"flags\":0,\"value\":\"Yw==\",\"expires\":{past}}}\n" +
                $"{{\"key\":\"{Key("l4")}\",\"flags\":7,\"value\":\"ZA==\",\"expires\":null}}\n");
            using var shell = TwoConnections();

            var import = shell.Run("param($f) Import-MemcachedItem -Connection dst -Path $f", new Hashtable { ["f"] = File("bad.jsonl") });

            var error = Assert.Single(import.Errors);
            Assert.Equal("ImportLineMalformed,MemcachePS.Commands.ImportMemcachedItemCommand", error.FullyQualifiedErrorId);
            Assert.Contains("Line 2:", error.Exception.Message);
            var summary = import.Single<MemcachedImportResult>();
            Assert.Equal((2L, 1L, 1L), (summary.Imported, summary.Skipped, summary.Failed));
            Assert.Null(dst.GetRaw(Key("l3")));
            Assert.Equal((uint)7, dst.GetRaw(Key("l4"))!.Value.Flags);
        }

        [Fact]
        public void A_cut_off_last_line_is_detected()
        {
            using var src = new RawMemcached(_servers.Source.Port);
            Seed(src);
            using var shell = TwoConnections();
            shell.Run($"param($f) '{Key("json")}', '{Key("hour")}' | Export-MemcachedItem -Connection src -Path $f", new Hashtable { ["f"] = File("cut.jsonl") });
            byte[] whole = System.IO.File.ReadAllBytes(File("cut.jsonl"));
            System.IO.File.WriteAllBytes(File("cut.jsonl"), whole.AsSpan(0, whole.Length - 12).ToArray()); // as a killed export leaves it

            var import = shell.Run("param($f) Import-MemcachedItem -Connection dst -Path $f", new Hashtable { ["f"] = File("cut.jsonl") });

            var error = Assert.Single(import.Errors);
            Assert.Contains("Line 2: is cut off", error.Exception.Message);
            Assert.Equal(1, import.Single<MemcachedImportResult>().Imported);
        }

        [Fact]
        public void In_memory_stores_export_and_import_the_same_way()
        {
            using var shell = new ModuleRunspace();
            var result = shell.Run("param($f) $null = Connect-Memcached -InMemory -Name a; $null = Connect-Memcached -InMemory -Name b; " +
                "Set-MemcachedItem -Connection a k1 'text' -TimeToLive 600; Set-MemcachedItem -Connection a k2 @{ price = 1.5 }; " +
                "$null = Export-MemcachedItem -Connection a -Path $f; $null = Import-MemcachedItem -Connection b -Path $f; Get-MemcachedItem -Connection b k1, k2",
                new Hashtable { ["f"] = File("memory.jsonl") });

            Assert.True(result.Errors.Count == 0, Errors(result));
            var items = result.Objects.Cast<MemcachedItem>().ToArray();
            Assert.Equal("text", items[0].Value);
            Assert.InRange(items[0].TimeToLive!.Value, TimeSpan.FromSeconds(597), TimeSpan.FromSeconds(600));
            Assert.Equal(4112u, items[1].Flags);
        }
    }
}
