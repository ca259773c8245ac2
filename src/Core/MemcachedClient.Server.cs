using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core
{
    public sealed partial class MemcachedClient
    {
        /// <summary><c>stats [arguments]</c> on every server (or the ones given), in parallel.</summary>
        public IReadOnlyList<ServerResult<StatsResult>> Stats(string? arguments = null, IEnumerable<ServerAddress>? servers = null) =>
            StatsAsync(arguments, servers).GetAwaiter().GetResult();

        public Task<IReadOnlyList<ServerResult<StatsResult>>> StatsAsync(string? arguments = null, IEnumerable<ServerAddress>? servers = null) =>
            OnServersAsync(servers, "stats", arguments, multiLine: true, StatsResult.Parse);

        /// <summary>Invalidates every item (now, or after <paramref name="delay"/>) on every server or the ones given.</summary>
        public IReadOnlyList<ServerResult<bool>> FlushAll(TimeSpan? delay = null, IEnumerable<ServerAddress>? servers = null) =>
            FlushAllAsync(delay, servers).GetAwaiter().GetResult();

        public Task<IReadOnlyList<ServerResult<bool>>> FlushAllAsync(TimeSpan? delay = null, IEnumerable<ServerAddress>? servers = null)
        {
            string? argument = null;
            if (delay.HasValue)
            {
                if (delay.Value < TimeSpan.Zero) throw new MemcachedClientException("A flush delay cannot be negative.");
                argument = Expiration.In(delay.Value).ToWireValue().ToString(CultureInfo.InvariantCulture);
            }
            return OnServersAsync(servers, "flush_all", argument, multiLine: false, lines => ExpectOk(lines, "flush_all"));
        }

        /// <summary>Each server's version string, e.g. "1.6.18".</summary>
        public IReadOnlyList<ServerResult<string>> Version(IEnumerable<ServerAddress>? servers = null) =>
            VersionAsync(servers).GetAwaiter().GetResult();

        public Task<IReadOnlyList<ServerResult<string>>> VersionAsync(IEnumerable<ServerAddress>? servers = null) =>
            OnServersAsync(servers, "version", null, multiLine: false, lines =>
            {
                string line = lines.Count > 0 ? lines[0] : string.Empty;
                if (!line.StartsWith("VERSION ", StringComparison.Ordinal)) throw new MemcachedProtocolException($"Unexpected reply to version: '{line}'.");
                return line.Substring(8);
            });

        /// <summary>Sets the servers' logging verbosity (<c>verbosity n</c>).</summary>
        public IReadOnlyList<ServerResult<bool>> Verbosity(int level, IEnumerable<ServerAddress>? servers = null)
        {
            if (level < 0) throw new MemcachedClientException("Verbosity cannot be negative.");
            return OnServersAsync(servers, "verbosity", level.ToString(CultureInfo.InvariantCulture), multiLine: false, lines => ExpectOk(lines, "verbosity"))
                .GetAwaiter().GetResult();
        }

        /// <summary>Changes the servers' memory limit at run time (<c>cache_memlimit megabytes</c>).</summary>
        public IReadOnlyList<ServerResult<bool>> CacheMemoryLimit(int megabytes, IEnumerable<ServerAddress>? servers = null)
        {
            if (megabytes < 1) throw new MemcachedClientException("cache_memlimit takes a positive number of megabytes.");
            return OnServersAsync(servers, "cache_memlimit", megabytes.ToString(CultureInfo.InvariantCulture), multiLine: false, lines => ExpectOk(lines, "cache_memlimit"))
                .GetAwaiter().GetResult();
        }

        /// <summary>
        /// Runs any classic command on one server and returns its reply lines (up to END for multi-line replies).
        /// For commands this client has no method for (<c>stats detail dump</c>, <c>lru_crawler metadump</c> of one
        /// slab class, …). Replies must end their lines with CR LF; <c>lru_crawler metadump all</c> does not, so read
        /// it with <see cref="DumpKeys"/>.
        /// </summary>
        public IReadOnlyList<string> ExecuteCommand(ServerAddress server, string command, string? arguments, bool multiLine)
        {
            var node = NodeFor(server);
            var op = new CommandOperation(command, arguments, multiLine);
            return Run<CommandOperation, IReadOnlyList<string>>(node, ref op);
        }

        public Task<IReadOnlyList<string>> ExecuteCommandAsync(ServerAddress server, string command, string? arguments, bool multiLine) =>
            RunAsync<CommandOperation, IReadOnlyList<string>>(NodeFor(server), new CommandOperation(command, arguments, multiLine));

        /// <summary>Says <c>quit</c> on every idle connection and closes it; later operations open new ones.</summary>
        public void Quit()
        {
            foreach (var node in _nodes)
            {
                node.Pool.CloseIdle(conn =>
                {
                    conn.Output.Clear();
                    TextRequestWriter.Command(conn.Output, "quit");
                    conn.Flush();
                });
            }
        }

        private static bool ExpectOk(IReadOnlyList<string> lines, string command)
        {
            if (lines.Count == 1 && lines[0] == "OK") return true;
            throw new MemcachedProtocolException($"Unexpected reply to {command}: '{(lines.Count > 0 ? lines[0] : "")}'.");
        }

        private async Task<IReadOnlyList<ServerResult<T>>> OnServersAsync<T>(IEnumerable<ServerAddress>? servers, string command, string? argument,
            bool multiLine, Func<IReadOnlyList<string>, T> interpret)
        {
            ThrowIfDisposed();
            var nodes = new List<ServerNode>();
            if (servers == null) nodes.AddRange(_nodes);
            else foreach (var s in servers) nodes.Add(NodeFor(s));
            var tasks = new Task<ServerResult<T>>[nodes.Count];
            for (int i = 0; i < nodes.Count; i++)
            {
                var node = nodes[i];
                tasks[i] = Task.Run(async () =>
                {
                    try
                    {
                        var lines = await RunAsync<CommandOperation, IReadOnlyList<string>>(node, new CommandOperation(command, argument, multiLine)).ConfigureAwait(false);
                        return new ServerResult<T>(node.Address, interpret(lines));
                    }
                    catch (MemcachedException e) when (!(e is MemcachedClientException))
                    {
                        return new ServerResult<T>(node.Address, e);
                    }
                });
            }
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}
