using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core
{
    /// <summary>Commands to whole servers: stats, flush_all, version, verbosity, cache_memlimit, any classic command, quit.</summary>
    public sealed partial class MemcachedClient
    {
        /// <summary>
        /// <c>stats [arguments]</c> on every server (or the ones given), in parallel. A proxy (<see cref="ServerKind.Proxy"/>)
        /// cannot pass it on: its result is a <see cref="MemcachedClientException"/> that says so, and nothing is sent to it.
        /// So are flush_all, verbosity and cache_memlimit's; <see cref="Version"/> goes through (twemproxy answers it).
        /// </summary>
        public IReadOnlyList<ServerResult<StatsResult>> Stats(string? arguments = null, IEnumerable<ServerAddress>? servers = null,
            CancellationToken cancellationToken = default) =>
            OnServers(servers, "stats", arguments, multiLine: true, StatsResult.Parse, cancellationToken);

        public Task<IReadOnlyList<ServerResult<StatsResult>>> StatsAsync(string? arguments = null, IEnumerable<ServerAddress>? servers = null,
            CancellationToken cancellationToken = default) =>
            OnServersAsync(servers, "stats", arguments, multiLine: true, StatsResult.Parse, cancellationToken);

        /// <summary><c>stats reset</c> on every server (or the ones given): counters back to zero, items untouched. A proxy
        /// cannot pass it on (see <see cref="Stats"/>).</summary>
        public IReadOnlyList<ServerResult<bool>> ResetStats(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default) =>
            OnServers(servers, "stats", "reset", multiLine: false, lines => Expect(lines, "RESET", "stats reset"), cancellationToken);

        public Task<IReadOnlyList<ServerResult<bool>>> ResetStatsAsync(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default) =>
            OnServersAsync(servers, "stats", "reset", multiLine: false, lines => Expect(lines, "RESET", "stats reset"), cancellationToken);

        /// <summary>Invalidates every item (now, or after <paramref name="delay"/>) on every server or the ones given.</summary>
        public IReadOnlyList<ServerResult<bool>> FlushAll(TimeSpan? delay = null, IEnumerable<ServerAddress>? servers = null,
            CancellationToken cancellationToken = default) =>
            OnServers(servers, "flush_all", FlushArgument(delay), multiLine: false, lines => ExpectOk(lines, "flush_all"), cancellationToken);

        public Task<IReadOnlyList<ServerResult<bool>>> FlushAllAsync(TimeSpan? delay = null, IEnumerable<ServerAddress>? servers = null,
            CancellationToken cancellationToken = default) =>
            OnServersAsync(servers, "flush_all", FlushArgument(delay), multiLine: false, lines => ExpectOk(lines, "flush_all"), cancellationToken);

        /// <summary>Each server's version string, e.g. "1.6.18".</summary>
        public IReadOnlyList<ServerResult<string>> Version(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default) =>
            OnServers(servers, "version", null, multiLine: false, VersionOf, cancellationToken);

        public Task<IReadOnlyList<ServerResult<string>>> VersionAsync(IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default) =>
            OnServersAsync(servers, "version", null, multiLine: false, VersionOf, cancellationToken);

        /// <summary>Sets the servers' logging verbosity (<c>verbosity n</c>).</summary>
        public IReadOnlyList<ServerResult<bool>> Verbosity(int level, IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default)
        {
            if (level < 0) throw new MemcachedClientException("Verbosity cannot be negative.");
            return OnServers(servers, "verbosity", level.ToString(CultureInfo.InvariantCulture), multiLine: false, lines => ExpectOk(lines, "verbosity"), cancellationToken);
        }

        /// <summary>Changes the servers' memory limit at run time (<c>cache_memlimit megabytes</c>).</summary>
        public IReadOnlyList<ServerResult<bool>> CacheMemoryLimit(int megabytes, IEnumerable<ServerAddress>? servers = null, CancellationToken cancellationToken = default)
        {
            if (megabytes < 1) throw new MemcachedClientException("cache_memlimit takes a positive number of megabytes.");
            return OnServers(servers, "cache_memlimit", megabytes.ToString(CultureInfo.InvariantCulture), multiLine: false, lines => ExpectOk(lines, "cache_memlimit"), cancellationToken);
        }

        /// <summary>
        /// Runs any classic command on one server and returns its reply lines (up to END for multi-line replies).
        /// For commands this client has no method for (<c>stats detail dump</c>, <c>lru_crawler metadump</c> of one
        /// slab class, …). Replies must end their lines with CR LF; <c>lru_crawler metadump all</c> does not, so read
        /// it with <see cref="DumpKeys"/>. Sent to a proxy too, as given: twemproxy closes the connection on any command it
        /// does not forward, which then fails as a connection error.
        /// </summary>
        /// <param name="server">One of this client's servers.</param>
        /// <param name="command">One word of printable ASCII (no space, control or non-ASCII character), e.g. <c>stats</c>.</param>
        /// <param name="arguments">What follows the name: printable ASCII and spaces.</param>
        /// <param name="multiLine">The reply runs to an END line (stats and the like) rather than being one line.</param>
        /// <param name="cancellationToken">Ends the wait; the connection is closed.</param>
        /// <exception cref="MemcachedClientException">The name or the arguments cannot be one command line; nothing is sent.</exception>
        /// <exception cref="MemcachedProtocolException">The reply is not a reply, or a listing goes on past 1,000,000 lines or 64 MiB.</exception>
        public IReadOnlyList<string> ExecuteCommand(ServerAddress server, string command, string? arguments, bool multiLine, CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            TextRequestWriter.ValidateCommand(command, arguments); // before a connection is even rented
            var op = new CommandOperation(command, arguments, multiLine, raw: true);
            return _engine.Run<CommandOperation, IReadOnlyList<string>>(NodeFor(server), ref op, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ExecuteCommandAsync(ServerAddress server, string command, string? arguments, bool multiLine,
            CancellationToken cancellationToken = default)
        {
            ThrowIfDisposed();
            TextRequestWriter.ValidateCommand(command, arguments);
            return _engine.RunAsync<CommandOperation, IReadOnlyList<string>>(NodeFor(server), new CommandOperation(command, arguments, multiLine, raw: true), cancellationToken);
        }

        /// <summary>Says <c>quit</c> on every idle connection and closes it; later operations open new ones.</summary>
        public void Quit()
        {
            foreach (var node in _nodes)
            {
                node.Pool.CloseIdle(conn =>
                {
                    conn.Output.Clear();
                    if (node.UsesBinary) BinaryRequestWriter.Bare(conn.Output, BinaryOpcode.Quit, 0);
                    else TextRequestWriter.Command(conn.Output, "quit");
                    conn.Flush(Deadline.Start(_options.OperationTimeout));
                });
            }
        }

        private static string? FlushArgument(TimeSpan? delay)
        {
            if (!delay.HasValue) return null;
            return Expiration.FlushDelayWireValue(delay.Value, DateTimeOffset.UtcNow).ToString(CultureInfo.InvariantCulture);
        }

        private static string VersionOf(IReadOnlyList<string> lines)
        {
            string line = lines.Count > 0 ? lines[0] : string.Empty;
            if (!line.StartsWith("VERSION ", StringComparison.Ordinal)) throw new MemcachedProtocolException($"Unexpected reply to version: '{line}'.");
            return line.Substring(8);
        }

        private static bool ExpectOk(IReadOnlyList<string> lines, string command) => Expect(lines, "OK", command);

        private static bool Expect(IReadOnlyList<string> lines, string reply, string command)
        {
            if (lines.Count == 1 && lines[0] == reply) return true;
            throw new MemcachedProtocolException($"Unexpected reply to {command}: '{(lines.Count > 0 ? lines[0] : "")}'.");
        }

        // ------------------------------------------------------------------ one command on many servers, as a batch

        private IReadOnlyList<ServerResult<T>> OnServers<T>(IEnumerable<ServerAddress>? servers, string command, string? argument,
            bool multiLine, Func<IReadOnlyList<string>, T> interpret, CancellationToken token)
        {
            var (batches, outcomes) = CommandBatches(servers, command, argument, multiLine);
            _batches.Run(batches, token);
            return Interpret(batches, outcomes, interpret);
        }

        private async Task<IReadOnlyList<ServerResult<T>>> OnServersAsync<T>(IEnumerable<ServerAddress>? servers, string command, string? argument,
            bool multiLine, Func<IReadOnlyList<string>, T> interpret, CancellationToken token)
        {
            var (batches, outcomes) = CommandBatches(servers, command, argument, multiLine);
            await _batches.RunAsync(batches, token).ConfigureAwait(false);
            return Interpret(batches, outcomes, interpret);
        }

        /// <summary>One share per server, holding the one command; a server's failure is its result, never ignored.</summary>
        private (List<NodeBatch<CommandOperation, IReadOnlyList<string>>>, KeyOutcome<IReadOnlyList<string>>[]) CommandBatches(
            IEnumerable<ServerAddress>? servers, string command, string? argument, bool multiLine)
        {
            ThrowIfDisposed();
            // Bad input is refused before a byte is sent, as an exception (not as every server's result).
            TextRequestWriter.ValidateCommand(command, argument);
            var nodes = new List<ServerNode>();
            if (servers == null) nodes.AddRange(_nodes);
            else foreach (var s in servers) nodes.Add(NodeFor(s));
            var names = new string[nodes.Count];
            var outcomes = new KeyOutcome<IReadOnlyList<string>>[nodes.Count];
            var batches = new List<NodeBatch<CommandOperation, IReadOnlyList<string>>>(nodes.Count);
            for (int i = 0; i < nodes.Count; i++)
            {
                names[i] = nodes[i].Address.Name;
                batches.Add(new NodeBatch<CommandOperation, IReadOnlyList<string>>(nodes[i], new List<int> { i }, names,
                    _ => new CommandOperation(command, argument, multiLine, refuseOnProxy: command != "version"), outcomes, quiet: false, ignoreErrors: false));
            }
            return (batches, outcomes);
        }

        private static IReadOnlyList<ServerResult<T>> Interpret<T>(List<NodeBatch<CommandOperation, IReadOnlyList<string>>> batches,
            KeyOutcome<IReadOnlyList<string>>[] outcomes, Func<IReadOnlyList<string>, T> interpret)
        {
            var results = new ServerResult<T>[outcomes.Length];
            for (int i = 0; i < outcomes.Length; i++)
            {
                var address = batches[i].Node.Address;
                var outcome = outcomes[i];
                if (outcome.HasError)
                {
                    results[i] = new ServerResult<T>(address, outcome.Error!);
                    continue;
                }
                try
                {
                    results[i] = new ServerResult<T>(address, interpret(outcome.Result!));
                }
                catch (MemcachedException e) when (!(e is MemcachedClientException))
                {
                    results[i] = new ServerResult<T>(address, e);
                }
            }
            return results;
        }
    }
}
