using System.Collections.Generic;
using MemcachePS.Core;
using MemcachePS.Errors;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// What a new connection's first round of version answers means: refused credentials or certificates end the
    /// connect (set-up mistakes, not outages, so even "ignore errors" does not hide them); no server answering ends it
    /// unless errors are ignored (scripts that start before their cache does); servers that do not answer while
    /// others do are warnings.
    /// </summary>
    internal sealed class ConnectCheck
    {
        private ConnectCheck(ErrorDescription? failure, IReadOnlyList<string> warnings, IReadOnlyList<string> answered)
        {
            Failure = failure;
            Warnings = warnings;
            Answered = answered;
        }

        /// <summary>The error that ends the connect, or null when the connection is kept.</summary>
        public ErrorDescription? Failure { get; }
        public IReadOnlyList<string> Warnings { get; }
        /// <summary>"server answers: memcached version" for each server that answered.</summary>
        public IReadOnlyList<string> Answered { get; }

        public static ConnectCheck Evaluate(string connectionName, IReadOnlyList<ServerResult<string>> answers, bool ignoreErrors)
        {
            var warnings = new List<string>();
            var answered = new List<string>();
            ErrorDescription? setupError = null;
            MemcachedException? firstFailure = null;
            foreach (var answer in answers)
            {
                if (!answer.HasError)
                {
                    answered.Add($"{answer.Server} answers: memcached {answer.Result}.");
                    continue;
                }
                firstFailure ??= answer.Error;
                var error = ErrorCatalog.ForException(answer.Error!);
                if (error.IsTerminating) setupError ??= error;
                warnings.Add($"{answer.Server} does not answer: {answer.Error!.Message}");
            }
            if (setupError != null) return new ConnectCheck(setupError, warnings, answered);
            if (answers.Count > 0 && answered.Count == 0 && !ignoreErrors)
            {
                var error = ErrorCatalog.ForException(firstFailure!);
                var failure = new ErrorDescription(error.ErrorId, error.Category,
                    $"No server of '{connectionName}' answers: {firstFailure!.Message} (-IgnoreErrors connects anyway).", true, null, firstFailure.Server, firstFailure);
                return new ConnectCheck(failure, warnings, answered);
            }
            return new ConnectCheck(null, warnings, answered);
        }
    }
}
