using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// The cmdlets through a real twemproxy (nutcracker) in front of two real memcached servers, connected as a user would:
    /// without saying it is a proxy (Connect-Memcached finds out), and with -ServerKind Proxy. Every write is checked on
    /// the memcached servers themselves. What twemproxy cannot pass on is an error that names the proxy, never a miss.
    /// </summary>
    public sealed class ProxyCmdletTests : IDisposable
    {
        private readonly MemcachedProcess[] _servers;
        private readonly NutcrackerProcess _proxy;
        private readonly MemcachedClient[] _direct;
        private readonly ITestOutputHelper _output;

        public ProxyCmdletTests(ITestOutputHelper output)
        {
            _output = output;
            _servers = new[] { MemcachedProcess.Start(), MemcachedProcess.Start() };
            _proxy = NutcrackerProcess.Start(_servers.Select(s => s.Address).ToArray());
            _direct = _servers.Select(s => new MemcachedClient(s.Address)).ToArray();
        }

        public void Dispose()
        {
            foreach (var d in _direct) d.Dispose();
            _proxy.Dispose();
            foreach (var s in _servers) s.Dispose();
        }

        /// <summary>How many of the keys the memcached servers hold, read directly, past the proxy.</summary>
        private int[] Held(IEnumerable<string> keys)
        {
            var list = keys.ToList();
            return _direct.Select(d => d.GetMany(list).Count(o => !o.HasError && o.Result != null)).ToArray();
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Every_item_cmdlet_works_through_twemproxy(bool declareProxy)
        {
            using var shell = new ModuleRunspace();
            var connect = new Hashtable { ["Server"] = new[] { _proxy.Address } };
            if (declareProxy) connect["ServerKind"] = "Proxy";
            var connection = shell.Invoke("Connect-Memcached", connect).Single<MemcachedConnection>();
            var keys = Enumerable.Range(0, 200).Select(i => "cmd-" + Guid.NewGuid().ToString("N")).ToArray();

            var set = shell.Run("param($keys) $keys | ForEach-Object { [pscustomobject]@{ Key = $_; Value = \"v-$_\" } } | Set-MemcachedItem", new Hashtable { ["keys"] = keys });
            Assert.Empty(set.Errors);
            int[] held = Held(keys);
            _output.WriteLine($"declared {declareProxy}: 200 items set through the proxy, held by the servers: {string.Join(" / ", held)}");
            Assert.Equal(200, held.Sum());
            Assert.All(held, n => Assert.True(n > 0));

            var got = shell.Run("param($keys) $keys | Get-MemcachedItem -ValueOnly", new Hashtable { ["keys"] = keys });
            Assert.Empty(got.Errors);
            Assert.Equal(keys.Select(k => "v-" + k), got.Objects.Cast<string>());

            var counter = shell.Run("Step-MemcachedCounter -Key cmd-counter -InitialValue 5; Step-MemcachedCounter -Key cmd-counter -By 3; Step-MemcachedCounter -Key cmd-counter -Decrement");
            Assert.Empty(counter.Errors);
            Assert.Equal(new ulong[] { 5, 8, 7 }, counter.Objects.Cast<MemcachedCounter>().Select(c => c.Value));

            var touched = shell.Run("param($key) Update-MemcachedItem -Key $key -TimeToLive 300", new Hashtable { ["key"] = keys[0] });
            Assert.Empty(touched.Errors);
            var appended = shell.Run("param($key) Set-MemcachedItem -Key $key -Value '!' -Mode Append; Get-MemcachedItem -Key $key -ValueOnly", new Hashtable { ["key"] = keys[1] });
            Assert.Empty(appended.Errors);
            Assert.Equal("v-" + keys[1] + "!", Assert.Single(appended.Objects));

            var missing = shell.Run("Get-MemcachedItem -Key cmd-never-set");
            Assert.StartsWith("ItemNotFound,", Assert.Single(missing.Errors).FullyQualifiedErrorId);

            var test = shell.Run("Test-MemcachedConnection -Quiet");
            Assert.Equal(true, Assert.Single(test.Objects));

            var removed = shell.Run("param($keys) $keys | Remove-MemcachedItem", new Hashtable { ["keys"] = keys });
            Assert.Empty(removed.Errors);
            Assert.Equal(0, Held(keys).Sum());
        }

        [Theory]
        [InlineData(false, false)]
        [InlineData(true, false)]
        [InlineData(true, true)]
        public void What_twemproxy_cannot_do_is_an_error_naming_the_proxy_never_a_miss(bool declareProxy, bool ignoreErrors)
        {
            using var shell = new ModuleRunspace();
            var connect = new Hashtable { ["Server"] = new[] { _proxy.Address } };
            if (declareProxy) connect["ServerKind"] = "Proxy";
            if (ignoreErrors) connect["IgnoreErrors"] = true;
            shell.Invoke("Connect-Memcached", connect);
            Assert.Empty(shell.Run("Set-MemcachedItem -Key cmd-kept -Value kept").Errors);

            var calls = new[]
            {
                "Get-MemcachedItem -Key cmd-kept -Touch 300",
                "Get-MemcachedStats",
                "Clear-Memcached -Force",
                "Get-MemcachedKey",
            };
            foreach (var call in calls)
            {
                var result = shell.Run(call);
                var messages = result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message).ToList();
                _output.WriteLine($"declared {declareProxy}, ignore {ignoreErrors}: {call}: {result.Output.Count} objects; " + string.Join(" | ", messages));
                Assert.Empty(result.Output);
                var error = Assert.Single(result.Errors);
                Assert.Contains("is a proxy", error.Exception.Message);
                Assert.DoesNotContain("ItemNotFound", error.FullyQualifiedErrorId);
            }
            // Clear-Memcached sent nothing: the item is still there.
            Assert.Equal("kept", Assert.Single(shell.Run("Get-MemcachedItem -Key cmd-kept -ValueOnly").Objects));
        }

        [Fact]
        public void The_stats_tools_through_a_proxy_say_so_once_instead_of_every_interval()
        {
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { _proxy.Address }, ["ServerKind"] = "Proxy" });

            var watch = shell.Run("Watch-MemcachedStats -Interval 0.1 -Count 5");
            var reset = shell.Run("Reset-MemcachedStats -Force");
            var usage = shell.Run("Get-MemcachedStats -Type SlabUsage");

            Assert.Empty(watch.Output);
            var refusal = Assert.Single(watch.Errors);
            Assert.StartsWith("InvalidRequest", refusal.FullyQualifiedErrorId);
            Assert.Contains(_proxy.Address, refusal.Exception.Message);
            Assert.StartsWith("InvalidRequest", Assert.Single(reset.Errors).FullyQualifiedErrorId);
            Assert.StartsWith("InvalidRequest", Assert.Single(usage.Errors).FullyQualifiedErrorId);
        }

        [Fact]
        public void ServerKind_and_ItemSizeMax_reach_the_client()
        {
            using var shell = new ModuleRunspace();

            var connection = shell.Invoke("Connect-Memcached", new Hashtable
            {
                ["Server"] = new[] { _proxy.Address },
                ["ServerKind"] = "Proxy",
                ["ItemSizeMax"] = 2 * 1024 * 1024,
            }).Single<MemcachedConnection>();

            var options = ((MemcachedClient)connection.Client).Options;
            Assert.Equal(ServerKind.Proxy, options.ServerKind);
            Assert.Equal(2 * 1024 * 1024, options.ItemSizeMax);
            Assert.Null(((MemcachedClient)shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { _proxy.Address } })
                .Single<MemcachedConnection>().Client).Options.ItemSizeMax);
        }
    }
}
