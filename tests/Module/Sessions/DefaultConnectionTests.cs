using System.Collections;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>The default connection of a runspace as the cmdlets see it: the newest, and the previous one when it closes.</summary>
    public sealed class DefaultConnectionTests
    {
        private static MemcachedConnection InMemory(ModuleRunspace runspace, string name) =>
            runspace.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true, ["Name"] = name }).Single<MemcachedConnection>();

        private static bool Stored(MemcachedConnection connection, string key) => connection.Client.GetMany(new[] { key })[0].Result != null;

        private static string DefaultName(ModuleRunspace runspace) =>
            runspace.Invoke("Get-MemcachedConnection", new Hashtable { ["Default"] = true }).Single<MemcachedConnection>().Name;

        [Fact]
        public void The_newest_connection_is_the_default_and_commands_use_it()
        {
            using var shell = new ModuleRunspace();
            var first = InMemory(shell, "first");
            var second = InMemory(shell, "second");

            shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "k", ["Value"] = "v" });

            Assert.True(second.IsDefault);
            Assert.False(first.IsDefault);
            Assert.True(Stored(second, "k"));
            Assert.False(Stored(first, "k"));
        }

        [Fact]
        public void Use_MemcachedConnection_makes_an_open_connection_the_default_by_name_or_from_the_pipeline()
        {
            using var shell = new ModuleRunspace();
            var first = InMemory(shell, "first");
            var second = InMemory(shell, "second");

            shell.Invoke("Use-MemcachedConnection", new Hashtable { ["Connection"] = "first" });
            shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "k", ["Value"] = "v" });

            Assert.True(first.IsDefault);
            Assert.True(Stored(first, "k"));
            Assert.False(Stored(second, "k"));

            var passed = shell.Run("Get-MemcachedConnection second | Use-MemcachedConnection -PassThru");
            Assert.Empty(passed.Errors);
            Assert.Same(second, passed.Objects.Single());
            Assert.Equal("second", DefaultName(shell));
        }

        [Fact]
        public void After_Use_MemcachedConnection_closing_the_default_gives_the_one_used_before_it_back()
        {
            using var shell = new ModuleRunspace();
            InMemory(shell, "first");
            InMemory(shell, "second");
            InMemory(shell, "third");
            shell.Invoke("Use-MemcachedConnection", new Hashtable { ["Connection"] = "first" });

            shell.Invoke("Disconnect-Memcached");

            Assert.Equal("third", DefaultName(shell));
        }

        [Fact]
        public void Use_MemcachedConnection_refuses_a_closed_connection_and_keeps_the_default()
        {
            using var shell = new ModuleRunspace();
            var first = InMemory(shell, "first");
            InMemory(shell, "second");
            shell.Invoke("Disconnect-Memcached", new Hashtable { ["Name"] = "first" });

            var error = shell.Terminating("Use-MemcachedConnection", new Hashtable { ["Connection"] = first });

            Assert.StartsWith("ConnectionClosed", error.FullyQualifiedErrorId);
            Assert.Equal("second", DefaultName(shell));
        }

        [Fact]
        public void Use_MemcachedConnection_in_a_thread_job_refuses_a_connection_of_another_runspace()
        {
            using var shell = new ModuleRunspace();
            InMemory(shell, "outer");

            var result = shell.Run("param($module) $c = Get-MemcachedConnection outer; " +
                "1 | ForEach-Object -Parallel { Import-Module $using:module; try { Use-MemcachedConnection $using:c -ErrorAction Stop; 'no error' } " +
                "catch { $_.FullyQualifiedErrorId; $_.Exception.Message } }",
                new Hashtable { ["module"] = ModuleRunspace.ModulePath });

            Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
            var lines = result.Objects.Cast<string>().ToArray();
            Assert.StartsWith("InvalidRequest", lines[0]);
            Assert.Contains("-Connection", lines[1]);
        }

        [Fact]
        public void Disconnecting_the_default_gives_the_previous_default_back()
        {
            using var shell = new ModuleRunspace();
            InMemory(shell, "first");
            var second = InMemory(shell, "second");

            shell.Invoke("Disconnect-Memcached");

            Assert.False(second.IsOpen);
            Assert.Equal("first", DefaultName(shell));
        }

        [Fact]
        public void Connecting_under_a_name_in_use_closes_the_connection_it_replaces()
        {
            using var shell = new ModuleRunspace();
            var old = InMemory(shell, "cache");

            var replacement = InMemory(shell, "CACHE");

            Assert.False(old.IsOpen);
            Assert.Equal(new[] { replacement }, shell.Invoke("Get-MemcachedConnection").Objects);
        }

        [Fact]
        public void Connection_takes_a_name_of_this_runspace()
        {
            using var shell = new ModuleRunspace();
            var named = InMemory(shell, "named");
            InMemory(shell, "other");

            shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "k", ["Value"] = "v", ["Connection"] = "named" });

            Assert.True(Stored(named, "k"));
        }

        [Fact]
        public void Runspaces_have_separate_names_and_defaults()
        {
            using var a = new ModuleRunspace();
            using var b = new ModuleRunspace();
            InMemory(a, "in-a");
            InMemory(b, "in-b");

            Assert.Equal(new[] { "in-a" }, a.Invoke("Get-MemcachedConnection").Objects.Cast<MemcachedConnection>().Select(c => c.Name));
            Assert.Equal("in-b", DefaultName(b));
        }

        [Fact]
        public void Get_MemcachedConnection_and_Disconnect_Memcached_take_wildcards()
        {
            using var shell = new ModuleRunspace();
            InMemory(shell, "prod-1");
            InMemory(shell, "test");
            InMemory(shell, "prod-2");

            var listed = shell.Invoke("Get-MemcachedConnection", new Hashtable { ["Name"] = new[] { "PROD-*" } });
            shell.Invoke("Disconnect-Memcached", new Hashtable { ["Name"] = new[] { "prod-?" } });

            Assert.Equal(new[] { "prod-1", "prod-2" }, listed.Objects.Cast<MemcachedConnection>().Select(c => c.Name));
            Assert.Equal(new[] { "test" }, shell.Invoke("Get-MemcachedConnection").Objects.Cast<MemcachedConnection>().Select(c => c.Name));
        }
    }
}
