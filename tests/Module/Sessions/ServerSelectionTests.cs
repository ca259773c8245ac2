using System.Linq;
using MemcachePS.Core.Cluster;
using MemcachePS.Sessions;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    public class ServerSelectionTests
    {
        private static readonly ServerAddress[] Servers =
        {
            ServerAddress.Parse("cache-a:11211"),
            ServerAddress.Parse("cache-b:11212"),
            ServerAddress.Parse("cache-b:11213"),
            ServerAddress.Parse("[::1]:11211"),
        };

        private static string[] Names(string[] requested, out string[] unmatched)
        {
            var result = ServerSelection.Resolve(Servers, requested, out var missing);
            unmatched = missing.ToArray();
            return result.Select(s => s.Name).ToArray();
        }

        [Fact]
        public void No_request_means_every_server()
        {
            Assert.Equal(4, ServerSelection.Resolve(Servers, null, out _).Count);
        }

        [Fact]
        public void A_full_name_selects_that_server()
        {
            Assert.Equal(new[] { "cache-b:11212" }, Names(new[] { "cache-b:11212" }, out _));
        }

        [Fact]
        public void A_host_without_port_means_the_default_port_first()
        {
            Assert.Equal(new[] { "cache-a:11211" }, Names(new[] { "CACHE-A" }, out _));
        }

        [Fact]
        public void A_host_without_port_names_all_its_servers_when_none_is_on_the_default_port()
        {
            Assert.Equal(new[] { "cache-b:11212", "cache-b:11213" }, Names(new[] { "cache-b" }, out _));
        }

        [Fact]
        public void Wildcards_match_server_names()
        {
            Assert.Equal(new[] { "cache-b:11212", "cache-b:11213" }, Names(new[] { "*:1121[23]" }, out _));
        }

        [Fact]
        public void An_IPv6_address_in_brackets_is_an_address_not_a_pattern()
        {
            Assert.Equal(new[] { "[::1]:11211" }, Names(new[] { "[::1]:11211" }, out _));
        }

        [Fact]
        public void Each_server_is_listed_once_and_unmatched_requests_are_reported()
        {
            var names = Names(new[] { "cache-a", "cache-a:11211", "elsewhere:1" }, out var unmatched);

            Assert.Equal(new[] { "cache-a:11211" }, names);
            Assert.Equal(new[] { "elsewhere:1" }, unmatched);
        }
    }
}
