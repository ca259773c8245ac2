using System;

namespace MemcachePS.Tests.Module.Infrastructure
{
    /// <summary>One real memcached per test class (xunit class fixture); each test uses keys of its own.</summary>
    public sealed class MemcachedFixture : IDisposable
    {
        public MemcachedProcess Process { get; } = MemcachedProcess.Start();
        public void Dispose() => Process.Dispose();
    }
}
