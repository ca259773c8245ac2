using System;
using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Errors;

using MemcachePS.Values;

namespace MemcachePS.Commands
{
    /// <summary>
    /// Reads items. Keys from -Key and from the pipeline are collected into batches, each read in one multi-key round
    /// trip per server; items come out in input order, and a miss is a non-terminating ItemNotFound error.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "MemcachedItem")]
    [OutputType(typeof(MemcachedItem), typeof(object))]
    public sealed class GetMemcachedItemCommand : KeyBatchCmdlet
    {
        /// <summary>Writes only the values, not MemcachedItem objects.</summary>
        [Parameter]
        public SwitchParameter ValueOnly { get; set; }

        /// <summary>Returns the stored bytes without decoding them.</summary>
        [Parameter]
        public SwitchParameter AsByteArray { get; set; }

        /// <summary>Maps come back as ordered dictionaries instead of PSCustomObjects (as ConvertFrom-Json -AsHashtable).</summary>
        [Parameter]
        public SwitchParameter AsHashtable { get; set; }

        /// <summary>Values stored as bytes (flag 0, or flags of another client's convention) are read as text in -Encoding.</summary>
        [Parameter]
        public SwitchParameter AsString { get; set; }

        /// <summary>The encoding -AsString reads bytes with: a name (utf-8, utf-16, latin1, ...) or an Encoding. Default UTF-8.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [EncodingNameTransformation]
        public string Encoding { get; set; } = "utf-8";

        private System.Text.Encoding? _textEncoding;

        /// <summary>Gives each item found a new lifetime in the same round trip (get-and-touch).</summary>
        [Parameter]
        [TimeSpanTransformation]
        public TimeSpan? Touch { get; set; }

        protected override void BeginProcessing()
        {
            if (AsByteArray && (AsString || AsHashtable))
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument,
                    "-AsByteArray returns the stored bytes undecoded; it cannot be combined with -AsString or -AsHashtable.", true));
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Encoding)) && !AsString)
                Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument, "-Encoding is for -AsString.", true));
            if (AsString)
            {
                try
                {
                    // Strict: bytes that are not text in this encoding are an error for that item, never replacement characters.
                    _textEncoding = System.Text.Encoding.GetEncoding(Encoding, System.Text.EncoderFallback.ExceptionFallback, System.Text.DecoderFallback.ExceptionFallback);
                }
                catch (ArgumentException e)
                {
                    Report(new ErrorDescription(ErrorCatalog.InvalidRequest, ErrorCategory.InvalidArgument, $"'{Encoding}' is not an encoding this system knows: {e.Message}", true, Encoding));
                }
            }
            base.BeginProcessing();
        }

        private protected override void Send(IReadOnlyList<KeyOnServer> keys)
        {
            var outcomes = Touch.HasValue ? Store.GetAndTouchMany(keys, Touch.Value, Stopping) : Store.GetMany(keys, withCas: true, Stopping);
            foreach (var outcome in outcomes)
            {
                if (outcome.HasError) ReportException(outcome.Error!, outcome.Key, ActiveConnection.KeyPrefix);
                else if (outcome.Result == null) Report(ErrorCatalog.Miss(outcome.Key, outcome.Server?.Name));
                else WriteItem(outcome.Result);
            }
        }

        private void WriteItem(CacheItem item)
        {
            object? value = item.Value;
            if (!AsByteArray && !TryDecode(item, out value, AsHashtable)) return;
            if (_textEncoding != null && value is byte[] bytes)
            {
                try
                {
                    value = _textEncoding.GetString(bytes);
                }
                catch (System.Text.DecoderFallbackException e)
                {
                    Report(ErrorCatalog.NotDecodable(item.Key, item.Server?.Name,
                        new MemcachedClientException($"The value's bytes are not {_textEncoding.WebName} text (at byte {e.Index}); read it with -AsByteArray.", e)));
                    return;
                }
            }
            if (ValueOnly) WriteObject(value, enumerateCollection: false);
            // -AsByteArray: the item keeps the bytes as read, the script gets its own copy to change.
            else if (AsByteArray) WriteObject(MemcachedItem.FromRead(item, item.Value.Clone(), DateTime.UtcNow));
            else WriteObject(MemcachedItem.FromRead(item, value, DateTime.UtcNow, Store.Transcoder));
        }
    }
}
