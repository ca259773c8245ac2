using System;
using System.Collections;
using System.IO;
using System.Linq;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Export-MemcachedItem reads piped keys as the key commands do (PipedKey.FromPipedKeyObject), and a pipeline that
    /// brings no keys exports none: before, [pscustomobject]@{ Key = 5 } exported the key "@{Key=5}", an object without a
    /// Key exported its text, and a filter that matched nothing (Get-MemcachedKey 'nomatch*' | Export-MemcachedItem)
    /// exported the whole cache.
    /// </summary>
    public sealed class ExportPipedKeyTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("memcacheps-export-keys-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static ModuleRunspace Connected(MemcachedProcess server)
        {
            var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("Set-MemcachedItem -Key 5 -Value five; Set-MemcachedItem -Key '@{Key=5}' -Value decoy; Set-MemcachedItem -Key '@{Name=a}' -Value decoy; Set-MemcachedItem -Key a -Value one");
            return shell;
        }

        private string[] ExportedKeys(string file) =>
            System.IO.File.ReadAllLines(file).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()!).ToArray();

        [Fact]
        public void A_Key_property_holding_an_integer_exports_that_key()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);
            string file = Path.Combine(_dir, "int.jsonl");

            var result = shell.Run("param($f) [pscustomobject]@{ Key = 5 }, 'a' | Export-MemcachedItem -Path $f", new Hashtable { ["f"] = file });

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "5", "a" }, ExportedKeys(file));
        }

        [Fact]
        public void An_object_without_a_Key_is_refused_and_counted_failed_not_exported_by_its_text()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);
            string file = Path.Combine(_dir, "nokey.jsonl");

            var result = shell.Run("param($f) 'a', [pscustomobject]@{ Name = 'a' } | Export-MemcachedItem -Path $f", new Hashtable { ["f"] = file });

            Assert.StartsWith("KeyNotComputed,", Assert.Single(result.Errors).FullyQualifiedErrorId);
            var summary = Assert.IsType<MemcachedExportResult>(result.Objects.Single());
            Assert.Equal(1, summary.Exported);
            Assert.Equal(1, summary.Failed);
            Assert.Equal(new[] { "a" }, ExportedKeys(file));
        }

        [Fact]
        public void A_pipeline_that_brings_no_keys_exports_nothing_not_the_whole_cache()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);
            string file = Path.Combine(_dir, "none.jsonl");

            var result = shell.Run("param($f) Get-MemcachedKey 'nomatch*' | Export-MemcachedItem -Path $f", new Hashtable { ["f"] = file });

            Assert.Empty(result.Errors);
            Assert.Equal(0, Assert.IsType<MemcachedExportResult>(result.Objects.Single()).Exported);
            Assert.Empty(ExportedKeys(file));
        }

        [Fact]
        public void Without_keys_or_a_pipeline_every_key_is_exported()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);
            string file = Path.Combine(_dir, "all.jsonl");

            var result = shell.Run("param($f) Export-MemcachedItem -Path $f", new Hashtable { ["f"] = file });

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "5", "@{Key=5}", "@{Name=a}", "a" }.OrderBy(k => k, StringComparer.Ordinal), ExportedKeys(file).OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public void Keys_on_the_command_line_are_exported_and_each_piped_object_is_refused()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);
            string file = Path.Combine(_dir, "both.jsonl");

            var result = shell.Run("param($f) '5' | Export-MemcachedItem -Path $f -Key a", new Hashtable { ["f"] = file });

            Assert.StartsWith("InputObjectNotBound,", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(new[] { "a" }, ExportedKeys(file));
        }
    }
}
