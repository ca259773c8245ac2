using System;

namespace MemcachePS
{
    /// <summary>What Import-MemcachedItem stored: one object at the end of the command.</summary>
    public sealed class MemcachedImportResult
    {
        public MemcachedImportResult(string path, string format, long imported, long skipped, long failed, TimeSpan elapsed)
        {
            Path = path;
            Format = format;
            Imported = imported;
            Skipped = skipped;
            Failed = failed;
            Elapsed = elapsed;
        }

        public string Path { get; }
        /// <summary>JsonLines (Export-MemcachedItem) or MemcachedTool (memcached-tool dump).</summary>
        public string Format { get; }
        /// <summary>Items stored.</summary>
        public long Imported { get; }
        /// <summary>Items not stored by design: expired by now, or present under -Mode Add (absent under -Mode Replace).</summary>
        public long Skipped { get; }
        /// <summary>Records that failed: malformed lines and refused writes (each also a non-terminating error).</summary>
        public long Failed { get; }
        public TimeSpan Elapsed { get; }
        public double ItemsPerSecond => Elapsed.TotalSeconds > 0 ? Math.Round(Imported / Elapsed.TotalSeconds, 1) : 0;
    }
}
