using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>
    /// Eight runspaces (ForEach-Object -Parallel) share one connection to a memcached that admits two connections
    /// (memcached -c: it refuses the others with "ERROR Too many open connections"), each writing and reading its items
    /// one command at a time: every item is written and read.
    /// </summary>
    public sealed class ConnectionLimitTests
    {
        private readonly ITestOutputHelper _output;

        public ConnectionLimitTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void Eight_runspaces_sharing_a_connection_finish_their_work_through_a_server_that_admits_two_connections()
        {
            const int Threads = 8, PerThread = 300;
            using var server = MemcachedProcess.Start("-c", "22");
            var held = new List<Socket>();
            try
            {
                // Take every place the server has but two (how many a given -c leaves depends on inherited descriptors).
                Socket? next;
                Assert.True(SpinWait.SpinUntil(() => CurrentConnections(server.Port) == 0, TimeSpan.FromSeconds(10)));
                while ((next = Admitted(server.Port)) != null) held.Add(next);
                Assert.True(held.Count >= 2);
                for (int i = 0; i < 2; i++) { held[^1].Dispose(); held.RemoveAt(held.Count - 1); }
                Assert.True(SpinWait.SpinUntil(() => CurrentConnections(server.Port) == held.Count, TimeSpan.FromSeconds(10)));

                using var shell = new ModuleRunspace();
                var connection = shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { server.Address } }).Single<MemcachedConnection>();
                var result = shell.Run(@"
                    param($connection, $module, $n, $threads)
                    1..$threads | ForEach-Object -ThrottleLimit $threads -Parallel {
                        Import-Module $using:module
                        $t = $_
                        $c = $using:connection
                        foreach ($i in 1..$using:n) {
                            Set-MemcachedItem -Key ""t$t-$i"" -Value ""t$t-$i"" -Connection $c
                            Get-MemcachedItem -Key ""t$t-$i"" -Connection $c -ValueOnly
                        }
                    }",
                    new Hashtable { ["connection"] = connection, ["module"] = ModuleRunspace.ModulePath, ["n"] = PerThread, ["threads"] = Threads });

                var values = result.Objects.Select(o => o.ToString()).ToList();
                _output.WriteLine($"{values.Count} of {Threads * PerThread} items read back, {result.Errors.Count} errors ({result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message).FirstOrDefault()}).");
                Assert.Empty(result.Errors);
                Assert.Equal(Threads * PerThread, values.Count);
                Assert.Equal(Threads * PerThread, values.Distinct().Count());
            }
            finally
            {
                foreach (var s in held) s.Dispose();
            }
        }

        /// <summary>A connection the server admitted (it answers version), or null when it refused it.</summary>
        private static Socket? Admitted(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
            try
            {
                socket.Connect("127.0.0.1", port);
                socket.Send(Encoding.ASCII.GetBytes("version\r\n"));
                var buffer = new byte[100];
                int n = socket.Receive(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, n).StartsWith("VERSION", StringComparison.Ordinal)) return socket;
            }
            catch (SocketException)
            {
            }
            socket.Dispose();
            return null;
        }

        /// <summary>curr_connections less the asking connection itself; -1 when the server refused to answer.</summary>
        private static long CurrentConnections(int port)
        {
            using var socket = Admitted(port);
            if (socket == null) return -1;
            socket.Send(Encoding.ASCII.GetBytes("stats\r\n"));
            var reply = new StringBuilder();
            var buffer = new byte[65536];
            while (!reply.ToString().EndsWith("END\r\n", StringComparison.Ordinal)) reply.Append(Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)));
            foreach (var line in reply.ToString().Split("\r\n"))
                if (line.StartsWith("STAT curr_connections ", StringComparison.Ordinal)) return long.Parse(line.Substring(22)) - 1;
            return -1;
        }
    }
}
