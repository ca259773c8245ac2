using System;
using System.Management.Automation;
using System.Collections;
using System.Linq;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Set-MemcachedItem -Mode Append/Prepend joins bytes on the server, which keeps the item's flags: a join that would
    /// leave bytes nothing can decode (into a compressed, JSON or integer item, or a compressed piece) is refused and the
    /// item is left as it was; text onto text and bytes onto bytes join as expected. On memcached (meta and classic) and in memory alike.
    /// </summary>
    public sealed class AppendTests : IDisposable, IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedProcess _server;
        private readonly ModuleRunspace _shell = new ModuleRunspace();

        public AppendTests(MemcachedFixture fixture) => _server = fixture.Process;

        public void Dispose() => _shell.Dispose();

        /// <summary>"meta" and "classic": the real memcached through each protocol; "memory": the in-memory store.</summary>
        private void Connect(string backend)
        {
            var parameters = new Hashtable { ["CompressionThreshold"] = 100 };
            if (backend == "memory") parameters["InMemory"] = true;
            else parameters["Server"] = _server.Address;
            if (backend == "classic") parameters["Protocol"] = "Classic";
            _shell.Invoke("Connect-Memcached", parameters);
        }

        private ModuleRunspace.Result Set(string key, object value, string mode = "Set") =>
            _shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = key, ["Value"] = value, ["Mode"] = mode, ["ErrorAction"] = "Continue" });

        private MemcachedItem Get(string key) =>
            _shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = key }).Single<MemcachedItem>();

        private static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);

        [Theory]
        [InlineData("meta", "Append")]
        [InlineData("meta", "Prepend")]
        [InlineData("classic", "Append")]
        [InlineData("classic", "Prepend")]
        [InlineData("memory", "Append")]
        [InlineData("memory", "Prepend")]
        public void Joining_text_to_a_compressed_item_is_refused_and_the_item_is_unchanged(string backend, string mode)
        {
            Connect(backend);
            string key = Unique("compressed");
            string original = new string('x', 1000);
            Set(key, original);
            Assert.Equal(24u, Get(key).Flags); // text, compressed

            var result = Set(key, "tail", mode);

            var error = Assert.Single(result.Errors);
            Assert.StartsWith("JoinRefused", error.FullyQualifiedErrorId);
            Assert.Contains("compressed", error.Exception.Message);
            Assert.Equal(original, Get(key).Value);
        }

        [Theory]
        [InlineData("meta")]
        [InlineData("classic")]
        [InlineData("memory")]
        public void A_long_piece_is_joined_uncompressed_so_the_text_reads_back(string backend)
        {
            Connect(backend);
            string key = Unique("short");
            Set(key, "abc");

            var result = Set(key, new string('y', 1000), "Append");

            Assert.Empty(result.Errors);
            var item = Get(key);
            Assert.Equal("abc" + new string('y', 1000), item.Value);
            Assert.Equal(16u, item.Flags);
        }

        [Theory]
        [InlineData("meta")]
        [InlineData("classic")]
        [InlineData("memory")]
        public void Bytes_prepended_to_an_integer_are_refused_and_the_integer_stays(string backend)
        {
            Connect(backend);
            string key = Unique("int");
            Set(key, 42);

            var result = Set(key, new byte[] { 0x41, 0x42 }, "Prepend");

            Assert.StartsWith("JoinRefused", Assert.Single(result.Errors).FullyQualifiedErrorId);
            Assert.Equal(42L, Convert.ToInt64(Get(key).Value));
        }

        [Theory]
        [InlineData("meta")]
        [InlineData("classic")]
        [InlineData("memory")]
        public void A_structured_piece_is_refused_before_anything_is_sent(string backend)
        {
            Connect(backend);
            string key = Unique("json");
            Set(key, new Hashtable { ["a"] = 1 });

            var result = Set(key, new Hashtable { ["b"] = 2 }, "Append");

            var error = Assert.Single(result.Errors);
            Assert.StartsWith("JoinRefused", error.FullyQualifiedErrorId);
            Assert.Contains("string or a byte[]", error.Exception.Message);
            var value = Assert.IsType<PSObject>(Get(key).Value);
            Assert.Equal(1, Convert.ToInt32(value.Properties["a"].Value));
        }

        [Theory]
        [InlineData("meta")]
        [InlineData("classic")]
        [InlineData("memory")]
        public void Text_joins_text_and_bytes_join_bytes(string backend)
        {
            Connect(backend);
            string text = Unique("text"), bytes = Unique("bytes");
            Set(text, "mid");
            Set(bytes, new byte[] { 1, 2 });

            Assert.Empty(Set(text, ">", "Append").Errors);
            Assert.Empty(Set(text, "<", "Prepend").Errors);
            Assert.Empty(Set(bytes, new byte[] { 3 }, "Append").Errors);
            Assert.Empty(Set(bytes, new byte[] { 0 }, "Prepend").Errors);

            Assert.Equal("<mid>", Get(text).Value);
            Assert.Equal(new byte[] { 0, 1, 2, 3 }, Get(bytes).Value);
        }
    
        [Theory]
        [InlineData("meta")]
        [InlineData("classic")]
        [InlineData("memory")]
        public void PassThru_shows_the_item_as_the_join_left_it(string backend)
        {
            Connect(backend);
            string key = Unique("passthru");
            Set(key, "mid");

            var shown = _shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = key, ["Value"] = ">>", ["Mode"] = "Append", ["PassThru"] = true }).Single<MemcachedItem>();

            var stored = Get(key);
            Assert.Equal("mid>>", shown.Value);
            Assert.Equal(stored.Value, shown.Value);
            Assert.Equal(stored.Size, shown.Size);
            Assert.Equal(stored.Flags, shown.Flags);
        }
    
        [Theory]
        [InlineData("meta")]
        [InlineData("classic")]
        [InlineData("memory")]
        public void A_join_past_the_item_size_limit_is_reported_as_too_large_not_as_missing(string backend)
        {
            Connect(backend);
            string key = Unique("full");
            var noise = new byte[1_000_000];
            new Random(11).NextBytes(noise); // incompressible: stored as bytes (flags 0) even with -CompressionThreshold
            _shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = key, ["Value"] = noise });

            var result = Set(key, new byte[100_000], "Append");

            var error = Assert.Single(result.Errors);
            Assert.StartsWith("ItemNotStored", error.FullyQualifiedErrorId);
            Assert.Contains("1,100,000 bytes", error.Exception.Message);
            Assert.Contains("item_size_max", error.Exception.Message);
            Assert.Equal(1_000_000, ((byte[])Get(key).Value!).Length);
        }
    }
}
