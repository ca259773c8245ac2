using System;
using System.Collections;
using System.Linq;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// The key commands (Get-, Remove-, Update-, Test-, Copy-MemcachedItem, Step-MemcachedCounter) read a piped key
    /// themselves instead of binding Key and Server by property name. What binding did wrong is checked against the
    /// server's own record (its items and stats): an object whose Key was not a string, or that had no Key, was turned into
    /// a key by its text ([pscustomobject]@{ Key = 5 } read and deleted the key "@{Key=5}").
    /// </summary>
    public sealed class PipedKeyObjectTests
    {
        private static string[] Present(ModuleRunspace shell, params string[] keys) =>
            shell.Run("param($k) $k | Test-MemcachedItem", new Hashtable { ["k"] = keys }).Objects.Cast<bool>()
                .Zip(keys, (present, key) => present ? key : null).Where(k => k != null).ToArray()!;

        [Fact]
        public void A_Key_property_holding_an_integer_is_that_integer_as_text_not_the_object_as_text()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("Set-MemcachedItem -Key 5 -Value five; Set-MemcachedItem -Key '@{Key=5}' -Value decoy");

            var read = shell.Run("[pscustomobject]@{ Key = 5 } | Get-MemcachedItem -ValueOnly");
            var removed = shell.Run("[pscustomobject]@{ Key = 5 } | Remove-MemcachedItem");

            Assert.Empty(read.Errors);
            Assert.Equal("five", Assert.Single(read.Objects));
            Assert.Empty(removed.Errors);
            Assert.Equal(new[] { "@{Key=5}" }, Present(shell, "5", "@{Key=5}"));
        }

        [Theory]
        [InlineData("[pscustomobject]@{ Name = 'a' }", "@{Name=a}")]
        [InlineData("@{ Key = 'a' }", "System.Collections.Hashtable")]
        [InlineData("[pscustomobject]@{ Key = @{ a = 1 } }", "System.Collections.Hashtable")]
        [InlineData("[pscustomobject]@{ Key = 1.5 }", "1.5")]
        [InlineData("[version]'1.2'", "1.2")]
        public void An_object_that_names_no_key_is_refused_and_nothing_is_deleted(string piped, string itsText)
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("param($k) Set-MemcachedItem -Key $k -Value decoy; Set-MemcachedItem -Key a -Value 1", new Hashtable { ["k"] = itsText });

            var result = shell.Run($"{piped} | Remove-MemcachedItem");

            Assert.StartsWith("KeyNotComputed,", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(0, shell.ServerStat("delete_hits") + shell.ServerStat("delete_misses"));
            Assert.Equal(new[] { itsText, "a" }, Present(shell, itsText, "a"));
        }

        [Fact]
        public void Null_and_empty_keys_are_refused_in_their_place_and_the_others_are_read_in_order()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b', 'c' | ForEach-Object { Set-MemcachedItem -Key $_ -Value $_ }");

            var result = shell.Run("'a', $null, [pscustomobject]@{ Key = '' }, [pscustomobject]@{ key = 'b' }, [pscustomobject]@{ Key = $null }, 'c' | Get-MemcachedItem -ValueOnly -BatchSize 1");

            Assert.Equal(new object[] { "a", "b", "c" }, result.Objects);
            Assert.Equal(3, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.StartsWith("KeyNotComputed,", e.FullyQualifiedErrorId));
            Assert.Contains("$null", result.Errors[0].Exception.Message);
            Assert.Contains("empty", result.Errors[1].Exception.Message);
        }

        [Fact]
        public void A_Key_property_that_throws_when_read_refuses_that_object_only()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b' | ForEach-Object { Set-MemcachedItem -Key $_ -Value $_ }");

            var result = shell.Run("'a', ([pscustomobject]@{} | Add-Member -PassThru ScriptProperty Key { throw 'no key today' }), 'b' | Get-MemcachedItem -ValueOnly");

            Assert.Equal(new object[] { "a", "b" }, result.Objects);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("KeyNotComputed,", error.FullyQualifiedErrorId);
            Assert.Contains("no key today", error.Exception.Message);
        }

        [Fact]
        public void Integers_and_a_Key_property_holding_several_keys_give_each_key()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("1..4 | ForEach-Object { Set-MemcachedItem -Key $_ -Value \"v$_\" }");

            var result = shell.Run("1, [pscustomobject]@{ Key = @('2', 3) }, [long]4 | Get-MemcachedItem -ValueOnly");

            Assert.Empty(result.Errors);
            Assert.Equal(new object[] { "v1", "v2", "v3", "v4" }, result.Objects);
        }

        [Fact]
        public void With_Stop_an_unreadable_object_stops_after_the_keys_before_it_and_before_those_after_it()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b', 'c' | ForEach-Object { Set-MemcachedItem -Key $_ -Value 1 }");

            var result = shell.Run("try { 'a', 'b', [pscustomobject]@{ Name = 'x' }, 'c' | Remove-MemcachedItem -BatchSize 10 -ErrorAction Stop; 'not stopped' } catch { $_.FullyQualifiedErrorId }");

            Assert.StartsWith("KeyNotComputed", Assert.Single(result.Output).BaseObject.ToString());
            Assert.Equal(2, shell.ServerStat("delete_hits"));
            Assert.Equal(new[] { "c" }, Present(shell, "a", "b", "c"));
        }

        [Fact]
        public void Keys_on_the_command_line_are_sent_and_each_piped_object_is_refused()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b', 'c' | ForEach-Object { Set-MemcachedItem -Key $_ -Value 1 }");

            var result = shell.Run("'b', 'c' | Remove-MemcachedItem -Key a");

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.StartsWith("InputObjectNotBound,", e.FullyQualifiedErrorId));
            Assert.Equal(1, shell.ServerStat("delete_hits"));
            Assert.Equal(new[] { "b", "c" }, Present(shell, "a", "b", "c"));
        }

        [Fact]
        public void Keys_on_the_command_line_with_an_empty_pipeline_are_sent()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("Set-MemcachedItem -Key a -Value 1");

            var result = shell.Run("@() | Remove-MemcachedItem -Key a");

            Assert.Empty(result.Errors);
            Assert.Empty(Present(shell, "a"));
        }

        [Theory]
        [InlineData("Get-MemcachedItem")]
        [InlineData("Remove-MemcachedItem")]
        [InlineData("Test-MemcachedItem")]
        [InlineData("Step-MemcachedCounter")]
        public void No_keys_at_all_stops_the_command_before_anything_is_sent(string command)
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            long before = shell.ServerStat("cmd_get") + shell.ServerStat("delete_misses") + shell.ServerStat("incr_misses");

            var error = shell.Terminating(command);

            Assert.Equal("InvalidRequest," + "MemcachePS.Commands." + command.Replace("-", "") + "Command", error.FullyQualifiedErrorId);
            Assert.Contains("-Key", error.Exception.Message);
            Assert.Equal(before, shell.ServerStat("cmd_get") + shell.ServerStat("delete_misses") + shell.ServerStat("incr_misses"));
        }

        [Fact]
        public void A_server_named_in_any_case_of_Server_sends_the_key_there_and_an_empty_one_leaves_it_to_the_distribution()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            shell.Run("'a', 'b' | ForEach-Object { Set-MemcachedItem -Key $_ -Value $_ }");

            var result = shell.Run("param($s) [pscustomobject]@{ Key = 'a'; server = $s }, [pscustomobject]@{ Key = 'b'; Server = '' }, [pscustomobject]@{ Key = 'a'; SERVER = '127.0.0.1:1' } | Get-MemcachedItem",
                new Hashtable { ["s"] = server.Address });

            Assert.Equal(new[] { "a", "b" }, result.Objects.Cast<MemcachedItem>().Select(i => i.Key).ToArray());
            Assert.StartsWith("ServerNotInConnection,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        }
    }
}
