using System;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>The client reaches servers by IPv4, IPv6, DNS name and unix socket.</summary>
    public sealed class AddressingTests
    {
        private static void RoundTrip(string address)
        {
            using var client = new MemcachedClient(address);
            client.Set("addr-key", "v");
            Assert.Equal("v", Encoding.UTF8.GetString(client.Get("addr-key")!.Value));
        }

        [Fact]
        public void Reaches_a_server_by_ipv4_address()
        {
            using var server = MemcachedProcess.Start();
            RoundTrip($"127.0.0.1:{server.Port}");
        }

        [Fact]
        public void Reaches_a_server_by_ipv6_address_in_brackets()
        {
            using var server = MemcachedProcess.Start("-l", "::1");
            RoundTrip($"[::1]:{server.Port}");
        }

        [Fact]
        public void Reaches_a_server_by_host_name()
        {
            using var server = MemcachedProcess.Start();
            RoundTrip($"localhost:{server.Port}");
        }

        [Fact]
        public void Reaches_a_server_by_unix_socket_in_both_spellings()
        {
            using var server = MemcachedProcess.StartUnixSocket();
            RoundTrip("unix:" + server.SocketPath);
            RoundTrip(server.SocketPath!);
        }

        [Fact]
        public void A_refused_connection_is_a_connection_error_naming_the_server()
        {
            int port = MemcachedProcess.FreeTcpPort();
            using var client = new MemcachedClient($"127.0.0.1:{port}");
            var e = Assert.Throws<MemcachedConnectionException>(() => client.Get("k"));
            Assert.Contains($"127.0.0.1:{port}", e.Message);
            Assert.Equal($"127.0.0.1:{port}", e.Server);
        }

        [Fact]
        public void An_unknown_host_name_is_a_connection_error()
        {
            using var client = new MemcachedClient("no-such-host.invalid:11211");
            Assert.Throws<MemcachedConnectionException>(() => client.Get("k"));
        }
    }
}
