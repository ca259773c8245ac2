using System;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>One real memcached per test class; each test uses keys of its own so tests never see each other's data.</summary>
    public sealed class MemcachedFixture : IDisposable
    {
        public MemcachedProcess Server { get; } = MemcachedProcess.Start();
        public void Dispose() => Server.Dispose();
    }

    public abstract class ClientTestBase : IDisposable
    {
        private readonly MemcachedFixture _fixture;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 10);

        protected ClientTestBase(MemcachedFixture fixture, ProtocolMode mode)
        {
            _fixture = fixture;
            Mode = mode;
            Client = NewClient();
        }

        protected ProtocolMode Mode { get; }
        protected MemcachedProcess Server => _fixture.Server;
        protected MemcachedClient Client { get; }

        /// <summary>A key no other test uses.</summary>
        protected string Key(string name) => $"{name}-{_unique}";

        protected MemcachedClient NewClient(Action<MemcachedClientOptions>? configure = null)
        {
            var options = new MemcachedClientOptions { Protocol = Mode };
            options.AddServer(Server.Address);
            configure?.Invoke(options);
            return new MemcachedClient(options);
        }

        public void Dispose() => Client.Dispose();
    }
}
