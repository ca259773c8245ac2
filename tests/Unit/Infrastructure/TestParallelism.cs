using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Xunit;

// Most test classes wait on other processes (memcached, python3) more than they compute, so more tests run at once than
// there are cores. The load test runs beside them: it checks what its own servers record, not process-wide counters.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]

namespace MemcachePS.Tests.Unit.Infrastructure
{
    internal static class TestParallelism
    {
        /// <summary>
        /// xunit runs each synchronous test on a thread-pool thread and blocks it for the whole test, while the scripted
        /// servers (FakeServer, RecordingProxy) and the client's asynchronous paths need pool threads of their own. With
        /// the pool's default minimum (one thread per core) they wait for the pool to grow, half a second per thread, and a
        /// 400 ms timeout under test fires on a server that never got to answer.
        /// </summary>
        [ModuleInitializer]
        internal static void ReserveThreadPoolThreads()
        {
            ThreadPool.GetMinThreads(out int workers, out int io);
            ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        }
    }
}
