using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// The raw command API (<see cref="MemcachedClient.ExecuteCommand"/>) checks the command name as strictly as its
    /// arguments: one token of printable ASCII. A name that would carry a second command is refused before a byte is sent,
    /// and a real memcached shows nothing happened. Also: timeouts beyond what the runtime can wait are refused.
    /// </summary>
    public sealed class RawCommandTests : IDisposable
    {
        private readonly MemcachedProcess _server;
        private readonly RawMemcached _observer;
        private readonly MemcachedClient _client;

        public RawCommandTests()
        {
            _server = MemcachedProcess.Start();
            _observer = new RawMemcached(_server.Port);
            _client = new MemcachedClient(_server.Address);
            _observer.Send("set survivor 0 0 1\r\nx\r\n");
        }

        public void Dispose()
        {
            _client.Dispose();
            _observer.Dispose();
            _server.Dispose();
        }

        public static IEnumerable<object[]> HostileNames() => new[]
        {
            new object[] { "crlf", "version\r\nflush_all" },
            new object[] { "lf", "version\nflush_all" },
            new object[] { "u+010a", "version\u010Aflush_all" },   // its low byte is LF
            new object[] { "u+010d-u+010a", "version\u010D\u010Aflush_all" },
            new object[] { "space", "flush_all 0" },
            new object[] { "tab", "flush_all\t0" },
            new object[] { "nul", "version\0flush_all" },
            new object[] { "del", "version\u007F" },
            new object[] { "non-ascii", "versión" },
            new object[] { "empty", "" },
        };

        [Theory]
        [MemberData(nameof(HostileNames))]
        public void A_command_name_with_anything_but_printable_ASCII_is_refused_before_sending(string label, string name)
        {
            var e = Assert.Throws<MemcachedClientException>(() => _client.ExecuteCommand(_client.Servers[0], name, null, multiLine: false));

            Assert.Contains("command name", e.Message);
            Assert.Equal(0, _observer.Stat("cmd_flush"));
            Assert.Equal(1, _observer.Stat("curr_items"));
            // The client never opened a connection. (The server's total_connections is no witness: under load a
            // worker thread may count the launcher's readiness probe late, which made this flaky.)
            Assert.Equal(0, _client.GetPoolStatistics(_client.Servers[0]).Peak);
            Assert.NotNull(label);
        }

        [Theory]
        [MemberData(nameof(HostileNames))]
        public async Task The_async_twin_refuses_the_same_names(string label, string name)
        {
            var e = await Assert.ThrowsAsync<MemcachedClientException>(() => _client.ExecuteCommandAsync(_client.Servers[0], name, null, multiLine: false));

            Assert.Contains("command name", e.Message);
            Assert.Equal(0, _observer.Stat("cmd_flush"));
            Assert.Equal(1, _observer.Stat("curr_items"));
            Assert.NotNull(label);
        }

        [Fact]
        public void An_argument_with_a_character_whose_low_byte_is_LF_is_refused_too()
        {
            Assert.Throws<MemcachedClientException>(() => _client.ExecuteCommand(_client.Servers[0], "stats", "items\u010Aflush_all", multiLine: true));

            Assert.Equal(0, _observer.Stat("cmd_flush"));
        }

        [Fact]
        public void A_legal_raw_command_still_runs()
        {
            var lines = _client.ExecuteCommand(_client.Servers[0], "version", null, multiLine: false);

            Assert.StartsWith("VERSION ", Assert.Single(lines));
        }

        [Theory]
        [InlineData(nameof(MemcachedClientOptions.OperationTimeout))]
        [InlineData(nameof(MemcachedClientOptions.ConnectTimeout))]
        public void A_timeout_longer_than_the_runtime_can_wait_is_refused_with_its_limit(string which)
        {
            foreach (var timeout in new[] { TimeSpan.MaxValue, TimeSpan.FromMilliseconds(int.MaxValue + 1.0) })
            {
                var options = new MemcachedClientOptions().AddServer(_server.Address);
                if (which == nameof(MemcachedClientOptions.OperationTimeout)) options.OperationTimeout = timeout;
                else options.ConnectTimeout = timeout;

                var e = Assert.Throws<MemcachedClientException>(() => new MemcachedClient(options));

                Assert.Contains(which, e.Message);
                Assert.Contains("24.20:31:23.647", e.Message);
            }
            var longest = new MemcachedClientOptions { OperationTimeout = TimeSpan.FromMilliseconds(int.MaxValue), ConnectTimeout = TimeSpan.FromMilliseconds(int.MaxValue) }
                .AddServer(_server.Address);
            using var client = new MemcachedClient(longest);
            Assert.StartsWith("1.", Assert.Single(client.Version()).Result);
        }
    }
}
