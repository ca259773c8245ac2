using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Core.Stats;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Set-MemcachedItem stores the whole piped object when the key is given for it (-Key, a literal or a scriptblock
    /// run per object with $_, or -KeyProperty/-KeyFormat), so CSV rows warm a cache with no Select-Object step (issue
    /// 13). A key that cannot be computed is that object's error, and nothing is sent for it.
    /// </summary>
    public sealed class PipedObjectValueTests
    {
        private const string Csv = "ConvertFrom-Csv @('id,name,price', '1,apple,0.5', '2,pear,1.25', '3,plum,2')";

        private static ModuleRunspace Connected(MemcachedProcess server)
        {
            var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = server.Address });
            return shell;
        }

        private static long Sets(ModuleRunspace shell) =>
            Convert.ToInt64(shell.Invoke("Get-MemcachedStats").Objects.Cast<GeneralStats>().Single().Raw["cmd_set"]);

        private static void NoErrors(ModuleRunspace.Result result) =>
            Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception?.Message}")));

        private static void AssertRow(ModuleRunspace shell, string key, string id, string name, string price)
        {
            var read = shell.Run($"Get-MemcachedItem '{key}' -ValueOnly");
            NoErrors(read);
            var row = Assert.Single(read.Output);
            Assert.Equal(id, row.Properties["id"].Value);
            Assert.Equal(name, row.Properties["name"].Value);
            Assert.Equal(price, row.Properties["price"].Value);
            Assert.Equal(new[] { "id", "name", "price" }, row.Properties.Select(p => p.Name).ToArray());
        }

        [Fact]
        public void A_scriptblock_key_stores_each_csv_row_whole()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            var result = shell.Run(Csv + " | Set-MemcachedItem -Key { \"product:$($_.id)\" }");

            NoErrors(result);
            AssertRow(shell, "product:1", "1", "apple", "0.5");
            AssertRow(shell, "product:3", "3", "plum", "2");
            Assert.Equal(3, Sets(shell));
        }

        [Fact]
        public void KeyProperty_and_KeyFormat_store_each_csv_row_whole()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            var result = shell.Run(Csv + " | Set-MemcachedItem -KeyProperty id -KeyFormat 'product:{0}'");

            NoErrors(result);
            AssertRow(shell, "product:2", "2", "pear", "1.25");
            Assert.Equal(3, Sets(shell));
        }

        [Fact]
        public void KeyProperty_alone_uses_the_property_as_the_key()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            NoErrors(shell.Run(Csv + " | Set-MemcachedItem -KeyProperty name"));

            AssertRow(shell, "pear", "2", "pear", "1.25");
        }

        [Fact]
        public void A_literal_key_stores_the_piped_object()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            NoErrors(shell.Run("[pscustomobject]@{ id = '1'; name = 'apple'; price = '0.5' } | Set-MemcachedItem -Key config"));

            AssertRow(shell, "config", "1", "apple", "0.5");
        }

        [Fact]
        public void Value_given_on_the_command_line_is_stored_instead_of_the_object()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            NoErrors(shell.Run(Csv + " | Set-MemcachedItem -KeyProperty id -KeyFormat 'seen:{0}' -Value 'yes'"));

            Assert.Equal("yes", Assert.Single(shell.Run("Get-MemcachedItem 'seen:2' -ValueOnly").Output).BaseObject);
        }

        [Fact]
        public void Key_Value_objects_still_store_their_Value()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            NoErrors(shell.Run("@{ a = 1; b = 2 }.GetEnumerator() | Set-MemcachedItem; [pscustomobject]@{ Key = 'c'; Value = 'three' } | Set-MemcachedItem"));

            Assert.Equal(1L, Assert.Single(shell.Run("Get-MemcachedItem a -ValueOnly").Output).BaseObject);
            Assert.Equal("three", Assert.Single(shell.Run("Get-MemcachedItem c -ValueOnly").Output).BaseObject);
        }

        [Fact]
        public void An_object_with_a_Key_but_no_Value_and_no_key_given_is_refused_not_stored_whole()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            var result = shell.Run("[pscustomobject]@{ Key = 'k1'; Size = 3 }, [pscustomobject]@{ Key = 'k2'; Size = 4 } | Set-MemcachedItem");

            Assert.Equal(2, result.Errors.Count);
            Assert.Equal(0, Sets(shell));
        }

        [Fact]
        public void A_scriptblock_key_that_fails_refuses_that_object_only_and_sends_nothing_for_it()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            var result = shell.Run("1..6 | ForEach-Object { [pscustomobject]@{ id = $_ } } | Set-MemcachedItem -Key { " +
                "switch ($_.id) { 1 { 'ok:1' } 2 { throw 'no key for two' } 3 { $null } 4 { '' } 5 { 'x', 'y' } 6 { 42 } } }");

            Assert.Equal(5, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.StartsWith("KeyNotComputed,", e.FullyQualifiedErrorId));
            Assert.Contains("no key for two", result.Errors[0].Exception.Message);
            Assert.Equal(1, Sets(shell));
        }

        [Fact]
        public void KeyProperty_missing_or_empty_refuses_that_object_only()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            var result = shell.Run("[pscustomobject]@{ id = 'a' }, [pscustomobject]@{ other = 'b' }, [pscustomobject]@{ id = '' }, [pscustomobject]@{ id = $null }, " +
                "[pscustomobject]@{ id = 'e' } | Set-MemcachedItem -KeyProperty id");

            Assert.Equal(3, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.StartsWith("KeyNotComputed,", e.FullyQualifiedErrorId));
            Assert.Equal(2, Sets(shell));
        }

        [Fact]
        public void Key_and_KeyProperty_together_are_refused_before_anything_is_sent()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);

            var result = shell.Run("try { " + Csv + " | Set-MemcachedItem -Key { $_.id } -KeyProperty id; 'not stopped' } catch { $_.FullyQualifiedErrorId }");

            Assert.StartsWith("InvalidRequest", Assert.Single(result.Output).BaseObject.ToString());
            Assert.Equal(0, Sets(shell));
        }

        [Fact]
        public void A_read_item_piped_under_a_computed_key_is_copied_faithfully()
        {
            using var server = MemcachedProcess.Start();
            using var shell = Connected(server);
            NoErrors(shell.Run("Set-MemcachedItem raw ([byte[]](1, 2, 3)) -Flags 12345"));

            NoErrors(shell.Run("Get-MemcachedItem raw | Set-MemcachedItem -Key { 'copy:' + $_.Key }"));

            var copy = (dynamic)Assert.Single(shell.Run("Get-MemcachedItem copy:raw -AsByteArray").Output).BaseObject;
            Assert.Equal((uint)12345, (uint)copy.Flags);
            Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])copy.Value);
        }

        [Fact]
        public void The_same_works_on_an_in_memory_connection()
        {
            using var shell = new ModuleRunspace();
            shell.Run("Connect-Memcached -InMemory | Out-Null");

            NoErrors(shell.Run(Csv + " | Set-MemcachedItem -KeyProperty id -KeyFormat 'product:{0}'"));

            AssertRow(shell, "product:3", "3", "plum", "2");
        }
    }
}
