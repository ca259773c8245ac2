using System;

namespace MemcachePS
{
    /// <summary>What Export-MemcachedItem wrote: one object at the end of the command.</summary>
    public sealed class MemcachedExportResult
    {
        public MemcachedExportResult(string path, long exported, long skipped, long notFound, long failed, TimeSpan elapsed)
        {
            Path = path;
            Exported = exported;
            Skipped = skipped;
            NotFound = notFound;
            Failed = failed;
            Elapsed = elapsed;
        }

        public string Path { get; }
        /// <summary>Items written to the file.</summary>
        public long Exported { get; }
        /// <summary>Items whose lifetime ran out before they were read.</summary>
        public long Skipped { get; }
        /// <summary>Keys that were gone when read (listed keys expire and are evicted while a dump runs; keys given by name are also ItemNotFound errors).</summary>
        public long NotFound { get; }
        /// <summary>Keys that failed (each also a non-terminating error).</summary>
        public long Failed { get; }
        public TimeSpan Elapsed { get; }
        public double ItemsPerSecond => Elapsed.TotalSeconds > 0 ? Math.Round(Exported / Elapsed.TotalSeconds, 1) : 0;
    }
}
