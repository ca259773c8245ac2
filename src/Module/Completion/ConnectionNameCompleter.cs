using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using MemcachePS.Matching;
using MemcachePS.Sessions;

namespace MemcachePS.Completion
{
    /// <summary>Completes the names of open connections (-Name, -Connection).</summary>
    public sealed class ConnectionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var matcher = NamePattern.Create(CompletionText.Unquote(wordToComplete) + "*");
            foreach (var connection in RunspaceConnections.Current.Match(null))
            {
                if (!matcher.IsMatch(connection.Name)) continue;
                string tip = $"{string.Join(", ", connection.Servers)}{(connection.IsDefault ? " (default)" : "")}";
                yield return new CompletionResult(CompletionText.Quote(connection.Name), connection.Name, CompletionResultType.ParameterValue, tip);
            }
        }
    }

    internal static class CompletionText
    {
        public static string Unquote(string? word)
        {
            string w = word ?? string.Empty;
            if (w.Length > 0 && (w[0] == '\'' || w[0] == '"')) w = w.Substring(1);
            if (w.Length > 0 && (w[w.Length - 1] == '\'' || w[w.Length - 1] == '"')) w = w.Substring(0, w.Length - 1);
            return WildcardPatternEscape(w);
        }

        public static string Quote(string text)
        {
            foreach (char c in text)
                if (char.IsWhiteSpace(c) || c == '\'' || c == '"' || c == '$' || c == '`' || c == ';' || c == ',' || c == '(' || c == ')' || c == '{' || c == '}' || c == '[' || c == ']' || c == '@' || c == '#')
                    return "'" + text.Replace("'", "''") + "'";
            return text;
        }

        private static string WildcardPatternEscape(string text) => WildcardPattern.Escape(text);
    }
}
