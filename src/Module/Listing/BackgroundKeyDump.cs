using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.KeyDump;

namespace MemcachePS.Listing
{
    /// <summary>
    /// Reads one server's key dump on a thread of its own and hands the keys to the pipeline thread in batches, in the
    /// order the server sent them: reading and parsing the dump then overlaps what the pipeline does with each key
    /// (WriteObject and every command after it), where on the pipeline thread alone the two took turns.
    /// </summary>
    /// <remarks>
    /// At most <see cref="MaxBatches"/> batches wait, so memory stays flat however many keys a server holds (the dump
    /// waits for the pipeline). Few, because the pipeline is nearly always the slower side, so the queue is nearly always
    /// full, and every key waiting in it when a collection comes is promoted: with 32 batches of 1,024, a listing of
    /// 500,000 keys into Measure-Object paid 15 gen1 and 4 gen2 collections and took 0.86–0.96 s; with 4 it pays no gen2
    /// and takes 0.68–0.76 s (bench/README.md, "Key listing"). Nothing PowerShell is touched off the pipeline thread.
    /// Disposing before the end (the pipeline took enough, failed, or was stopped) cancels the dump, which closes its
    /// connection, and waits for the thread.
    /// A failure of the dump is thrown from <see cref="Entries"/> after every key read before it.
    /// </remarks>
    internal sealed class BackgroundKeyDump : IDisposable
    {
        internal const int BatchSize = 1024;
        internal const int MaxBatches = 4;

        private readonly BlockingCollection<List<KeyDumpEntry>> _batches =
            new BlockingCollection<List<KeyDumpEntry>>(new ConcurrentQueue<List<KeyDumpEntry>>(), MaxBatches);
        private readonly CancellationTokenSource _cancel;
        private readonly CancellationToken _stopping;
        private readonly Thread _thread;
        private Exception? _failure;
        private volatile bool _abandoned;

        public BackgroundKeyDump(IMemcachedStore store, ServerAddress server, CancellationToken stopping)
        {
            _stopping = stopping;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            // A thread of its own, not the thread pool: the pipeline thread waits on it, and a starved pool must not stall a listing.
            _thread = new Thread(() => Run(store, server)) { IsBackground = true, Name = "MemcachePS key dump " + server.Name };
            _thread.Start();
        }

        /// <summary>The keys as the server listed them; then the dump's failure, if it failed.</summary>
        public IEnumerable<KeyDumpEntry> Entries()
        {
            foreach (var batch in _batches.GetConsumingEnumerable(_stopping))
                foreach (var entry in batch)
                    yield return entry;
            _thread.Join();
            if (_failure != null) ExceptionDispatchInfo.Capture(_failure).Throw();
        }

        private void Run(IMemcachedStore store, ServerAddress server)
        {
            var batch = new List<KeyDumpEntry>(BatchSize);
            try
            {
                store.DumpKeys(server, entry =>
                {
                    batch.Add(entry);
                    if (batch.Count == BatchSize)
                    {
                        _batches.Add(batch, _cancel.Token);
                        batch = new List<KeyDumpEntry>(BatchSize);
                    }
                    return true;
                }, _cancel.Token);
                if (batch.Count > 0) _batches.Add(batch, _cancel.Token);
            }
            catch (Exception e)
            {
                // Once the pipeline has gone, whatever the cancelled dump throws is no one's news. Otherwise the keys read
                // before the failure are still handed over, then the failure.
                if (!_abandoned)
                {
                    _failure = e;
                    if (batch.Count > 0 && !_cancel.IsCancellationRequested)
                    {
                        try { _batches.Add(batch, _cancel.Token); }
                        catch (OperationCanceledException) { }
                    }
                }
            }
            finally
            {
                _batches.CompleteAdding();
            }
        }

        public void Dispose()
        {
            if (!_batches.IsAddingCompleted || _thread.IsAlive)
            {
                _abandoned = true;
                _cancel.Cancel();
            }
            _thread.Join();
            _cancel.Dispose();
            _batches.Dispose();
        }
    }
}
