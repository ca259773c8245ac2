using System.Collections;
using System.Linq;
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
