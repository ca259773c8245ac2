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

    /// <summary>
    /// One memcached with SASL (<c>-S</c>, binary protocol only) per test class, holding the user <see cref="User"/> with
    /// the password <see cref="Password"/> (tests/TestServers/MemcachedProcess.StartSasl).
    /// </summary>
    public sealed class SaslMemcachedFixture : IDisposable
    {
        public const string User = "alice";
        public const string Password = "s3cret-Pw";

        public MemcachedProcess Server { get; } = MemcachedProcess.StartSasl(new[] { (User, Password) });

        public MemcachedCredential Credential => new MemcachedCredential(User, Password);

        public void Dispose() => Server.Dispose();
    }

    public abstract class ClientTestBase : IDisposable
    {
        private readonly MemcachedProcess _server;
        private readonly MemcachedCredential? _credential;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 10);

        protected ClientTestBase(MemcachedFixture fixture, ProtocolMode mode) : this(fixture.Server, mode, null) { }

        /// <summary>Against any server, with credentials when it wants them (a SASL server).</summary>
        protected ClientTestBase(MemcachedProcess server, ProtocolMode mode, MemcachedCredential? credential)
        {
            _server = server;
            _credential = credential;
            Mode = mode;
            Client = NewClient();
        }

        protected ProtocolMode Mode { get; }
        protected MemcachedProcess Server => _server;
        protected MemcachedClient Client { get; }

        /// <summary>A key no other test uses.</summary>
        protected string Key(string name) => $"{name}-{_unique}";

        protected MemcachedClient NewClient(Action<MemcachedClientOptions>? configure = null)
        {
            var options = new MemcachedClientOptions { Protocol = Mode, Credential = _credential };
            options.AddServer(Server.Address);
            configure?.Invoke(options);
            return new MemcachedClient(options);
        }

        public void Dispose() => Client.Dispose();
    }
}
