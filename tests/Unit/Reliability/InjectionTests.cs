using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// Keys and values can never inject commands: illegal keys are refused before a byte is sent (per key in multi-key
    /// calls), values are length framed. The server's own counters show it saw nothing of the refused keys.
    /// </summary>
    public sealed class InjectionTests : IDisposable
    {
        private readonly MemcachedProcess _server;
        private readonly RawMemcached _observer;
        private readonly MemcachedClient _client;

        public InjectionTests()
        {
            _server = MemcachedProcess.Start();
            _observer = new RawMemcached(_server.Port);
            _client = new MemcachedClient(_server.Address);
            // memcached counts a connection on the worker thread that takes it, so the start-up probe's connection
            // can be counted after the observer's first stats: wait until total_connections holds still.
            long previous = -1, current = _observer.Stat("total_connections");
            for (int i = 0; i < 20 && current != previous; i++)
            {
                System.Threading.Thread.Sleep(50);
                previous = current;
                current = _observer.Stat("total_connections");
            }
        }

        public void Dispose()
        {
            _client.Dispose();
            _observer.Dispose();
            _server.Dispose();
        }

        public static IEnumerable<object[]> IllegalKeys() => new[]
        {
            new object[] { "cr", "a\rb" },
            new object[] { "lf", "a\nb" },
            new object[] { "crlf-command", "x\r\nset injected 0 0 1\r\nX" },
            new object[] { "space", "a b" },
            new object[] { "space-command", "x injected" },
            new object[] { "tab", "a\tb" },
            new object[] { "nul", "a\0b" },
            new object[] { "del", "a\u007Fb" },
            new object[] { "251-bytes", new string('k', 251) },
            new object[] { "251-bytes-utf8", new string('k', 249) + "é" },
            new object[] { "empty", "" },
        };

        /// <summary>What the server has seen: commands by kind, items, and connections.</summary>
        private (long Gets, long Sets, long Deletes, long Touches, long Items, long Connections) Seen()
        {
            long deletes = _observer.Stat("delete_hits") + _observer.Stat("delete_misses");
            return (_observer.Stat("cmd_get"), _observer.Stat("cmd_set"), deletes, _observer.Stat("cmd_touch"),
                _observer.Stat("curr_items"), _observer.Stat("total_connections"));
        }

        private void AssertNothingInjected() =>
            Assert.Equal("END\r\n", _observer.Send("get injected\r\n", "END\r\n"));

        [Theory]
        [MemberData(nameof(IllegalKeys))]
        public async Task Single_key_calls_refuse_an_illegal_key_before_connecting_or_sending(string name, string key)
        {
            Assert.NotNull(name);
            var before = Seen();

            Assert.Throws<MemcachedClientException>(() => _client.Get(key));
            Assert.Throws<MemcachedClientException>(() => _client.Set(key, "v"));
            Assert.Throws<MemcachedClientException>(() => _client.Delete(key));
            Assert.Throws<MemcachedClientException>(() => _client.Touch(key, TimeSpan.FromMinutes(1)));
            Assert.Throws<MemcachedClientException>(() => _client.Increment(key, 1, initial: 0));
            await Assert.ThrowsAsync<MemcachedClientException>(() => _client.GetAsync(key));
            await Assert.ThrowsAsync<MemcachedClientException>(() => _client.SetAsync(key, "v"));
            await Assert.ThrowsAsync<MemcachedClientException>(() => _client.DeleteAsync(key));

            Assert.Equal(before, Seen());
            Assert.Equal(0, _client.GetPoolStatistics(_client.Servers[0]).Peak); // not even a connection was opened
            AssertNothingInjected();
        }

        [Fact]
        public void Multi_key_calls_refuse_each_illegal_key_alone_and_send_only_the_legal_ones()
        {
            string[] illegal = IllegalKeys().Select(k => (string)k[1]).ToArray();
            string[] legal = { "ok-1", "ok-2", "ok-3" };
            string[] mixed = legal.Concat(illegal).Reverse().ToArray();
            var before = Seen();

            var stored = _client.StoreMany(mixed.Select(k => new StoreRequest(k, "value")));
            var read = _client.GetMany(mixed);
            var deleted = _client.DeleteMany(mixed);

            foreach (var outcomes in new[] { stored.Select(o => (o.Key, o.Error)), read.Select(o => (o.Key, o.Error)), deleted.Select(o => (o.Key, o.Error)) })
            {
                var list = outcomes.ToList();
                Assert.Equal(mixed, list.Select(o => o.Key)); // input order, one outcome per key
                foreach (var (key, error) in list)
                {
                    if (legal.Contains(key)) Assert.Null(error);
                    else Assert.IsType<MemcachedClientException>(error);
                }
            }
            Assert.All(stored.Where(o => legal.Contains(o.Key)), o => Assert.True(o.Result.IsStored));
            Assert.All(read.Where(o => legal.Contains(o.Key)), o => Assert.Equal("value", Encoding.UTF8.GetString(o.Result!.Value)));
            Assert.All(deleted.Where(o => legal.Contains(o.Key)), o => Assert.True(o.Result));

            var after = Seen();
            Assert.Equal(before.Sets + legal.Length, after.Sets);
            Assert.Equal(before.Gets + legal.Length, after.Gets);
            Assert.Equal(before.Deletes + legal.Length, after.Deletes);
            Assert.Equal(before.Items, after.Items);
            AssertNothingInjected();
        }

        [Fact]
        public async Task A_multi_key_call_made_only_of_illegal_keys_sends_nothing()
        {
            string[] illegal = IllegalKeys().Select(k => (string)k[1]).ToArray();
            var before = Seen();

            var read = await _client.GetManyAsync(illegal);
            var stored = await _client.StoreManyAsync(illegal.Select(k => new StoreRequest(k, "v")));
            var deleted = await _client.DeleteManyAsync(illegal);

            Assert.All(read, o => Assert.IsType<MemcachedClientException>(o.Error));
            Assert.All(stored, o => Assert.IsType<MemcachedClientException>(o.Error));
            Assert.All(deleted, o => Assert.IsType<MemcachedClientException>(o.Error));
            Assert.Equal(before, Seen());
            AssertNothingInjected();
        }

        [Fact]
        public void A_value_carrying_protocol_text_is_stored_as_data_not_read_as_commands()
        {
            byte[] value = Encoding.ASCII.GetBytes("x\r\nset injected 0 0 1\r\nX\r\nEND\r\nmn\r\n");
            var before = Seen();

            Assert.True(_client.Set("carrier", value).IsStored);

            Assert.Equal(value, _client.Get("carrier")!.Value);
            Assert.Equal(before.Sets + 1, Seen().Sets);
            AssertNothingInjected();
        }

        [Fact]
        public void Base64_keys_carry_whitespace_and_control_bytes_safely_as_one_binary_key()
        {
            using var client = new MemcachedClient(new MemcachedClientOptions { Base64Keys = true }.AddServer(_server.Address));
            string key = "x\r\nset injected 0 0 1\r\nX";
            var before = Seen();

            Assert.True(client.Set(key, "v").IsStored);

            Assert.Equal("v", client.GetValue(key));
            Assert.Equal(before.Items + 1, Seen().Items);
            AssertNothingInjected();
        }

        [Fact]
        public void A_key_prefix_with_illegal_bytes_is_refused_when_the_client_is_created()
        {
            var options = new MemcachedClientOptions { KeyPrefix = "app\r\nflush_all\r\n" }.AddServer(_server.Address);

            Assert.Throws<MemcachedClientException>(() => new MemcachedClient(options));
        }

        [Fact]
        public void A_server_command_argument_cannot_smuggle_a_second_command()
        {
            Assert.True(_client.Set("survivor", "v").IsStored);

            Assert.Throws<MemcachedClientException>(() => _client.Stats("items\r\nflush_all"));

            Assert.Equal("v", _client.GetValue("survivor"));
        }
    }
}
