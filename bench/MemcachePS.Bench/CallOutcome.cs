using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>What a call against a hostile server ended with, sorted by what issue 10 asks of it.</summary>
    public enum OutcomeKind
    {
        /// <summary>
        /// The call threw a timeout, or a batch's keys carry one, except keys whose reply came in before it (a trickled
        /// NS, say): what a deadline must produce.
        /// </summary>
        Timeout,
        /// <summary>Another error (thrown, or on some key): a failure, but not the timeout the caller configured.</summary>
        OtherError,
        /// <summary>A miss (null) or a key without a result: a server that never answered reported as "not there".</summary>
        ReportedMiss,
        /// <summary>The server's reply was taken: a value, a store status (fine when it came within the bound).</summary>
        Answer,
    }

    /// <summary>
    /// A call's return value or exception, described for the table. Batch results are read through the public shape
    /// of <see cref="KeyOutcome{T}"/> (Error, Result) by reflection, so a new engine's result types still describe.
    /// </summary>
    public sealed class CallOutcome
    {
        private CallOutcome(OutcomeKind kind, string text, string? summary = null, string? foreignError = null, bool connectionError = false)
        {
            Kind = kind;
            Text = text;
            Summary = summary ?? text;
            ForeignError = foreignError;
            HasConnectionError = connectionError;
        }

        public OutcomeKind Kind { get; }
        public string Text { get; }
        /// <summary>The text without exception messages.</summary>
        public string Summary { get; }
        /// <summary>The type of an exception that is not one of the client's own (a bug escaping), or null.</summary>
        public string? ForeignError { get; }
        /// <summary>A connection error other than a timeout (thrown, or on a key): a deadline reported as something else.</summary>
        public bool HasConnectionError { get; }

        public static bool IsTimeout(Exception e) => e is MemcachedTimeoutException || e is TimeoutException;

        public static CallOutcome Of(object? result, Exception? error)
        {
            if (error != null)
            {
                error = Unwrap(error);
                return IsTimeout(error)
                    ? new CallOutcome(OutcomeKind.Timeout, "threw " + error.GetType().Name)
                    : new CallOutcome(OutcomeKind.OtherError, $"threw {error.GetType().Name}: {Short(error.Message)}", "threw " + error.GetType().Name,
                        error is MemcachedException || error is OperationCanceledException ? null : error.GetType().Name,
                        error is MemcachedConnectionException);
            }
            switch (result)
            {
                case null:
                    return new CallOutcome(OutcomeKind.ReportedMiss, "returned null (a miss)");
                case CacheItem item:
                    return new CallOutcome(OutcomeKind.Answer, $"returned a {Formatting.Bytes(item.Value.LongLength)} value");
                case StoreResult store:
                    return new CallOutcome(OutcomeKind.Answer, "returned " + store.Status);
                case IEnumerable many when !(result is string):
                    return OfBatch(many);
                default:
                    return new CallOutcome(OutcomeKind.Answer, "returned " + result);
            }
        }

        private static CallOutcome OfBatch(IEnumerable outcomes)
        {
            var counts = new Dictionary<string, long>();
            int keys = 0, timeouts = 0, otherErrors = 0, misses = 0;
            bool connectionError = false;
            string? firstOtherMessage = null;
            foreach (object? o in outcomes)
            {
                keys++;
                if (o == null) continue;
                var type = o.GetType();
                var error = type.GetProperty("Error")?.GetValue(o) as Exception;
                object? value = type.GetProperty("Result")?.GetValue(o);
                string label;
                if (error != null)
                {
                    error = Unwrap(error);
                    label = error.GetType().Name;
                    if (IsTimeout(error)) timeouts++;
                    else
                    {
                        otherErrors++;
                        firstOtherMessage ??= error.Message;
                        connectionError |= error is MemcachedConnectionException;
                    }
                }
                else if (value == null)
                {
                    label = "miss";
                    misses++;
                }
                else label = value is CacheItem item ? $"{Formatting.Bytes(item.Value.LongLength)} value" : value.ToString() ?? "?";
                counts[label] = counts.TryGetValue(label, out long n) ? n + 1 : 1;
            }
            string summary = $"{keys} keys: {Formatting.Tally(counts)}";
            string text = summary + (firstOtherMessage != null ? $" ({Short(firstOtherMessage)})" : "");
            OutcomeKind kind = otherErrors > 0 ? OutcomeKind.OtherError
                : misses > 0 ? OutcomeKind.ReportedMiss
                : timeouts > 0 ? OutcomeKind.Timeout
                : OutcomeKind.Answer;
            return new CallOutcome(kind, text, summary, null, connectionError);
        }

        private static Exception Unwrap(Exception e)
        {
            while (e is AggregateException a && a.InnerExceptions.Count == 1) e = a.InnerExceptions[0];
            return e;
        }

        private static string Short(string message)
        {
            message = message.Replace('\r', ' ').Replace('\n', ' ');
            return message.Length <= 90 ? message : message.Substring(0, 87) + "...";
        }
    }
}
