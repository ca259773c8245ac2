using System;
using System.Collections.Generic;
using MemcachePS.Core;

namespace MemcachePS.Batching
{
    /// <summary>
    /// Collects pipeline input until it is worth a round trip: a batch is full at <see cref="Size"/> items or at
    /// <see cref="MaxBytes"/> bytes of values, whichever comes first, so that 100,000 piped objects cost a few hundred
    /// multi-key calls while memory stays bounded even for large values. Items leave in the order they came.
    /// </summary>
    internal sealed class PipelineBatch<T>
    {
        public const int DefaultSize = 500;
        public const int MaxSize = 100_000;
        public const long DefaultMaxBytes = 16L * 1024 * 1024;

        private List<T> _items;
        private long _bytes;

        public PipelineBatch(int size = DefaultSize, long maxBytes = DefaultMaxBytes)
        {
            if (size < 1 || size > MaxSize) throw new MemcachedClientException($"A batch size must be between 1 and {MaxSize} (got {size}).");
            if (maxBytes < 1) throw new MemcachedClientException("A batch byte limit must be positive.");
            Size = size;
            MaxBytes = maxBytes;
            _items = new List<T>(Math.Min(size, 4096));
        }

        public int Size { get; }
        public long MaxBytes { get; }
        public int Count => _items.Count;
        public long Bytes => _bytes;
        public bool IsEmpty => _items.Count == 0;
        public bool IsFull => _items.Count >= Size || _bytes >= MaxBytes;

        /// <summary>Adds an item weighing <paramref name="bytes"/>; true when the batch is now full and should be sent.</summary>
        public bool Add(T item, long bytes = 0)
        {
            _items.Add(item);
            _bytes += Math.Max(0, bytes);
            return IsFull;
        }

        /// <summary>The items collected so far, in input order; the batch starts empty again.</summary>
        public IReadOnlyList<T> Take()
        {
            var items = _items;
            _items = new List<T>(Math.Min(Size, 4096));
            _bytes = 0;
            return items;
        }
    }
}
