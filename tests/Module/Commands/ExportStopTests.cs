using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Threading;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>An export stopped part-way (Ctrl+C, or an error further down the pipeline) closes its file at once.</summary>
    public sealed class ExportStopTests : IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedFixture _server;

        public ExportStopTests(MemcachedFixture server) => _server = server;

        [Fact]
        public void A_stopped_export_leaves_its_file_closed()
        {
            string path = Path.Combine(Path.GetTempPath(), "memcacheps-stop-" + Guid.NewGuid().ToString("N") + ".jsonl");
            try
            {
                using var shell = new ModuleRunspace();
                shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = _server.Process.Address });
                shell.Run("1..600 | ForEach-Object { Set-MemcachedItem \"stop:$_\" $_ }");
                using var ps = PowerShell.Create();
                ps.Runspace = shell.Runspace;
                // Keys keep coming (the generator never ends), so only Stop ends the export.
                ps.AddScript("param($path) & { while ($true) { foreach ($i in 1..600) { \"stop:$i\" } } } | Export-MemcachedItem -Path $path").AddArgument(path);
                var running = ps.BeginInvoke();
                Assert.True(SpinWait.SpinUntil(() => File.Exists(path) && new FileInfo(path).Length > 0, TimeSpan.FromSeconds(30)), "the export wrote nothing");

                ps.Stop();
                Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the export did not stop");

                // Opened for exclusive use: the export's handle must be gone, not left to the garbage collector.
                using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                Assert.True(exclusive.Length > 0);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
