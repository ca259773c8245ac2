using System;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Engine;
using MemcachePS.Core.Protocol;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// An ElastiCache configuration endpoint: each <see cref="Fetch"/> opens a connection of its own (no handshake, no pool:
    /// the endpoint is asked one thing), sends <c>config get cluster</c>, falls back to <c>get AmazonElastiCache:cluster</c>
    /// when the engine answers ERROR (before 1.4.14), and closes the connection. Every fetch ends by its deadline.
    /// </summary>
    internal sealed class ConfigurationEndpoint
    {
        private const string ConfigCommand = "config";
        private const string ConfigArgument = "get cluster";
        private const string LegacyCommand = "get";
        private const string LegacyArgument = "AmazonElastiCache:cluster";
        private static readonly Action<object?> s_abort = c => ((ServerConnection)c!).Abort();

        private readonly TransportSettings _transport;
        private readonly TimeSpan _timeout;

        public ConfigurationEndpoint(ServerAddress address, TransportSettings transport, TimeSpan timeout)
        {
            Address = address;
            _transport = transport;
            _timeout = timeout;
        }

        public ServerAddress Address { get; }

        /// <summary>Asks for the configuration on the calling thread, within the timeout from this call's start.</summary>
        public ClusterConfiguration Fetch(CancellationToken token)
        {
            var deadline = Deadline.Start(_timeout);
            ServerConnection? conn = null;
            try
            {
                conn = ServerConnection.Connect(Address, _transport, deadline, token);
                using (token.CanBeCanceled ? token.Register(s_abort, conn) : default)
                {
                    var config = Ask(conn, ConfigCommand, ConfigArgument, deadline, out var outcome);
                    if (outcome == ClusterConfigParser.Outcome.UnknownCommand)
                        config = Ask(conn, LegacyCommand, LegacyArgument, deadline, out outcome);
                    return config ?? throw NotAnEndpoint();
                }
            }
            catch (MemcachedException e) when (token.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Asking {Address} for the cluster configuration was cancelled.", e, token);
            }
            catch (MemcachedException e)
            {
                throw Explain(e);
            }
            finally
            {
                conn?.Dispose();
            }
        }

        /// <summary>The asynchronous twin: one token fires at the timeout or when the caller cancels, and closes the connection.</summary>
        public async Task<ClusterConfiguration> FetchAsync(CancellationToken token)
        {
            using var call = token.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(token) : new CancellationTokenSource();
            call.CancelAfter(_timeout);
            ServerConnection? conn = null;
            try
            {
                conn = await ServerConnection.ConnectAsync(Address, _transport, call.Token).ConfigureAwait(false);
                using (call.Token.Register(s_abort, conn))
                {
                    var (config, outcome) = await AskAsync(conn, ConfigCommand, ConfigArgument, call.Token).ConfigureAwait(false);
                    if (outcome == ClusterConfigParser.Outcome.UnknownCommand)
                        (config, _) = await AskAsync(conn, LegacyCommand, LegacyArgument, call.Token).ConfigureAwait(false);
                    return config ?? throw NotAnEndpoint();
                }
            }
            catch (Exception e) when (token.IsCancellationRequested && (e is MemcachedException || e is OperationCanceledException))
            {
                throw new OperationCanceledException($"Asking {Address} for the cluster configuration was cancelled.", e, token);
            }
            catch (OperationCanceledException e)
            {
                throw Explain(new MemcachedTimeoutException($"No cluster configuration from {Address} within {_timeout.TotalMilliseconds:0} ms.", e));
            }
            catch (MemcachedException e)
            {
                throw Explain(call.IsCancellationRequested && !(e is MemcachedTimeoutException)
                    ? new MemcachedTimeoutException($"No cluster configuration from {Address} within {_timeout.TotalMilliseconds:0} ms.", e)
                    : e);
            }
            finally
            {
                conn?.Dispose();
            }
        }

        private static ClusterConfiguration? Ask(ServerConnection conn, string command, string argument, Deadline deadline, out ClusterConfigParser.Outcome outcome)
        {
            conn.Output.Clear();
            TextRequestWriter.Command(conn.Output, command, argument);
            conn.Flush(deadline);
            while (true)
            {
                if (TryRead(conn, out outcome, out var config)) return config;
                conn.Fill(deadline);
            }
        }

        private static async Task<(ClusterConfiguration?, ClusterConfigParser.Outcome)> AskAsync(ServerConnection conn, string command, string argument, CancellationToken token)
        {
            conn.Output.Clear();
            TextRequestWriter.Command(conn.Output, command, argument);
            await conn.FlushAsync(token).ConfigureAwait(false);
            while (true)
            {
                if (TryRead(conn, out var outcome, out var config)) return (config, outcome);
                await conn.FillAsync(token).ConfigureAwait(false);
            }
        }

        private static bool TryRead(ServerConnection conn, out ClusterConfigParser.Outcome outcome, out ClusterConfiguration? config)
        {
            int used = ClusterConfigParser.TryParse(conn.Buffer, conn.Start, conn.Count, out outcome, out config);
            if (used == 0) return false;
            conn.Consume(used);
            return true;
        }

        private MemcachedServerException NotAnEndpoint() =>
            new MemcachedServerException(
                $"{Address} is not an ElastiCache configuration endpoint: it answered ERROR to 'config get cluster' and has no " +
                "'AmazonElastiCache:cluster' item. Give the cluster's configuration endpoint (its name has '.cfg.'), or its nodes as servers.")
            { Server = Address.Name };

        /// <summary>The same kind of error, saying that it came from cluster discovery and from which endpoint.</summary>
        private MemcachedException Explain(MemcachedException e)
        {
            if (e.Message.StartsWith(Prefix, StringComparison.Ordinal)) return e;
            string message = Prefix + $"{Address}: " + e.Message;
            MemcachedException explained = e switch
            {
                MemcachedTimeoutException _ => new MemcachedTimeoutException(message, e),
                MemcachedConnectionException _ => new MemcachedConnectionException(message, e),
                MemcachedProtocolException _ => new MemcachedProtocolException(message),
                MemcachedServerException _ => new MemcachedServerException(message),
                MemcachedClientException _ => new MemcachedClientException(message, e),
                _ => new MemcachedException(message, e),
            };
            explained.Server = Address.Name;
            return explained;
        }

        private const string Prefix = "Cluster discovery from configuration endpoint ";
    }
}
