using System;
using System.Collections;
using System.Linq;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// memcached wraps an increment past 2^64-1 to a small number. Step-MemcachedCounter says so (CounterWrapped)
    /// instead of writing the small number as if counting had gone on; a counter it creates is never taken for a wrap.
    /// </summary>
    public sealed class CounterWrapTests : IDisposable, IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedProcess _server;
        private readonly ModuleRunspace _shell = new ModuleRunspace();

        public CounterWrapTests(MemcachedFixture fixture) => _server = fixture.Process;

        public void Dispose() => _shell.Dispose();

        private void Connect(bool inMemory) =>
            _shell.Invoke("Connect-Memcached", inMemory ? new Hashtable { ["InMemory"] = true } : new Hashtable { ["Server"] = _server.Address });

        private static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void An_increment_past_the_largest_value_is_reported_as_a_wrap(bool inMemory)
        {
            Connect(inMemory);
            string key = Unique("ctr");
            _shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = key, ["Value"] = ulong.MaxValue - 1 });

            var result = _shell.Invoke("Step-MemcachedCounter", new Hashtable { ["Key"] = key, ["By"] = 3UL, ["ErrorAction"] = "Continue" });

            Assert.Empty(result.Output);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("CounterWrapped", error.FullyQualifiedErrorId);
            Assert.Contains("now holds 1", error.Exception.Message);
            Assert.Equal(1UL, Convert.ToUInt64(_shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = key }).Single<MemcachedItem>().Value));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Reaching_the_largest_value_exactly_and_creating_a_small_counter_are_not_wraps(bool inMemory)
        {
            Connect(inMemory);
            string full = Unique("full"), created = Unique("created");
            _shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = full, ["Value"] = ulong.MaxValue - 3 });

            var reached = _shell.Invoke("Step-MemcachedCounter", new Hashtable { ["Key"] = full, ["By"] = 3UL });
            var made = _shell.Invoke("Step-MemcachedCounter", new Hashtable { ["Key"] = created, ["By"] = 5UL, ["InitialValue"] = 2UL });

            Assert.Empty(reached.Errors);
            Assert.Equal(ulong.MaxValue, reached.Single<MemcachedCounter>().Value);
            Assert.Empty(made.Errors);
            Assert.Equal(2UL, made.Single<MemcachedCounter>().Value);
        }
    }
}
