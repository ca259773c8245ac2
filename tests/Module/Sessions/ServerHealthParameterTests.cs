using System;
using System.Collections;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>
    /// How soon a failing server is set aside and for how long are the caller's to choose: Connect-Memcached passes
    /// -ServerFailureLimit and -DeadServerRetryDelay (MemcachedClientOptions' names) to the client, and by default a dead
    /// server is tried again after seconds (libmemcached's retry_timeout is 2 s), not half a minute.
    /// </summary>
    public sealed class ServerHealthParameterTests
    {
        private static MemcachedClientOptions OptionsOf(ModuleRunspace shell, Hashtable parameters)
        {
            parameters["Server"] = new[] { "127.0.0.1:" + MemcachedProcess.FreeTcpPort() };
            parameters["IgnoreErrors"] = true; // nothing listens: the parameters are what is tested
            parameters["ConnectTimeout"] = 1;
            var connection = shell.Invoke("Connect-Memcached", parameters).Single<MemcachedConnection>();
            return ((MemcachedClient)connection.Client).Options;
        }

        [Fact]
        public void ServerFailureLimit_and_DeadServerRetryDelay_reach_the_client()
        {
            using var shell = new ModuleRunspace();

            var options = OptionsOf(shell, new Hashtable { ["ServerFailureLimit"] = 5, ["DeadServerRetryDelay"] = 0.5 });

            Assert.Equal(5, options.ServerFailureLimit);
            Assert.Equal(TimeSpan.FromMilliseconds(500), options.DeadServerRetryDelay);
        }

        [Fact]
        public void DeadServerRetryDelay_takes_a_TimeSpan_too()
        {
            using var shell = new ModuleRunspace();

            var options = OptionsOf(shell, new Hashtable { ["DeadServerRetryDelay"] = TimeSpan.FromSeconds(10) });

            Assert.Equal(TimeSpan.FromSeconds(10), options.DeadServerRetryDelay);
        }

        [Fact]
        public void By_default_a_dead_server_is_retried_after_2_seconds_and_set_aside_after_2_failures()
        {
            using var shell = new ModuleRunspace();

            var options = OptionsOf(shell, new Hashtable());

            Assert.Equal(TimeSpan.FromSeconds(2), options.DeadServerRetryDelay);
            Assert.Equal(2, options.ServerFailureLimit);
            Assert.Equal(TimeSpan.FromSeconds(2), new MemcachedClientOptions().DeadServerRetryDelay);
        }

        [Theory]
        [InlineData("ServerFailureLimit", 0)]
        [InlineData("DeadServerRetryDelay", -1)]
        public void Values_that_cannot_work_are_refused_before_connecting(string parameter, object value)
        {
            using var shell = new ModuleRunspace();

            Assert.ThrowsAny<System.Management.Automation.RuntimeException>(() =>
                shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { "127.0.0.1:1" }, [parameter] = value }));
        }
    }
}
