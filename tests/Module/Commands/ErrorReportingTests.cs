using System.Collections;
using System.Management.Automation;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// The error records the cmdlets write: a per-item outcome is a non-terminating error under its stable id, category
    /// and target while the rest goes on; a setup problem ends the command.
    /// </summary>
    public sealed class ErrorReportingTests
    {
        private static ModuleRunspace ConnectedInMemory()
        {
            var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true });
            return shell;
        }

        [Fact]
        public void A_miss_is_a_non_terminating_ItemNotFound_for_its_key_and_the_hits_still_come_out()
        {
            using var shell = ConnectedInMemory();
            shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "here", ["Value"] = "v" });

            var result = shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = new[] { "missing", "here" }, ["ValueOnly"] = true });

            Assert.Equal(new object[] { "v" }, result.Objects);
            var error = Assert.Single(result.Errors);
            Assert.Equal("ItemNotFound,MemcachePS.Commands.GetMemcachedItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("missing", error.TargetObject);
        }

        [Fact]
        public void Add_on_a_present_key_is_ItemExists()
        {
            using var shell = ConnectedInMemory();
            shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "k", ["Value"] = "old" });

            var result = shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "k", ["Value"] = "new", ["Mode"] = "Add" });

            var error = Assert.Single(result.Errors);
            Assert.Equal("ItemExists,MemcachePS.Commands.SetMemcachedItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Equal("k", error.TargetObject);
        }

        [Fact]
        public void An_illegal_key_is_InvalidKey_and_the_other_keys_are_still_written()
        {
            using var shell = ConnectedInMemory();

            var result = shell.Run("'a b', 'fine' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = 1 } } | Set-MemcachedItem; Get-MemcachedItem fine -ValueOnly");

            Assert.Equal(new object[] { 1L }, result.Objects);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("InvalidKey,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal("a b", error.TargetObject);
        }

        [Fact]
        public void Incrementing_text_is_CounterNotNumeric()
        {
            using var shell = ConnectedInMemory();
            shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "word", ["Value"] = "abc" });

            var result = shell.Invoke("Step-MemcachedCounter", new Hashtable { ["Key"] = new[] { "word" } });

            var error = Assert.Single(result.Errors);
            Assert.StartsWith("CounterNotNumeric,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        }

        [Fact]
        public void Without_a_connection_the_command_ends_with_NoConnection()
        {
            using var shell = new ModuleRunspace();

            var error = shell.Terminating("Get-MemcachedItem", new Hashtable { ["Key"] = new[] { "k" } });

            Assert.Equal("NoConnection,MemcachePS.Commands.GetMemcachedItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            Assert.Contains("Connect-Memcached", error.Exception.Message);
        }

        [Fact]
        public void A_closed_connection_ends_the_command_with_ConnectionClosed()
        {
            using var shell = new ModuleRunspace();
            var connection = shell.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true }).Single<MemcachedConnection>();
            shell.Invoke("Disconnect-Memcached");

            var error = shell.Terminating("Get-MemcachedItem", new Hashtable { ["Key"] = new[] { "k" }, ["Connection"] = connection });

            Assert.StartsWith("ConnectionClosed,", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void An_unknown_connection_name_is_refused_at_binding()
        {
            using var shell = ConnectedInMemory();

            var error = shell.Terminating("Get-MemcachedItem", new Hashtable { ["Key"] = new[] { "k" }, ["Connection"] = "nope" });

            Assert.StartsWith("ParameterArgumentTransformationError,", error.FullyQualifiedErrorId);
            Assert.Contains("'nope'", error.Exception.Message);
        }

        [Fact]
        public void A_bad_server_address_ends_Connect_Memcached()
        {
            using var shell = new ModuleRunspace();

            var error = shell.Terminating("Connect-Memcached", new Hashtable { ["Server"] = new[] { "host:99999" } });

            Assert.StartsWith("InvalidServerAddress,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }

        [Fact]
        public void A_server_that_does_not_answer_ends_Connect_Memcached_unless_errors_are_ignored()
        {
            using var shell = new ModuleRunspace();
            string address = "127.0.0.1:" + MemcachedProcess.FreeTcpPort();

            var error = shell.Terminating("Connect-Memcached", new Hashtable { ["Server"] = new[] { address }, ["ConnectTimeout"] = 1 });
            var ignored = shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { address }, ["ConnectTimeout"] = 1, ["IgnoreErrors"] = true });

            Assert.StartsWith("ConnectionFailed,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.Single(ignored.Warnings);
            Assert.True(ignored.Single<MemcachedConnection>().IgnoreErrors);
        }
    }
}
