using System.Net;
using System.Net.Sockets;
using MemcachePS.TestServers;
using Xunit;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>
    /// The test servers' own start-up: a memcached whose port is taken exits at start, which is told apart from other
    /// failures so that <see cref="MemcachedProcess.Start"/> can take another free port (a CI run once lost a test to an
    /// outgoing connection of another test taking the port between its discovery and memcached's bind).
    /// </summary>
    public sealed class MemcachedProcessTests
    {
        [Fact]
        public void A_taken_port_is_reported_as_an_exit_at_start()
        {
            var holder = new TcpListener(IPAddress.Loopback, 0);
            holder.Start();
            try
            {
                int port = ((IPEndPoint)holder.LocalEndpoint).Port;

                var e = Assert.Throws<MemcachedProcess.ExitedAtStartException>(() => MemcachedProcess.StartOnPort(port));

                Assert.Contains("exited at start", e.Message);
            }
            finally
            {
                holder.Stop();
            }
        }

        [Fact]
        public void Start_finds_a_port_and_serves()
        {
            using var server = MemcachedProcess.Start();
            using var client = new TcpClient();

            client.Connect(IPAddress.Loopback, server.Port);

            Assert.True(client.Connected);
        }
    }
}
