using System;
using System.Collections;
using System.Linq;
using MemcachePS.Core.Stats;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Input that can be refused before sending (an invalid key, an unstorable value, a lifetime memcached cannot hold)
    /// is refused as it arrives, in ProcessRecord, after the items before it are sent: so with -ErrorAction Stop exactly
    /// the items before the refused one reach the server, and nothing after it (issue 13). Counted with the server's
    /// own stats (cmd_set, delete_*, cmd_get, incr_*, cmd_touch), never by reading back.
    /// </summary>
    public sealed class PipelineRefusalTests
    {
        /// <summary>Runs a pipeline with -ErrorAction Stop inside it; the id of the error that stopped it.</summary>
        private static string Stopped(ModuleRunspace shell, string pipeline)
        {
            var result = shell.Run($"try {{ {pipeline} -ErrorAction Stop | Out-Null; 'not stopped' }} catch {{ $_.FullyQualifiedErrorId }}");
            return Assert.Single(result.Output).BaseObject.ToString()!;
        }

        private const string Keys = "'a', 'b', 'bad key', 'c'";

        [Fact]
        public void Remove_with_Stop_deletes_only_the_keys_before_an_invalid_one()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = 1 } } | Set-MemcachedItem");

            var id = Stopped(shell, $"{Keys} | Remove-MemcachedItem -BatchSize 10");

            Assert.StartsWith("InvalidKey", id);
            Assert.Equal(2, shell.ServerStat("delete_hits"));
            Assert.Equal(0, shell.ServerStat("delete_misses"));
        }

        [Fact]
        public void Remove_without_Stop_reports_the_invalid_key_and_deletes_the_others()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = 1 } } | Set-MemcachedItem");

            var result = shell.Run($"{Keys} | Remove-MemcachedItem -BatchSize 10");

            Assert.StartsWith("InvalidKey", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(3, shell.ServerStat("delete_hits"));
        }

        [Fact]
        public void Set_with_Stop_writes_only_the_items_before_an_invalid_key()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var id = Stopped(shell, $"{Keys} | ForEach-Object {{ [pscustomobject]@{{ Key = $_; Value = 1 }} }} | Set-MemcachedItem -BatchSize 10");

            Assert.StartsWith("InvalidKey", id);
            Assert.Equal(2, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void Set_with_Stop_counts_the_key_prefix_in_the_key_length()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server, keyPrefix: new string('p', 200) + ":");
            var long60 = new string('k', 60); // 60 bytes alone, 261 with the prefix

            var id = Stopped(shell, $"'a', 'b', '{long60}', 'c' | ForEach-Object {{ [pscustomobject]@{{ Key = $_; Value = 1 }} }} | Set-MemcachedItem -BatchSize 10");

            Assert.StartsWith("InvalidKey", id);
            Assert.Equal(2, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void Set_with_Stop_writes_only_the_items_before_an_unstorable_value()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var id = Stopped(shell, "@([pscustomobject]@{ Key = 'a'; Value = 1 }, [pscustomobject]@{ Key = 'b'; Value = 2 }, " +
                "[pscustomobject]@{ Key = 'x'; Value = [decimal]1.5 }, [pscustomobject]@{ Key = 'c'; Value = 3 }) | Set-MemcachedItem -BatchSize 10");

            Assert.StartsWith("ValueNotStorable", id);
            Assert.Equal(2, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void Set_with_Stop_writes_only_the_items_before_an_out_of_range_lifetime()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var id = Stopped(shell, "@([pscustomobject]@{ Key = 'a'; Value = 1 }, [pscustomobject]@{ Key = 'b'; Value = 2 }, " +
                "[pscustomobject]@{ Key = 'x'; Value = 3; ExpiresAt = [datetime]'2040-01-01' }, [pscustomobject]@{ Key = 'c'; Value = 4 }) | Set-MemcachedItem -BatchSize 10");

            Assert.StartsWith("ExpirationOutOfRange", id);
            Assert.Equal(2, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void Get_with_Stop_reads_only_the_keys_before_an_invalid_one()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            shell.Run("'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = 1 } } | Set-MemcachedItem");

            var id = Stopped(shell, $"{Keys} | Get-MemcachedItem -BatchSize 10");

            Assert.StartsWith("InvalidKey", id);
            Assert.Equal(2, shell.ServerStat("get_hits"));
            Assert.Equal(0, shell.ServerStat("get_misses"));
        }

        [Fact]
        public void Test_with_Stop_asks_only_about_the_keys_before_an_invalid_one()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var id = Stopped(shell, $"{Keys} | Test-MemcachedItem -BatchSize 10");

            Assert.StartsWith("InvalidKey", id);
            Assert.Equal(2, shell.ServerStat("get_misses"));
        }

        [Fact]
        public void Step_with_Stop_steps_only_the_counters_before_an_invalid_key()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            shell.Run("'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = '1' } } | Set-MemcachedItem");

            var id = Stopped(shell, $"{Keys} | Step-MemcachedCounter -BatchSize 10");

            Assert.StartsWith("InvalidKey", id);
            Assert.Equal(2, shell.ServerStat("incr_hits"));
            Assert.Equal(0, shell.ServerStat("incr_misses"));
        }

        [Fact]
        public void Update_with_Stop_touches_only_the_keys_before_an_invalid_one()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = 1 } } | Set-MemcachedItem");

            var id = Stopped(shell, $"{Keys} | Update-MemcachedItem -TimeToLive 00:10:00 -BatchSize 10");

            Assert.StartsWith("InvalidKey", id);
            Assert.Equal(2, shell.ServerStat("touch_hits"));
        }

        [Fact]
        public void Copy_with_Stop_copies_only_the_keys_before_one_invalid_at_the_destination()
        {
            using var source = MemcachedProcess.Start();
            using var destination = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Run("param($s, $d) $null = Connect-Memcached -Server $s -Name src; $null = Connect-Memcached -Server $d -Name dst -KeyPrefix ('p' * 200)",
                new Hashtable { ["s"] = source.Address, ["d"] = destination.Address });
            var long60 = new string('k', 60); // fits the source, 260 bytes under the destination's prefix
            shell.Run($"'a', 'b', '{long60}', 'c' | ForEach-Object {{ [pscustomobject]@{{ Key = $_; Value = 1 }} }} | Set-MemcachedItem -Connection src");

            var result = shell.Run($"try {{ 'a', 'b', '{long60}', 'c' | Copy-MemcachedItem -Connection src -Destination dst -BatchSize 10 -ErrorAction Stop | Out-Null; 'not stopped' }} catch {{ $_.FullyQualifiedErrorId }}");

            Assert.StartsWith("InvalidKey", Assert.Single(result.Output).BaseObject.ToString());
            Assert.Equal(2, Convert.ToInt64(shell.Invoke("Get-MemcachedStats", new Hashtable { ["Connection"] = "dst" }).Objects.Cast<GeneralStats>().Single().Raw["cmd_set"]));
            Assert.Equal(2, Convert.ToInt64(shell.Invoke("Get-MemcachedStats", new Hashtable { ["Connection"] = "src" }).Objects.Cast<GeneralStats>().Single().Raw["get_hits"]));
        }
    }
}
