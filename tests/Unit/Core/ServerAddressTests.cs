using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using Xunit;

namespace MemcachePS.Tests.Unit.Core
{
    public sealed class ServerAddressTests
    {
        [Theory]
        [InlineData("cache1", "cache1", 11211, 1, "cache1:11211")]
        [InlineData("cache1:11311", "cache1", 11311, 1, "cache1:11311")]
        [InlineData("cache1:11311:3", "cache1", 11311, 3, "cache1:11311")]
        [InlineData("10.0.0.5:11211", "10.0.0.5", 11211, 1, "10.0.0.5:11211")]
        [InlineData("[::1]", "::1", 11211, 1, "[::1]:11211")]
        [InlineData("[::1]:11300", "::1", 11300, 1, "[::1]:11300")]
        [InlineData("[fe80::1]:11300:2", "fe80::1", 11300, 2, "[fe80::1]:11300")]
        [InlineData("::1", "::1", 11211, 1, "[::1]:11211")]
        [InlineData("  cache1:1  ", "cache1", 1, 1, "cache1:1")]
        public void Tcp_addresses_parse(string text, string host, int port, int weight, string name)
        {
            var a = ServerAddress.Parse(text);
            Assert.Equal(host, a.Host);
            Assert.Equal(port, a.Port);
            Assert.Equal(weight, a.Weight);
            Assert.Equal(name, a.Name);
            Assert.False(a.IsUnixSocket);
        }

        [Theory]
        [InlineData("unix:/var/run/memcached.sock")]
        [InlineData("/var/run/memcached.sock")]
        public void Unix_socket_paths_parse(string text)
        {
            var a = ServerAddress.Parse(text);
            Assert.True(a.IsUnixSocket);
            Assert.Equal("/var/run/memcached.sock", a.UnixSocketPath);
        }

        [Theory]
        [InlineData("")]
        [InlineData("host:")]
        [InlineData("host:0")]
        [InlineData("host:65536")]
        [InlineData("host:abc")]
        [InlineData("host:11211:0")]
        [InlineData("host:1:2:3")]
        [InlineData("[::1")]
        [InlineData("[::1]x")]
        [InlineData("unix:relative.sock")]
        [InlineData("my host:11211")]
        public void Malformed_addresses_are_refused_with_a_reason(string text)
        {
            Assert.False(ServerAddress.TryParse(text, out _, out string? error));
            Assert.False(string.IsNullOrEmpty(error));
            Assert.Throws<MemcachedClientException>(() => ServerAddress.Parse(text));
        }
    }
}
