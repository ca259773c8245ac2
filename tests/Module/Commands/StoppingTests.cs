using System;
using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading.Tasks;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Ctrl+C (PowerShell.Stop, which calls StopProcessing) ends a cmdlet whose call is waiting on a server that never
    /// answers, long before the connection's timeout (30 s here), and closes that call's connection.
    /// </summary>
    public sealed class StoppingTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

        /// <summary>Starts <paramref name="script"/>, stops it once the server has seen its request, and checks how the stop went.</summary>
        private static void AssertStopsWhileWaiting(string script)
        {
            using var server = new TrickleServer(ReplyPace.Never);
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { server.Address }, ["Timeout"] = 30 });
            using var ps = PowerShell.Create();
            ps.Runspace = shell.Runspace;
            ps.AddScript(script);
            IAsyncResult running = ps.BeginInvoke();

            var waited = Stopwatch.StartNew();
            while (server.ItemRequestsSeen == 0 && waited.Elapsed < Patience && !running.IsCompleted) Task.Delay(10).Wait();
            Assert.True(server.ItemRequestsSeen > 0, "The command never reached the server.");
            Assert.False(running.IsCompleted, "The command ended before it was stopped.");

            // Stop() returns once the pipeline has stopped: bounded here by Patience, far below the 30 s timeout.
            var stop = Task.Run(() => ps.Stop());
            Assert.True(stop.Wait(Patience), "The command did not stop.");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);

            var connection = shell.Invoke("Get-MemcachedConnection").Single<MemcachePS.MemcachedConnection>();
            var client = Assert.IsType<MemcachePS.Core.MemcachedClient>(connection.Client);
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void Get_MemcachedItem_stops_while_the_server_is_silent() =>
            AssertStopsWhileWaiting("Get-MemcachedItem -Key a, b, c");

        [Fact]
        public void Set_MemcachedItem_stops_while_the_server_is_silent() =>
            AssertStopsWhileWaiting("Set-MemcachedItem -Key a -Value 1");

        /// <summary>A full batch is sent while the next is collected: Ctrl+C while the pipeline waits for that batch.</summary>
        [Fact]
        public void Set_MemcachedItem_stops_while_it_waits_for_the_batch_in_flight() =>
            AssertStopsWhileWaiting("1..100 | ForEach-Object { [pscustomobject]@{ id = $_ } } | Set-MemcachedItem -KeyProperty id -BatchSize 10");

        /// <summary>Ctrl+C while the input is waiting and a batch is in flight: the batch's call is cancelled and its connection closed.</summary>
        [Fact]
        public void Set_MemcachedItem_stops_while_the_input_waits_with_a_batch_in_flight() =>
            AssertStopsWhileWaiting("& { 1..10 | ForEach-Object { [pscustomobject]@{ id = $_ } }; Start-Sleep -Seconds 600 } | Set-MemcachedItem -KeyProperty id -BatchSize 10");

        [Fact]
        public void Step_MemcachedCounter_stops_while_the_server_is_silent() =>
            AssertStopsWhileWaiting("Step-MemcachedCounter -Key hits");
    }
}
