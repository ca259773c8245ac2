using System.Collections;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>
    /// Connections belong to the runspace that made them: another runspace of the process (a thread job, a
    /// ForEach-Object -Parallel worker) that imports and removes the module, or closes, never closes them, and a
    /// connection object handed to another runspace works there.
    /// </summary>
    public sealed class RunspaceSharingTests : IClassFixture<MemcachedFixture>
    {
        private readonly string _address;

        public RunspaceSharingTests(MemcachedFixture server) => _address = server.Process.Address;

        private MemcachedConnection Connect(ModuleRunspace runspace, string name) =>
            runspace.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { _address }, ["Name"] = name }).Single<MemcachedConnection>();

        [Fact]
        public void Removing_the_module_in_another_runspace_leaves_this_runspaces_connection_working()
        {
            using var a = new ModuleRunspace();
            var connection = Connect(a, "a-default");
            a.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "shared:a", ["Value"] = "from a" });

            using (var b = new ModuleRunspace())
            {
                var own = Connect(b, "b-own");
                b.Run("Remove-Module MemcachePS");
                Assert.False(own.IsOpen);
            }

            Assert.True(connection.IsOpen);
            Assert.True(connection.IsDefault);
            Assert.Equal("from a", a.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = "shared:a", ["ValueOnly"] = true }).Single<string>());
        }

        [Fact]
        public void Removing_the_module_closes_the_connections_of_the_runspace_that_removes_it()
        {
            using var a = new ModuleRunspace();
            var first = Connect(a, "first");
            var second = Connect(a, "second");

            a.Run("Remove-Module MemcachePS");

            Assert.False(first.IsOpen);
            Assert.False(second.IsOpen);
        }

        [Fact]
        public void A_runspace_that_closes_closes_its_own_connections_only()
        {
            using var a = new ModuleRunspace();
            var connection = Connect(a, "outer");

            // As a thread job or a -Parallel worker would: made, used and closed from a's pipeline thread.
            var inner = a.Run(@"param($module, $address)
                $shell = [powershell]::Create()
                $null = $shell.AddScript({ param($module, $address) Import-Module $module; Connect-Memcached $address -Name inner }).AddArgument($module).AddArgument($address)
                $made = $shell.Invoke()
                $shell.Runspace.Dispose()
                $shell.Dispose()
                $made", new Hashtable { ["module"] = ModuleRunspace.ModulePath, ["address"] = _address }).Single<MemcachedConnection>();

            Assert.False(inner.IsOpen);
            Assert.True(connection.IsOpen);
            Assert.Equal(new object[] { connection }, a.Invoke("Get-MemcachedConnection").Objects);
        }

        [Fact]
        public void A_connection_passed_with_using_works_in_parallel_workers_that_remove_the_module()
        {
            using var a = new ModuleRunspace();
            var connection = Connect(a, "parallel");

            var result = a.Run(@"param($module, $connection)
                1..4 | ForEach-Object -ThrottleLimit 2 -Parallel {
                    Import-Module $using:module
                    Set-MemcachedItem -Key ""parallel:$_"" -Value $_ -Connection $using:connection
                    Remove-Module MemcachePS
                }
                Get-MemcachedItem -Key parallel:1, parallel:2, parallel:3, parallel:4 -ValueOnly",
                new Hashtable { ["module"] = ModuleRunspace.ModulePath, ["connection"] = connection });

            Assert.Empty(result.Errors);
            Assert.Equal(new object[] { 1L, 2L, 3L, 4L }, result.Objects);
            Assert.True(connection.IsOpen);
        }

        [Fact]
        public void A_worker_has_no_default_and_says_how_to_pass_the_connection()
        {
            using var a = new ModuleRunspace();
            Connect(a, "parent-default");

            var result = a.Run(@"param($module)
                1 | ForEach-Object -Parallel {
                    Import-Module $using:module
                    try { Get-MemcachedItem -Key k } catch { $_ }
                }", new Hashtable { ["module"] = ModuleRunspace.ModulePath });

            var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
            Assert.StartsWith("NoConnection,", error.FullyQualifiedErrorId);
            Assert.Contains("$using:", error.Exception.Message);
        }

        [Fact]
        public void Disconnecting_a_passed_connection_removes_it_from_the_runspace_that_made_it()
        {
            using var a = new ModuleRunspace();
            Connect(a, "older");
            var connection = Connect(a, "passed");

            a.Run(@"param($module, $connection)
                1 | ForEach-Object -Parallel { Import-Module $using:module; Disconnect-Memcached -Connection $using:connection }",
                new Hashtable { ["module"] = ModuleRunspace.ModulePath, ["connection"] = connection });

            Assert.False(connection.IsOpen);
            Assert.Equal(new[] { "older" }, a.Invoke("Get-MemcachedConnection").Objects.Cast<MemcachedConnection>().Select(c => c.Name));
            Assert.Equal("older", a.Invoke("Get-MemcachedConnection", new Hashtable { ["Default"] = true }).Single<MemcachedConnection>().Name);
        }

        [Fact]
        public void A_serialized_copy_of_a_connection_is_refused_with_the_reason()
        {
            using var a = new ModuleRunspace();
            Connect(a, "original");

            // What Start-Job or Invoke-Command hand over: a property bag, not the connection.
            var result = a.Run(@"
                $copy = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize((Get-MemcachedConnection original)))
                try { Get-MemcachedItem -Key k -Connection $copy } catch { $_ }");

            var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Output).BaseObject);
            Assert.StartsWith("ParameterArgumentTransformationError,", error.FullyQualifiedErrorId);
            Assert.Contains("serialized copy", error.Exception.Message);
        }
    }
}
