using System;
using System.Management.Automation;

namespace MemcachePS.Errors
{
    /// <summary>
    /// One error as a cmdlet reports it: a stable id (the first part of the FullyQualifiedErrorId), a category, a
    /// message, what it concerns, and whether it ends the command (setup problems) or only the item (everything else).
    /// </summary>
    internal sealed class ErrorDescription
    {
        public ErrorDescription(string errorId, ErrorCategory category, string message, bool isTerminating = false,
            string? key = null, string? server = null, Exception? exception = null)
        {
            ErrorId = errorId;
            Category = category;
            Message = message;
            IsTerminating = isTerminating;
            Key = key;
            Server = server;
            Exception = exception;
        }

        public string ErrorId { get; }
        public ErrorCategory Category { get; }
        public string Message { get; }
        public bool IsTerminating { get; }
        /// <summary>The key the error is about, if any (the error record's target).</summary>
        public string? Key { get; }
        public string? Server { get; }
        /// <summary>The exception behind the error, if there was one.</summary>
        public Exception? Exception { get; }

        public override string ToString() => $"{ErrorId} ({Category}): {Message}";
    }
}
