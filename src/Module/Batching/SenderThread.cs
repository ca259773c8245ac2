using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace MemcachePS.Batching
{
    /// <summary>
    /// One piece of work at a time on a thread of its own, for a command that sends a batch while the pipeline collects
    /// the next. Not the thread pool: the pipeline thread waits for the batch, and with many pipelines at once (64
    /// runspaces warming a cache) a starved pool would hold that wait for as long as the pool took to grow, on top of
    /// the call's own deadline. The work itself must end by its deadline (a Core call with the command's stop token).
    /// </summary>
    internal sealed class SenderThread<T> : IDisposable
    {
        private readonly object _gate = new object();
        private readonly string _name;
        private Thread? _thread;
        private Func<T>? _work;
        private T _result = default!;
        private ExceptionDispatchInfo? _failure;
        private bool _busy;
        private bool _closed;

        public SenderThread(string name) => _name = name;

        /// <summary>Whether the work last started has finished (true when none was started).</summary>
        public bool IsCompleted
        {
            get
            {
                lock (_gate) return !_busy;
            }
        }

        /// <summary>Starts <paramref name="work"/>; the work started before must have been waited for.</summary>
        public void Start(Func<T> work)
        {
            lock (_gate)
            {
                if (_closed) throw new ObjectDisposedException(_name);
                if (_busy) throw new InvalidOperationException("The previous work has not been waited for.");
                _work = work;
                _busy = true;
                _failure = null;
                Monitor.PulseAll(_gate);
            }
            if (_thread == null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = _name };
                _thread.Start();
            }
        }

        /// <summary>Waits for the work started last and gives its result, or throws what it threw.</summary>
        public T Wait()
        {
            lock (_gate)
            {
                while (_busy) Monitor.Wait(_gate);
                _failure?.Throw();
                var result = _result;
                _result = default!;
                return result;
            }
        }

        private void Run()
        {
            while (true)
            {
                Func<T> work;
                lock (_gate)
                {
                    while (_work == null && !_closed) Monitor.Wait(_gate);
                    if (_work == null) return;
                    work = _work;
                    _work = null;
                }
                T result = default!;
                ExceptionDispatchInfo? failure = null;
                try
                {
                    result = work();
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
                lock (_gate)
                {
                    _result = result;
                    _failure = failure;
                    _busy = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>Waits for work under way (it ends by its own deadline), then ends the thread.</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                while (_busy) Monitor.Wait(_gate);
                _closed = true;
                Monitor.PulseAll(_gate);
            }
            _thread?.Join();
        }
    }
}
