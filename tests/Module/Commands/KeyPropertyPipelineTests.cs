using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Set-MemcachedItem -KeyProperty, the CSV-warming path made fast for issue 13: nothing binds from a piped object's
    /// properties in its parameter set, the cmdlet reads them itself (<c>PropertyView</c>), decides ShouldProcess once,
    /// and sends each full batch while the next is collected. Each test pins what that must not change: the value and
    /// lifetime a row gets, type data PowerShell adds to objects, input order, -ErrorAction Stop, -WhatIf, -Verbose.
    /// </summary>
    public sealed class KeyPropertyPipelineTests
    {
        private static void NoErrors(ModuleRunspace.Result result) =>
            Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}")));

        private static string Json(MemcachedProcess server, string key)
        {
            using var client = new MemcachedClient(server.Address);
            var item = client.GetMany(new[] { key })[0].Result;
            Assert.NotNull(item);
            return System.Text.Encoding.UTF8.GetString(item!.Value);
        }

        private static long? Left(MemcachedProcess server, string key)
        {
            using var client = new MemcachedClient(server.Address);
            return client.GetMany(new[] { key })[0].Result?.TimeToLiveSeconds;
        }

        [Fact]
        public void Value_TimeToLive_Ttl_and_ExpiresAt_columns_count_as_they_did_when_they_were_bound()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run(
                "ConvertFrom-Csv @('id,Value,TimeToLive', 'v1,stored text,600') | Set-MemcachedItem -KeyProperty id; " +
                "ConvertFrom-Csv @('id,ttl', 't1,00:05:00') | Set-MemcachedItem -KeyProperty id; " +
                "[pscustomobject]@{ id = 'e1'; ExpiresAt = (Get-Date).AddSeconds(900).ToString('o') } | Set-MemcachedItem -KeyProperty id; " +
                "[pscustomobject]@{ id = 'n1'; name = 'none' } | Set-MemcachedItem -KeyProperty id"));

            Assert.Equal("stored text", Json(server, "v1"));
            Assert.InRange(Left(server, "v1")!.Value, 590, 600);
            Assert.InRange(Left(server, "t1")!.Value, 290, 300);
            Assert.Equal("{\"id\":\"t1\",\"ttl\":\"00:05:00\"}", Json(server, "t1"));
            Assert.InRange(Left(server, "e1")!.Value, 890, 901);
            Assert.Equal(-1, Left(server, "n1"));
        }

        [Fact]
        public void A_lifetime_column_of_one_row_does_not_carry_over_to_the_next()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run("ConvertFrom-Csv @('id,TimeToLive', 'a,600') | ForEach-Object { $_; [pscustomobject]@{ id = 'b' } } | " +
                               "Set-MemcachedItem -KeyProperty id"));

            Assert.InRange(Left(server, "a")!.Value, 590, 600);
            Assert.Equal(-1, Left(server, "b"));
        }

        [Fact]
        public void Objects_whose_columns_sit_in_another_order_each_get_their_own_key_and_lifetime()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run("[pscustomobject]@{ id = 'p1'; TimeToLive = 600 }, [pscustomobject]@{ TimeToLive = 300; id = 'p2' }, " +
                               "[pscustomobject]@{ id = 'p3'; TimeToLive = 100 }, [pscustomobject]@{ Ttl = 200; Value = 'v'; id = 'p4' } | " +
                               "Set-MemcachedItem -KeyProperty id"));

            Assert.InRange(Left(server, "p1")!.Value, 590, 600);
            Assert.InRange(Left(server, "p2")!.Value, 290, 300);
            Assert.InRange(Left(server, "p3")!.Value, 90, 100);
            Assert.InRange(Left(server, "p4")!.Value, 190, 200);
            Assert.Equal("{\"TimeToLive\":300,\"id\":\"p2\"}", Json(server, "p2"));
            Assert.Equal("v", Json(server, "p4"));
        }

        [Fact]
        public void The_command_line_lifetime_wins_over_a_column()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run("ConvertFrom-Csv @('id,TimeToLive', 'a,600') | Set-MemcachedItem -KeyProperty id -TimeToLive 300"));

            Assert.InRange(Left(server, "a")!.Value, 290, 300);
        }

        [Fact]
        public void A_column_that_is_not_a_lifetime_refuses_that_row_only()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var result = shell.Run("ConvertFrom-Csv @('id,TimeToLive', 'a,60', 'b,soon', 'c,', 'd,120') | Set-MemcachedItem -KeyProperty id");

            // 'soon' is no lifetime; an empty cell is none, as it was when the column was bound (and -TimeToLive '' is refused).
            Assert.Contains("TimeToLive", Assert.Single(result.Errors).Exception.Message);
            Assert.Null(Left(server, "b"));
            Assert.Equal(-1, Left(server, "c"));
            Assert.InRange(Left(server, "a")!.Value, 50, 60);
            Assert.InRange(Left(server, "d")!.Value, 110, 120);
        }

        [Fact]
        public void A_row_with_both_lifetime_columns_is_refused()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var result = shell.Run("[pscustomobject]@{ id = 'both'; TimeToLive = 60; ExpiresAt = (Get-Date).AddSeconds(900) }, " +
                                   "[pscustomobject]@{ id = 'after'; TimeToLive = 60 } | Set-MemcachedItem -KeyProperty id");

            Assert.Single(result.Errors);
            Assert.Null(Left(server, "both"));
            Assert.InRange(Left(server, "after")!.Value, 50, 60);
        }

        [Fact]
        public void Type_data_on_piped_objects_is_stored_as_PowerShell_shows_it_even_after_a_plain_object_of_the_same_shape()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run(
                "Update-TypeData -TypeName 'Shop.Product' -MemberType ScriptProperty -MemberName total -Value { [int]$this.price * 2 } -Force; " +
                "[pscustomobject]@{ id = 'plain'; price = '2' }, " +
                "[pscustomobject]@{ PSTypeName = 'Shop.Product'; id = 'typed'; price = '3' }, " +
                "[pscustomobject]@{ id = 'plain2'; price = '4' } | Set-MemcachedItem -KeyProperty id"));

            Assert.Equal("{\"id\":\"plain\",\"price\":\"2\"}", Json(server, "plain"));
            Assert.Equal("{\"id\":\"typed\",\"price\":\"3\",\"total\":6}", Json(server, "typed"));
            Assert.Equal("{\"id\":\"plain2\",\"price\":\"4\"}", Json(server, "plain2"));
        }

        [Fact]
        public void Members_added_to_one_object_are_stored_for_that_object()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run(
                "$rows = ConvertFrom-Csv @('id,n', 'a,1', 'b,2', 'c,3'); " +
                "$rows[1] | Add-Member -MemberType ScriptProperty -Name twice -Value { [int]$this.n * 2 }; " +
                "$rows | Set-MemcachedItem -KeyProperty id"));

            Assert.Equal("{\"id\":\"a\",\"n\":\"1\"}", Json(server, "a"));
            Assert.Equal("{\"id\":\"b\",\"n\":\"2\",\"twice\":4}", Json(server, "b"));
            Assert.Equal("{\"id\":\"c\",\"n\":\"3\"}", Json(server, "c"));
        }

        [Fact]
        public void A_property_of_a_dotnet_object_makes_the_key()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run("[version]'1.2', [version]'3.4' | Set-MemcachedItem -KeyProperty Major -KeyFormat 'v:{0}'"));

            Assert.Equal("1.2", Json(server, "v:1"));
            Assert.Equal("3.4", Json(server, "v:3"));
        }

        [Fact]
        public void A_key_written_in_two_batches_ends_with_the_later_value()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            // Batches of 10: row 5 and row 25 write the same key; batch 1 is in flight while batch 2 is collected.
            NoErrors(shell.Run("1..40 | ForEach-Object { [pscustomobject]@{ id = if ($_ -eq 25) { 5 } else { $_ }; n = $_ } } | " +
                               "Set-MemcachedItem -KeyProperty id -BatchSize 10"));

            Assert.Equal("{\"id\":5,\"n\":25}", Json(server, "5"));
            Assert.Equal(40, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void Failures_are_reported_in_input_order_across_batches()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            NoErrors(shell.Run("Set-MemcachedItem k3 x; Set-MemcachedItem k14 x; Set-MemcachedItem k38 x"));

            var result = shell.Run("1..40 | ForEach-Object { [pscustomobject]@{ id = $_ } } | Set-MemcachedItem -KeyProperty id -KeyFormat 'k{0}' -Mode Add -BatchSize 10");

            Assert.Equal(new[] { "k3", "k14", "k38" }, result.Errors.Select(e => e.TargetObject?.ToString()).ToArray());
            Assert.Equal(3 + 40, shell.ServerStat("cmd_set")); // memcached counts every add, stored or not
            Assert.Equal(40, shell.Run("Get-MemcachedItem (1..40 | ForEach-Object { \"k$_\" })").Output.Count);
        }

        [Fact]
        public void Stop_on_a_failure_leaves_the_batch_being_collected_unsent()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            NoErrors(shell.Run("Set-MemcachedItem k3 x"));
            long before = shell.ServerStat("cmd_set");

            var result = shell.Run("try { 1..40 | ForEach-Object { [pscustomobject]@{ id = $_ } } | " +
                                   "Set-MemcachedItem -KeyProperty id -KeyFormat 'k{0}' -Mode Add -BatchSize 10 -ErrorAction Stop; 'not stopped' } " +
                                   "catch { $_.FullyQualifiedErrorId }");

            Assert.StartsWith("ItemExists", Assert.Single(result.Output).ToString());
            // Batch 1 (k1..k10) was sent; its failure was reported when batch 2 was full, and batch 2 was never sent.
            Assert.Equal(10, shell.ServerStat("cmd_set") - before);
        }

        [Fact]
        public void A_sent_batch_is_reported_as_soon_as_its_replies_are_in_so_an_upstream_error_does_not_hide_its_failures()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);
            NoErrors(shell.Run("Set-MemcachedItem k3 x"));

            // Batch 1 (k1..k10) goes out when full; the input waits until the server has counted those ten adds, gives one
            // more row, then fails. Without eager reporting, k3's failure would only have been reported with batch 2.
            var result = shell.Run("try { & { 1..10 | ForEach-Object { [pscustomobject]@{ id = $_ } }; " +
                                   "$spins = 0; while ([long](Get-MemcachedStats).CmdSet -lt 11 -and $spins++ -lt 100000) { }; " +
                                   "[pscustomobject]@{ id = 11 }; throw 'upstream failed' } | " +
                                   "Set-MemcachedItem -KeyProperty id -KeyFormat 'k{0}' -Mode Add -BatchSize 10 } catch { $_.Exception.Message }");

            Assert.Equal("upstream failed", Assert.Single(result.Output).ToString());
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("ItemExists", error.FullyQualifiedErrorId);
            Assert.Equal("k3", error.TargetObject);
        }

        /// <summary>Key and Value properties are read by the command, not bound by PowerShell: what binding did, they do.</summary>
        [Fact]
        public void Key_and_Value_properties_count_as_binding_made_them_count()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var result = shell.Run(
                "[pscustomobject]@{ Key = 'kv1'; Value = 'one' }, [pscustomobject]@{ Key = $null; Value = 'none' }, " +
                "[pscustomobject]@{ key = 'kv2'; value = 'two' }, [pscustomobject]@{ Key = 'kv3' } | Set-MemcachedItem; " +
                "[pscustomobject]@{ Key = 'ignored'; Value = 'row' } | Set-MemcachedItem -Key 'cmd' -Value 'line'; " +
                "@{ 'kv4' = 4 }.GetEnumerator() | Set-MemcachedItem");

            Assert.Equal(new[] { "KeyNotComputed", "InvalidRequest" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray());
            Assert.Equal("one", Json(server, "kv1"));
            Assert.Equal("two", Json(server, "kv2"));
            Assert.Equal("line", Json(server, "cmd"));
            Assert.Equal("4", Json(server, "kv4"));
            Assert.Equal(4, shell.ServerStat("cmd_set"));
        }

        /// <summary>Binding restored by-property-name parameters between records; reading them must not carry one record's over either.</summary>
        [Fact]
        public void A_record_without_an_object_or_without_a_Value_inherits_nothing_from_the_one_before()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var result = shell.Run("[pscustomobject]@{ Key = 'first'; Value = 'one'; TimeToLive = 600 }, $null, " +
                                   "[pscustomobject]@{ Key = 'second' }, [pscustomobject]@{ Key = 'third'; Value = 'three' } | Set-MemcachedItem");

            Assert.Equal(2, result.Errors.Count); // $null: no key; 'second': a Key but no Value
            Assert.Equal("one", Json(server, "first"));
            Assert.Null(Left(server, "second"));
            Assert.Equal("three", Json(server, "third"));
            Assert.Equal(-1, Left(server, "third"));
            Assert.Equal(2, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void WhatIf_by_preference_writes_nothing()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            NoErrors(shell.Run("$WhatIfPreference = $true; 1..30 | ForEach-Object { [pscustomobject]@{ id = $_ } } | Set-MemcachedItem -KeyProperty id -BatchSize 10"));

            Assert.Equal(0, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void Verbose_says_what_it_does_for_each_item()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var given = shell.Run("1..3 | ForEach-Object { [pscustomobject]@{ id = $_ } } | Set-MemcachedItem -KeyProperty id -Verbose 4>&1");

            Assert.Equal(3, given.Objects.OfType<VerboseRecord>().Count(v => v.Message.Contains("Set item")));
            Assert.Equal(3, shell.ServerStat("cmd_set"));
        }

        [Fact]
        public void KeyFormat_without_KeyProperty_is_an_error_not_a_prompt()
        {
            using var server = MemcachedProcess.Start();
            using var shell = ModuleRunspace.ConnectedTo(server);

            var result = shell.Run("try { [pscustomobject]@{ id = 1 } | Set-MemcachedItem -KeyFormat 'p:{0}'; 'not stopped' } catch { $_.Exception.Message }");

            Assert.Contains("-KeyFormat formats -KeyProperty", Assert.Single(result.Output).ToString());
            Assert.Equal(0, shell.ServerStat("cmd_set"));
        }
    }
}
