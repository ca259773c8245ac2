using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.TestServers;

namespace MemcachePS.Bench
{
    /// <summary>
    /// One call against its own hostile servers and its own client, made on a thread of its own (so a call that
    /// blocks holds no thread-pool thread and no other measurement), timed from the call to its return or, for an
    /// async method, to its task's completion. A call still running at the harness's limit is abandoned: its servers
    /// are closed (which ends any read) and what it then did is recorded too.
    /// </summary>
    public sealed class DeadlineProbe : IDisposable
    {
        private static readonly TimeSpan AfterCloseWait = TimeSpan.FromSeconds(5);

        private readonly DeadlineCall _call;
        private readonly TimeSpan _timeout;
        private readonly TrickleServer[] _servers;
        private readonly MemcachedClient _client;
        private readonly DeadlineKeys _keys;
        private readonly ManualResetEventSlim _done = new();
        private long _started;
        private long _ended;
        private long _taskReturned;
        private long _bytesSentAtEnd;
        private object? _result;
        private Exception? _error;

        public DeadlineProbe(DeadlineCall call, DeadlineCase hostile, TimeSpan timeout, bool speaksMeta)
        {
            _call = call;
            _timeout = timeout;
            _servers = Enumerable.Range(0, call.Servers).Select(_ => hostile.CreateServer(speaksMeta)).ToArray();
            var options = new MemcachedClientOptions { OperationTimeout = timeout };
            foreach (var s in _servers) options.AddServer(s.Address);
            _client = new MemcachedClient(options);
            _keys = DeadlineKeys.For(_client);
        }

        public void Start()
        {
            var thread = new Thread(Call) { IsBackground = true, Name = "deadline probe: " + _call.Name };
            thread.Start();
        }

        /// <summary>Waits for the call until <paramref name="limit"/> (a Stopwatch timestamp); true when it returned.</summary>
        public bool WaitUntil(long limit)
        {
            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), limit);
            return _done.Wait(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        /// <summary>The result; a call still running is abandoned first (its servers closed, then up to 5 s to see how it ends).</summary>
        public DeadlineResult Finish(TimeSpan abandonAfter)
        {
            TimeSpan? taskReturned = _taskReturned == 0 ? null : Stopwatch.GetElapsedTime(_started, _taskReturned);
            if (_done.IsSet)
                return new DeadlineResult(_call, _timeout, Stopwatch.GetElapsedTime(_started, _ended), CallOutcome.Of(_result, _error),
                    abandonAfter, null, null, taskReturned, _bytesSentAtEnd);

            long bytesSent = _servers.Sum(s => s.BytesSent);
            long closed = Stopwatch.GetTimestamp();
            Dispose();
            bool ended = _done.Wait(AfterCloseWait);
            return new DeadlineResult(_call, _timeout, null, null, abandonAfter,
                ended ? Stopwatch.GetElapsedTime(closed, _ended) : null, ended ? CallOutcome.Of(_result, _error) : null, taskReturned, bytesSent);
        }

        private void Call()
        {
            _started = Stopwatch.GetTimestamp();
            if (!_call.IsAsync)
            {
                try { _result = _call.Invoke(_client, _keys); }
                catch (Exception e) { _error = e; }
                Ended();
                return;
            }

            Task<object?> task;
            try
            {
                task = _call.InvokeAsync(_client, _keys);
            }
            catch (Exception e)
            {
                _error = e;
                Ended();
                return;
            }
            _taskReturned = Stopwatch.GetTimestamp();
            task.ContinueWith(t =>
            {
                if (t.IsFaulted) _error = t.Exception;
                else if (t.IsCanceled) _error = new TaskCanceledException(t);
                else _result = t.Result;
                Ended();
            }, TaskContinuationOptions.ExecuteSynchronously);
        }

        private void Ended()
        {
            _ended = Stopwatch.GetTimestamp();
            _bytesSentAtEnd = _servers.Sum(s => s.BytesSent);
            _done.Set();
        }

        public void Dispose()
        {
            foreach (var s in _servers) s.Dispose();
            _client.Dispose();
        }
    }
}
