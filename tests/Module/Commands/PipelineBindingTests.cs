using System.Collections;
using System.Linq;
using MemcachePS.Core.Stats;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// What binds from the pipeline (issue 13): -Server never binds by property name, so listed keys piped into a
    /// server-level command are refused instead of flushing or querying whole servers once per key; connections bind
    /// as themselves.
    /// </summary>
    public sealed class PipelineBindingTests
    {
        private static (MemcachedProcess a, MemcachedProcess b, ModuleRunspace shell) TwoServers()
        {
            var a = MemcachedProcess.Start();
            var b = MemcachedProcess.Start();
            var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { a.Address, b.Address } });
            shell.Run("1..30 | ForEach-Object { [pscustomobject]@{ Key = \"session:$_\"; Value = $_ } } | Set-MemcachedItem");
            return (a, b, shell);
        }

        private static long Flushes(ModuleRunspace shell) =>
            shell.Invoke("Get-MemcachedStats").Objects.Cast<GeneralStats>().Sum(s => s.CmdFlush);

        [Fact]
        public void Listed_keys_piped_into_Clear_Memcached_flush_nothing()
        {
            var (a, b, shell) = TwoServers();
            using (a) using (b) using (shell)
            {
                var result = shell.Run("Get-MemcachedKey 'session:*' | Clear-Memcached -Force");

                Assert.Equal(0, Flushes(shell));
                Assert.Equal(30, result.Errors.Count);
                Assert.All(result.Errors, e => Assert.StartsWith("InputObjectNotBound", e.FullyQualifiedErrorId));
                Assert.Equal(30, shell.Run("Get-MemcachedKey 'session:*'").Output.Count);
            }
        }

        [Fact]
        public void Listed_keys_piped_into_Get_MemcachedStats_are_refused_not_answered_once_per_key()
        {
            var (a, b, shell) = TwoServers();
            using (a) using (b) using (shell)
            {
                var result = shell.Run("Get-MemcachedKey 'session:*' | Get-MemcachedStats");

                Assert.Empty(result.Output);
                Assert.Equal(30, result.Errors.Count);
            }
        }

        [Fact]
        public void Listed_keys_piped_into_Test_MemcachedConnection_are_refused()
        {
            var (a, b, shell) = TwoServers();
            using (a) using (b) using (shell)
            {
                var result = shell.Run("Get-MemcachedKey 'session:*' | Test-MemcachedConnection");

                Assert.Empty(result.Output);
                Assert.Equal(30, result.Errors.Count);
            }
        }

        [Fact]
        public void Connections_piped_into_Test_MemcachedConnection_are_each_tested()
        {
            using var a = MemcachedProcess.Start();
            using var b = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = a.Address, ["Name"] = "first" });
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = b.Address, ["Name"] = "second" });

            var result = shell.Run("Get-MemcachedConnection | Test-MemcachedConnection");

            Assert.Empty(result.Errors);
            var servers = result.Objects.Cast<MemcachedConnectionTestResult>().Select(r => r.Server).OrderBy(s => s).ToArray();
            Assert.Equal(new[] { a.Address, b.Address }.OrderBy(s => s).ToArray(), servers);
        }

        [Fact]
        public void Connections_piped_into_Get_MemcachedStats_are_each_asked()
        {
            using var a = MemcachedProcess.Start();
            using var b = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = a.Address, ["Name"] = "first" });
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = b.Address, ["Name"] = "second" });

            var result = shell.Run("Get-MemcachedConnection | Get-MemcachedStats");

            Assert.Empty(result.Errors);
            Assert.Equal(new long[] { a.ProcessId, b.ProcessId }.OrderBy(p => p).ToArray(),
                result.Objects.Cast<GeneralStats>().Select(s => s.ProcessId).OrderBy(p => p).ToArray());
        }
    }
}
