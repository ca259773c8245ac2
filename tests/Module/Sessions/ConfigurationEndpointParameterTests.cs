using System;
using System.Collections;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>
    /// Connect-Memcached -ConfigurationEndpoint: the nodes an ElastiCache configuration endpoint lists (a scripted
    /// endpoint, tests/TestServers/FakeConfigurationEndpoint.cs, in front of real memcached) become the connection's
    /// servers, items go to them, and the connection shows the nodes of the newest configuration.
    /// </summary>
    public sealed class ConfigurationEndpointParameterTests : IDisposable
    {
        private readonly MemcachedProcess _a = MemcachedProcess.Start();
        private readonly MemcachedProcess _b = MemcachedProcess.Start();
        private readonly FakeConfigurationEndpoint _endpoint = new FakeConfigurationEndpoint();

        public void Dispose()
        {
            _endpoint.Dispose();
            _a.Dispose();
            _b.Dispose();
        }

        [Fact]
        public void The_endpoints_nodes_are_the_servers_and_a_refresh_moves_to_new_ones()
        {
            _endpoint.Publish(1, FakeConfigurationEndpoint.Node(_a.Port));
            using var shell = new ModuleRunspace();
            var connection = shell.Invoke("Connect-Memcached", new Hashtable
            {
                ["ConfigurationEndpoint"] = _endpoint.Address,
                ["DiscoveryRefreshInterval"] = 0,
            }).Single<MemcachedConnection>();

            Assert.Equal(_endpoint.Address, connection.Name);
            Assert.Equal(_endpoint.Address, connection.ConfigurationEndpoint);
            Assert.Equal(new[] { _a.Address }, connection.Servers);
            Assert.Equal(1, connection.Discovery!.Version);
            Assert.Equal(TimeSpan.Zero, ((MemcachedClient)connection.Client).Options.DiscoveryRefreshInterval);
            var set = shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "k", ["Value"] = "v", ["PassThru"] = true });
            Assert.Empty(set.Errors);

            _endpoint.Publish(2, FakeConfigurationEndpoint.Node(_b.Port));
            var refreshed = shell.Run("(Get-MemcachedConnection).Client.RefreshServers()");
            Assert.Empty(refreshed.Errors);
            Assert.Equal(true, refreshed.Objects.Single());
            Assert.Equal(new[] { _b.Address }, connection.Servers);
            var got = shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = "k" });
            Assert.Single(got.Errors); // the item is on the node that left: a miss on the new one
            Assert.StartsWith("ItemNotFound", got.Errors[0].FullyQualifiedErrorId);
        }

        [Fact]
        public void By_default_the_endpoint_is_asked_again_every_60_seconds()
        {
            _endpoint.Publish(1, FakeConfigurationEndpoint.Node(_a.Port));
            using var shell = new ModuleRunspace();
            var connection = shell.Invoke("Connect-Memcached", new Hashtable { ["ConfigurationEndpoint"] = _endpoint.Address }).Single<MemcachedConnection>();
            Assert.Equal(TimeSpan.FromSeconds(60), ((MemcachedClient)connection.Client).Options.DiscoveryRefreshInterval);
        }

        [Fact]
        public void Server_and_ConfigurationEndpoint_together_are_refused()
        {
            using var shell = new ModuleRunspace();
            var error = shell.Terminating("Connect-Memcached", new Hashtable { ["Server"] = _a.Address, ["ConfigurationEndpoint"] = _endpoint.Address });
            Assert.StartsWith("InvalidRequest,", error.FullyQualifiedErrorId);
            Assert.Contains("not both", error.Exception.Message);
            Assert.Equal(0, _endpoint.Accepted);
        }

        [Fact]
        public void An_endpoint_that_is_not_one_is_a_terminating_error_naming_it()
        {
            using var shell = new ModuleRunspace();
            // A plain memcached answers ERROR to 'config get cluster' and has no AmazonElastiCache:cluster item.
            var error = shell.Terminating("Connect-Memcached", new Hashtable { ["ConfigurationEndpoint"] = _a.Address });
            Assert.StartsWith("ServerError,", error.FullyQualifiedErrorId);
            Assert.Contains("is not an ElastiCache configuration endpoint", error.Exception.Message);

            _endpoint.Mode = FakeConfigurationEndpoint.EndpointMode.Silent;
            error = shell.Terminating("Connect-Memcached", new Hashtable { ["ConfigurationEndpoint"] = _endpoint.Address, ["Timeout"] = 0.3 });
            Assert.StartsWith("OperationTimeout,", error.FullyQualifiedErrorId);
            Assert.Contains(_endpoint.Address, error.Exception.Message);
        }
    }
}
