using System;

namespace MemcachePS
{
    /// <summary>What Copy-MemcachedItem did: one object at the end of the command.</summary>
    public sealed class MemcachedCopyResult
    {
        public MemcachedCopyResult(string destination, long copied, long skipped, long notFound, long failed, TimeSpan elapsed)
        {
            Destination = destination;
            Copied = copied;
            Skipped = skipped;
            NotFound = notFound;
            Failed = failed;
            Elapsed = elapsed;
        }

        /// <summary>The destination connection's name.</summary>
        public string Destination { get; }
        /// <summary>Items written to the destination with their bytes, flags and remaining lifetime.</summary>
        public long Copied { get; }
        /// <summary>Items not written by design: expired by the time they were read, or already present under -Mode Add (absent under -Mode Replace).</summary>
        public long Skipped { get; }
        /// <summary>Keys the source did not hold when read (each also an ItemNotFound error).</summary>
        public long NotFound { get; }
        /// <summary>Keys that failed (each also a non-terminating error saying why).</summary>
        public long Failed { get; }
        public TimeSpan Elapsed { get; }
        public double ItemsPerSecond => Elapsed.TotalSeconds > 0 ? Math.Round(Copied / Elapsed.TotalSeconds, 1) : 0;
    }
}
