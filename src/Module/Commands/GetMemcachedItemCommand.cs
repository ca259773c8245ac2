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

        /// <summary>Gives each item found a new lifetime in the same round trip (get-and-touch).</summary>
        [Parameter]
        [TimeSpanTransformation]
        public TimeSpan? Touch { get; set; }

        private protected override void Send(IReadOnlyList<string> keys)
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
            if (!AsByteArray && !TryDecode(item, out value)) return;
            if (ValueOnly) WriteObject(value, enumerateCollection: false);
            // -AsByteArray: the item keeps the bytes as read, the script gets its own copy to change.
            else if (AsByteArray) WriteObject(MemcachedItem.FromRead(item, item.Value.Clone(), DateTime.UtcNow));
            else WriteObject(MemcachedItem.FromRead(item, value, DateTime.UtcNow, Store.Transcoder));
        }
    }
}
