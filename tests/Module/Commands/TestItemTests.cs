using System;
using System.Collections;
using System.Linq;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>Test-MemcachedItem: one bool per key in input order (meta, classic, in memory); a server that fails is an error, never false.</summary>
    public sealed class TestItemTests : IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedFixture _fixture;
        private readonly string _unique = Guid.NewGuid().ToString("N").Substring(0, 8);

        public TestItemTests(MemcachedFixture fixture) => _fixture = fixture;

        [Theory]
        [InlineData("Auto")]
        [InlineData("Classic")]
        [InlineData("Binary")]
        [InlineData("InMemory")]
        public void One_bool_per_key_in_input_order(string mode)
        {
            using var shell = new ModuleRunspace();
            if (mode == "InMemory") shell.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true });
            else shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { _fixture.Process.Address }, ["Protocol"] = mode });
            shell.Run($"Set-MemcachedItem here-{_unique} ('x' * 5000)");

            var result = shell.Run($"'none-{_unique}', 'here-{_unique}', 'none2-{_unique}' | Test-MemcachedItem");

            Assert.Empty(result.Errors);
            Assert.Equal(new object[] { false, true, false }, result.Objects);
        }

        [Fact]
        public void A_server_that_cannot_be_reached_is_an_error_not_false()
        {
            using var server = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { server.Address } });
            server.Kill();

            var result = shell.Run("Test-MemcachedItem a, b");

            Assert.Empty(result.Objects);
            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.StartsWith("ConnectionFailed,", e.FullyQualifiedErrorId));
        }

        [Fact]
        public void An_invalid_key_is_an_error()
        {
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { _fixture.Process.Address } });

            var result = shell.Run("Test-MemcachedItem 'has space'");

            Assert.Empty(result.Objects);
            Assert.StartsWith("InvalidKey,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        }
    }
}
