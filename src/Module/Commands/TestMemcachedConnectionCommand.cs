using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Errors;
using MemcachePS.Sessions;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Asks each server for its version and reports whether it answered and how fast. Servers are those of the
    /// connection (or those named by -Server); a -Server that is not part of any connection is tested directly.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "MemcachedConnection")]
    [OutputType(typeof(MemcachedConnectionTestResult), typeof(bool))]
    public sealed class TestMemcachedConnectionCommand : ServerCmdlet
    {
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completion.ServerNameCompleter))]
        public string[]? Server { get; set; }

        /// <summary>Writes only $true when every server answered, else $false.</summary>
        [Parameter]
        public SwitchParameter Quiet { get; set; }

        protected override void ProcessRecord()
        {
            var probes = new List<Func<MemcachedConnectionTestResult>>();
            var connection = Connection ?? RunspaceConnections.Current.Default;
            if (Server == null)
            {
                foreach (var server in ActiveConnection.Client.Servers) probes.Add(Probe(ActiveConnection.Client, server, Stopping));
            }
            else
            {
                foreach (var text in Server)
                {
                    var known = connection != null && connection.IsOpen
                        ? ServerSelection.Resolve(connection.Client.Servers, new[] { text }, out _)
                        : new ServerAddress[0];
                    if (known.Count > 0)
                    {
                        foreach (var server in known) probes.Add(Probe(connection!.Client, server, Stopping));
                        continue;
                    }
                    if (!ServerAddress.TryParse(text, out var address, out var reason))
                    {
                        Report(new ErrorDescription(ErrorCatalog.InvalidServerAddress, ErrorCategory.InvalidArgument, reason!, false, text));
                        continue;
                    }
                    probes.Add(ProbeDirect(address!, connection, Stopping));
                }
            }

            // Probe in parallel (a server that does not answer costs its timeout once, not per server), write in order.
            var results = probes.Select(p => Task.Run(p)).ToArray();
            Task.WaitAll(results, Stopping);
            if (Quiet) WriteObject(results.All(r => r.Result.Online));
            else foreach (var r in results) WriteObject(r.Result);
        }

        private static Func<MemcachedConnectionTestResult> Probe(IMemcachedStore store, ServerAddress server, CancellationToken token) => () =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var answer = store.Version(new[] { server }, token)[0];
                watch.Stop();
                return answer.HasError
                    ? new MemcachedConnectionTestResult(server.Name, false, null, null, answer.Error!.Message)
                    : new MemcachedConnectionTestResult(server.Name, true, answer.Result, watch.Elapsed, null);
            }
            catch (Exception e) when (e is MemcachedException || e is ObjectDisposedException)
            {
                return new MemcachedConnectionTestResult(server.Name, false, null, null, e.Message);
            }
        };

        /// <summary>A server outside the connection, tried with a client of its own (the connection's timeouts when there is one).</summary>
        private static Func<MemcachedConnectionTestResult> ProbeDirect(ServerAddress server, MemcachedConnection? connection, CancellationToken token) => () =>
        {
            var options = new MemcachedClientOptions { ServerFailureLimit = int.MaxValue };
            options.Servers.Add(server);
            if (connection != null && !connection.InMemory)
            {
                options.ConnectTimeout = connection.ConnectTimeout;
                options.OperationTimeout = connection.Timeout;
            }
            using var client = new MemcachedClient(options);
            return Probe(client, server, token)();
        };
    }
}
