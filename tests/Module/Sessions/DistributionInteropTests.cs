using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>
    /// End to end: Connect-Memcached -Distribution &lt;client&gt; and Set-MemcachedItem write keys over three real servers,
    /// then the real PHP, Perl, Go, Ruby or Java client, configured as its users run it, reads every key back through its own
    /// placement. Negative control: the same keys written with -Distribution Rendezvous are mostly not found.
    /// (tests/Unit/Cluster/*PlacementTests check the rules themselves on thousands of keys.)
    /// </summary>
    public sealed class DistributionInteropTests : IDisposable, IClassFixture<DistributionInteropTests.Servers>
    {
        public sealed class Servers : IDisposable
        {
            public List<MemcachedProcess> All { get; } = Enumerable.Range(0, 3).Select(_ => MemcachedProcess.Start()).ToList();
            public void Dispose() { foreach (var server in All) server.Dispose(); }
        }

        private const int KeyCount = 400;
        private readonly List<MemcachedProcess> _servers;
        private readonly ITestOutputHelper _output;
        private readonly ModuleRunspace _shell = new ModuleRunspace();

        public DistributionInteropTests(Servers servers, ITestOutputHelper output)
        {
            _servers = servers.All;
            _output = output;
        }

        public void Dispose() => _shell.Dispose();

        private static List<string> Keys(int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, KeyCount)
                .Select(i => $"interop:{i}:" + new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => (char)random.Next(0x21, 0x7F)).ToArray()))
                .ToList();
        }

        /// <summary>Writes the keys (value: the byte "1", flags 0, which every client reads as is) with the cmdlets.</summary>
        private void WriteWithCmdlets(string distribution, List<string> keys)
        {
            var connection = _shell.Invoke("Connect-Memcached", new Hashtable
            {
                ["Server"] = _servers.Select(s => s.Address).ToArray(),
                ["Distribution"] = distribution,
            }).Single<MemcachedConnection>();
            Assert.Equal(distribution, connection.Distribution.ToString());
            var cleared = _shell.Invoke("Clear-Memcached", new Hashtable { ["Force"] = true });
            Assert.Empty(cleared.Errors);
            var written = _shell.Run("param($keys) foreach ($key in $keys) { Set-MemcachedItem -Key $key -Value ([byte[]]@(49)) }",
                new Hashtable { ["keys"] = keys.ToArray() });
            Assert.Empty(written.Errors);
        }

        private object[][] HostPortWeight() => _servers.Select(s => new object[] { s.Host, s.Port, 1 }).ToArray();
        private string[] Addresses() => _servers.Select(s => s.Address).ToArray();

        /// <summary>How many of the keys the real client does not find.</summary>
        private int MissedByPeer(string peer, List<string> keys)
        {
            string Failed(string output) => JsonDocument.Parse(output).RootElement.GetProperty("failed").GetInt32().ToString();
            string result = peer switch
            {
                "php-memcached" => Failed(PhpPeer.Run("placement.php", Json(new { client = "memcached", mode = "get", servers = HostPortWeight(), keys }))),
                "php-memcached consistent" => Failed(PhpPeer.Run("placement.php", Json(new { client = "memcached", mode = "get", servers = HostPortWeight(), keys,
                    options = new Dictionary<string, object> { ["OPT_DISTRIBUTION"] = "DISTRIBUTION_CONSISTENT" } }))),
                "php-memcached libketama" => Failed(PhpPeer.Run("placement.php", Json(new { client = "memcached", mode = "get", servers = HostPortWeight(), keys,
                    options = new Dictionary<string, object> { ["OPT_LIBKETAMA_COMPATIBLE"] = true } }))),
                "php-memcache" => Failed(PhpPeer.Run("placement.php", Json(new { client = "memcache", mode = "get", servers = HostPortWeight(), keys }),
                    new Dictionary<string, string> { ["memcache.hash_strategy"] = "consistent", ["memcache.hash_function"] = "crc32" })),
                "php-memcache standard" => Failed(PhpPeer.Run("placement.php", Json(new { client = "memcache", mode = "get", servers = HostPortWeight(), keys }),
                    new Dictionary<string, string> { ["memcache.hash_strategy"] = "standard", ["memcache.hash_function"] = "crc32" })),
                "Cache::Memcached" => Failed(PerlPeer.Run("placement.pl", Json(new { client = "Cache::Memcached", mode = "get", servers = Addresses().Select(a => new object[] { a, 1 }), keys }))),
                "Cache::Memcached::Fast" => Failed(PerlPeer.Run("placement.pl", Json(new { client = "Cache::Memcached::Fast", mode = "get", servers = Addresses().Select(a => new object[] { a, 1 }), keys }))),
                "Cache::Memcached::Fast ketama" => Failed(PerlPeer.Run("placement.pl", Json(new { client = "Cache::Memcached::Fast", mode = "get", servers = Addresses().Select(a => new object[] { a, 1 }), keys,
                    options = new { ketama_points = 150 } }))),
                "gomemcache" => Failed(GoPeer.Run("placement", Json(new { mode = "get", servers = Addresses(), keys }))),
                "dalli" => Failed(RubyPeer.Run("placement.rb", Json(new { mode = "get", servers = Addresses(), keys }))),
                "spymemcached ketama" => Failed(JavaPeer.Run("Placement", JavaPeer.PlacementInput(Addresses(), keys, "get"))),
                _ => throw new ArgumentOutOfRangeException(nameof(peer), peer, null),
            };
            return int.Parse(result);
        }

        private static string Json(object value) => JsonSerializer.Serialize(value);

        [Theory]
        [InlineData("PhpMemcached", "php-memcached", 1)]
        [InlineData("PhpMemcachedConsistent", "php-memcached consistent", 2)]
        [InlineData("PhpMemcachedLibketama", "php-memcached libketama", 3)]
        [InlineData("PhpMemcache", "php-memcache", 4)]
        [InlineData("PhpMemcacheStandard", "php-memcache standard", 5)]
        [InlineData("PerlCacheMemcached", "Cache::Memcached", 6)]
        [InlineData("PerlCacheMemcachedFast", "Cache::Memcached::Fast", 7)]
        [InlineData("PerlCacheMemcachedFastKetama", "Cache::Memcached::Fast ketama", 8)]
        [InlineData("GoMemcache", "gomemcache", 9)]
        [InlineData("Dalli", "dalli", 10)]
        [InlineData("SpymemcachedKetama", "spymemcached ketama", 11)]
        public void The_real_client_finds_every_key_the_cmdlets_wrote_with_its_distribution(string distribution, string peer, int seed)
        {
            var keys = Keys(seed);
            WriteWithCmdlets(distribution, keys);
            int missed = MissedByPeer(peer, keys);

            WriteWithCmdlets("Rendezvous", keys);
            int missedControl = MissedByPeer(peer, keys);
            _output.WriteLine($"{peer}: -Distribution {distribution}: {missed} of {KeyCount} keys not found; -Distribution Rendezvous: {missedControl} not found");

            Assert.Equal(0, missed);
            Assert.True(missedControl > KeyCount / 3, $"with Rendezvous {peer} still found all but {missedControl}");
        }
    }
}
