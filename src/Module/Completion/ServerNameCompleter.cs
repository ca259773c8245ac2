using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MemcachePS.Matching;
using MemcachePS.Sessions;

namespace MemcachePS.Completion
{
    /// <summary>
    /// Completes -Server with the servers of the connection the command will use (its -Connection, else the default);
    /// for Connect-Memcached, with the servers of every open connection and localhost:11211.
    /// </summary>
    public sealed class ServerNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var matcher = NamePattern.Create(CompletionText.Unquote(wordToComplete) + "*");
            var seen = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var connection in Candidates(commandName, fakeBoundParameters))
            {
                foreach (var server in connection.Servers)
                {
                    if (!matcher.IsMatch(server) || !seen.Add(server)) continue;
                    yield return new CompletionResult(CompletionText.Quote(server), server, CompletionResultType.ParameterValue, $"{server} ({connection.Name})");
                }
            }
            if (string.Equals(commandName, "Connect-Memcached", System.StringComparison.OrdinalIgnoreCase) && matcher.IsMatch("localhost:11211") && seen.Add("localhost:11211"))
                yield return new CompletionResult("localhost:11211", "localhost:11211", CompletionResultType.ParameterValue, "memcached's default address");
        }

        private static IEnumerable<MemcachedConnection> Candidates(string commandName, IDictionary fakeBoundParameters)
        {
            if (string.Equals(commandName, "Connect-Memcached", System.StringComparison.OrdinalIgnoreCase))
                return RunspaceConnections.Current.Match(null);
            object? bound = fakeBoundParameters?.Contains("Connection") == true ? fakeBoundParameters["Connection"] : null;
            if (bound is PSObject p) bound = p.BaseObject;
            MemcachedConnection? connection = bound as MemcachedConnection
                ?? (bound is string name ? RunspaceConnections.Current.Find(name) : null)
                ?? RunspaceConnections.Current.Default;
            return connection == null ? new MemcachedConnection[0] : new[] { connection };
        }
    }
}
