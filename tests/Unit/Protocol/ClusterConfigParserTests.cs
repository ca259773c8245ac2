using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;
using Xunit;

namespace MemcachePS.Tests.Unit.Protocol
{
    /// <summary>ElastiCache's cluster configuration reply, as AWS documents it, and what must not pass for one.</summary>
    public sealed class ClusterConfigParserTests
    {
        // The node names and addresses of AWS's documented example (AutoDiscovery.AddingToYourClientLibrary).
        private const string AwsData =
            "12\nmyCluster.pc4ldq.0001.use1.cache.amazonaws.com|10.82.235.120|11211 myCluster.pc4ldq.0002.use1.cache.amazonaws.com|10.80.249.27|11211\n";

        private static string Reply(string header, string data) => $"{header} 0 {Encoding.ASCII.GetByteCount(data)}\r\n{data}\r\nEND\r\n";

        private static (int Used, ClusterConfigParser.Outcome Outcome, ClusterConfiguration? Config) Parse(string text)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            int used = ClusterConfigParser.TryParse(bytes, 0, bytes.Length, out var outcome, out var config);
            return (used, outcome, config);
        }

        [Fact]
        public void AWS_example_gives_the_version_and_the_nodes_by_IP_address()
        {
            string reply = Reply("CONFIG cluster", AwsData);
            var (used, outcome, config) = Parse(reply);
            Assert.Equal(reply.Length, used);
            Assert.Equal(ClusterConfigParser.Outcome.Configuration, outcome);
            Assert.Equal(12, config!.Version);
            Assert.Equal(new[] { "10.82.235.120:11211", "10.80.249.27:11211" }, config.Servers.Select(s => s.Name));
        }

        [Fact]
        public void Legacy_get_reply_parses_the_same()
        {
            var (_, outcome, config) = Parse(Reply("VALUE AmazonElastiCache:cluster", AwsData));
            Assert.Equal(ClusterConfigParser.Outcome.Configuration, outcome);
            Assert.Equal(2, config!.Servers.Count);
        }

        [Fact]
        public void A_node_without_an_IP_is_reached_by_its_host_name()
        {
            var (_, _, config) = Parse(Reply("CONFIG cluster", "3\nnode-a.example|10.0.0.1|11211 node-b.example||11212\n"));
            Assert.Equal(new[] { "10.0.0.1:11211", "node-b.example:11212" }, config!.Servers.Select(s => s.Name));
        }

        [Fact]
        public void Every_prefix_of_the_reply_needs_more_bytes()
        {
            string reply = Reply("CONFIG cluster", AwsData);
            byte[] bytes = Encoding.ASCII.GetBytes(reply);
            for (int n = 0; n < bytes.Length; n++)
                Assert.Equal(0, ClusterConfigParser.TryParse(bytes, 0, n, out _, out _));
            Assert.Equal(bytes.Length, ClusterConfigParser.TryParse(bytes, 0, bytes.Length, out _, out _));
        }

        [Fact]
        public void ERROR_is_an_unknown_command_and_END_is_no_configuration()
        {
            Assert.Equal((7, ClusterConfigParser.Outcome.UnknownCommand, (ClusterConfiguration?)null), Parse("ERROR\r\n"));
            Assert.Equal((5, ClusterConfigParser.Outcome.NotFound, (ClusterConfiguration?)null), Parse("END\r\n"));
        }

        [Theory]
        [InlineData("not a conf\n", "not a version line and a node line")]
        [InlineData("v1\nh|1.2.3.4|1\n", "version 'v1' is not a number")]
        [InlineData("-1\nh|1.2.3.4|1\n", "version '-1' is not a number")]
        [InlineData("1\nh|1.2.3.4\n", "is not host|ip|port")]
        [InlineData("1\nh|1.2.3.4|99999\n", "no port between 1 and 65535")]
        [InlineData("1\nh|1.2.3.4|0\n", "no port between 1 and 65535")]
        [InlineData("1\n||11211\n", "neither a host name nor an IP address")]
        [InlineData("1\n\n", "lists no nodes")]
        [InlineData("1\nh|1.2.3.4|1 g|1.2.3.4|1\n", "names 1.2.3.4:1 twice")]
        [InlineData("1\nh|1.2.3.4|1\nextra\n", "not a version line and a node line")]
        public void Malformed_configurations_are_protocol_errors_that_say_what_is_wrong(string data, string expected)
        {
            var e = Assert.Throws<MemcachedProtocolException>(() => Parse(Reply("CONFIG cluster", data)));
            Assert.Contains(expected, e.Message);
        }

        [Theory]
        [InlineData("CONFIG cluster 0 10\r\nnot a config\r\nEND\r\n", "does not end after its 10 bytes")]
        [InlineData("CONFIG cluster 0 13\r\n1\nh|1.2.3.4|1\n\r\nEND\r\n", "does not end after its 13 bytes")] // one short
        [InlineData("CONFIG cluster 0 x\r\n", "length 'x'")]
        [InlineData("CONFIG cluster 0 2000000\r\n", "length '2000000'")]
        [InlineData("VALUE other:key 0 3\r\nabc\r\nEND\r\n", "Not a cluster configuration reply")]
        [InlineData("SERVER_ERROR out of memory\r\n", "answered 'SERVER_ERROR out of memory'")]
        [InlineData("HTTP/1.1 400 Bad Request\r\n", "Not a cluster configuration reply: 'HTTP/1.1 400 Bad Request'")]
        public void Malformed_replies_are_protocol_errors_that_say_what_is_wrong(string reply, string expected)
        {
            var e = Assert.Throws<MemcachedProtocolException>(() => Parse(reply));
            Assert.Contains(expected, e.Message);
        }
    }
}
