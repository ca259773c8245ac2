using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using MemcachePS.TestServers;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    /// <summary>
    /// -Serializer PhpMemcached / PhpMemcache through the cmdlets: a connection of a PHP family reads what the real PHP
    /// client wrote and writes what it reads back the same (judged by tests/Peers/php/values.php); Set-MemcachedItem
    /// -Serializer writes one value in a family's convention on any connection; what PHP would change is refused before
    /// anything is sent.
    /// </summary>
    public sealed class PhpSerializerTests : IDisposable, IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedProcess _server;
        private readonly ModuleRunspace _shell = new ModuleRunspace();

        public PhpSerializerTests(MemcachedFixture fixture) => _server = fixture.Process;

        public void Dispose() => _shell.Dispose();

        private static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        private string Php(string command, object cases) =>
            PhpPeer.Run("values.php", JsonSerializer.Serialize(cases), arguments: new[] { command, _server.Port.ToString() });

        private object? Read(string key, string serializer)
        {
            var result = _shell.Run($"Connect-Memcached -Server {_server.Address} -Serializer {serializer} | Out-Null; Get-MemcachedItem -Key '{key}' -ValueOnly");
            Assert.Empty(result.Errors);
            var output = Assert.Single(result.Output);
            return output?.BaseObject;
        }

        [Theory]
        [InlineData("memcached", "PhpMemcached")]
        [InlineData("memcache", "PhpMemcache")]
        public void A_connection_of_a_PHP_family_reads_what_PHP_wrote_in_PowerShell_shapes(string client, string serializer)
        {
            string list = Unique("list"), map = Unique("map"), flag = Unique("flag"), zero = Unique("zero");
            Php("write", new object[]
            {
                new { client, key = list, php = "[1, 'two', [3.5, null]]" },
                new { client, key = map, php = "['name' => 'x', 5 => true, 'nested' => ['a' => -1]]" },
                new { client, key = flag, php = "false" },
                new { client, key = zero, php = "-0.0" },
            });

            var items = Assert.IsType<object[]>(Read(list, serializer));
            Assert.Equal(1L, items[0]);
            Assert.Equal("two", items[1]);
            var inner = Assert.IsType<object[]>(items[2]);
            Assert.Equal(3.5, inner[0]);
            Assert.Null(inner[1]);

            var dict = Assert.IsType<OrderedDictionary>(Read(map, serializer));
            Assert.Equal(new object[] { "name", 5L, "nested" }, dict.Keys.Cast<object>().ToArray());
            Assert.Equal(true, dict[(object)5L]);
            Assert.Equal(-1L, Assert.IsType<PSObject>(dict["nested"]).Properties["a"].Value); // string keys only: an object, as ConvertFrom-Json gives

            Assert.Equal(false, Read(flag, serializer));
            Assert.True(double.IsNegative(Assert.IsType<double>(Read(zero, serializer))));
        }

        [Theory]
        [InlineData("memcached", "PhpMemcached")]
        [InlineData("memcache", "PhpMemcache")]
        public void Set_with_a_PHP_serializer_on_a_default_connection_writes_what_PHP_reads_back_the_same(string client, string serializer)
        {
            string[] keys = Enumerable.Range(0, 6).Select(i => Unique("w" + i)).ToArray();
            var script = $@"
                Connect-Memcached -Server {_server.Address} | Out-Null
                Set-MemcachedItem -Key '{keys[0]}' -Value $true -Serializer {serializer}
                Set-MemcachedItem -Key '{keys[1]}' -Value 0.1 -Serializer {serializer}
                Set-MemcachedItem -Key '{keys[2]}' -Value ([ordered]@{{ name = 'x'; 5 = @(1, 'a', $null); big = [long]::MaxValue }}) -Serializer {serializer}
                Set-MemcachedItem -Key '{keys[3]}' -Value @() -Serializer {serializer}
                Set-MemcachedItem -Key '{keys[4]}' -Value ([pscustomobject]@{{ when = [datetime]::new(2024, 1, 2, 3, 4, 5, [DateTimeKind]::Utc); n = 7 }}) -Serializer {serializer}
                Set-MemcachedItem -Key '{keys[5]}' -Value ('h' + [char]0xe9) -Serializer {serializer}";
            var result = _shell.Run(script);
            Assert.Empty(result.Errors);

            string verdicts = Php("read", new object[]
            {
                new { client, key = keys[0], expected = "true", mode = "exact" },
                new { client, key = keys[1], expected = "0.1", mode = "exact" },
                new { client, key = keys[2], expected = "['name' => 'x', 5 => [1, 'a', null], 'big' => PHP_INT_MAX]", mode = "exact" },
                new { client, key = keys[3], expected = "[]", mode = "exact" },
                new { client, key = keys[4], expected = "['when' => '2024-01-02T03:04:05.0000000Z', 'n' => 7]", mode = "exact" },
                new { client, key = keys[5], expected = "\"h\\u{e9}\"", mode = "exact" },
            });
            Assert.Equal(Enumerable.Repeat("PASS", 6), verdicts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("result").GetString()));
        }

        [Theory]
        [InlineData("[ordered]@{ '5' = 'x' }", "integer key 5")]
        [InlineData("@{}", "empty dictionary")]
        [InlineData("[ordered]@{ 0 = 'a'; 1 = 'b' }", "cannot tell from a list")]
        [InlineData("@{ price = 1.5d }", "[decimal]")]
        [InlineData("[ulong]::MaxValue", "64-bit int")]
        [InlineData("@{ 1.5 = 'x' }", "keys are stored as strings or as 64-bit integers")]
        [InlineData("{ 'code' }", "script block")]
        public void What_PHP_would_change_is_refused_before_anything_is_sent(string value, string reason)
        {
            foreach (var serializer in new[] { "PhpMemcached", "PhpMemcache" })
            {
                string key = Unique("refused");
                var result = _shell.Run($"Connect-Memcached -Server {_server.Address} | Out-Null; $before = (Get-MemcachedStats)[0].cmd_set; " +
                    $"Set-MemcachedItem -Key '{key}' -Value ({value}) -Serializer {serializer}; (Get-MemcachedStats)[0].cmd_set - $before");
                var error = Assert.Single(result.Errors);
                Assert.StartsWith("ValueNotStorable", error.FullyQualifiedErrorId);
                Assert.Contains(reason, error.Exception.Message);
                Assert.Equal(0L, Convert.ToInt64(Assert.Single(result.Output)!.BaseObject));
            }
        }

        [Fact]
        public void Values_round_trip_through_the_cmdlets_with_their_PHP_types()
        {
            foreach (var serializer in new[] { "PhpMemcached", "PhpMemcache" })
            {
                var result = _shell.Run($"Connect-Memcached -InMemory -Serializer {serializer} | Out-Null; " +
                    "Set-MemcachedItem -Key k -Value ([ordered]@{ 7 = [byte[]](0, 255); s = 'x'; f = [double]::NaN; l = @(1, 2) }); Get-MemcachedItem -Key k -ValueOnly; " +
                    "Set-MemcachedItem -Key b -Value $false; Get-MemcachedItem -Key b -ValueOnly");
                Assert.Empty(result.Errors);
                var map = Assert.IsType<OrderedDictionary>(result.Output[0].BaseObject);
                Assert.Equal(new byte[] { 0, 255 }, Assert.IsType<byte[]>(map[(object)7L]));
                Assert.Equal("x", map["s"]);
                Assert.True(double.IsNaN(Assert.IsType<double>(map["f"])));
                Assert.Equal(new object[] { 1L, 2L }, Assert.IsType<object[]>(map["l"]));
                Assert.Equal(false, result.Output[1].BaseObject);
            }
        }

        [Fact]
        public void CompressionThreshold_is_refused_with_a_PHP_serializer()
        {
            var result = _shell.Run("Connect-Memcached -InMemory -Serializer PhpMemcached -CompressionThreshold 100");
            var error = Assert.Single(result.Errors);
            Assert.Contains("-CompressionThreshold applies to the Default and CliXml serializers", error.Exception.Message);
        }
    }
}
