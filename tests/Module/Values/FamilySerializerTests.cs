using System;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Core.Serialization.Families;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    /// <summary>
    /// -Serializer Dalli, PerlCacheMemcached, Spymemcached and GoMemcache through the cmdlets: Connect-Memcached makes the
    /// family's transcoder the connection's for reading and writing; Set-MemcachedItem -Serializer writes one value in the
    /// family's convention on any connection; what the family cannot hold is refused with ValueNotStorable and nothing is
    /// stored. (The formats themselves are checked against the real clients in tests/Unit/Serialization/Interop.)
    /// </summary>
    public sealed class FamilySerializerTests : IDisposable
    {
        private readonly ModuleRunspace _shell = new ModuleRunspace();

        public void Dispose() => _shell.Dispose();

        private void Connect(string serializer) => Assert.Empty(_shell.Run($"Connect-Memcached -InMemory -Serializer {serializer} | Out-Null").Errors);

        private (object? Value, uint Flags) RoundTrip(string value)
        {
            var result = _shell.Run($"Set-MemcachedItem -Key k -Value ({value}); Get-MemcachedItem -Key k");
            Assert.Empty(result.Errors);
            var item = Assert.Single(result.Output);
            var value2 = item.Properties["Value"].Value;
            return (value2 is PSObject p && !(p.BaseObject is PSCustomObject) ? p.BaseObject : value2, (uint)item.Properties["Flags"].Value);
        }

        private ErrorRecord Refused(string value, string serializerParameter = "")
        {
            var result = _shell.Run($"Remove-MemcachedItem -Key k -ErrorAction SilentlyContinue; Set-MemcachedItem -Key k -Value ({value}) {serializerParameter}");
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("ValueNotStorable", error.FullyQualifiedErrorId);
            Assert.Empty(_shell.Run("Get-MemcachedItem -Key k -ErrorAction SilentlyContinue").Output);
            return error;
        }

        [Fact]
        public void A_Dalli_connection_writes_Marshal_under_flag_1_and_reads_it_back_as_the_same_data()
        {
            Connect("Dalli");
            var (value, flags) = RoundTrip("[ordered]@{ name = 'héllo'; n = 42; list = @(1.5, $null, $true) }");
            Assert.Equal(1u, flags);
            var map = Assert.IsType<PSObject>(value); // a Ruby Hash with string keys reads as ConvertFrom-Json's objects do
            Assert.IsType<PSCustomObject>(map.BaseObject);
            Assert.Equal("héllo", map.Properties["name"].Value);
            Assert.Equal(42L, map.Properties["n"].Value);
            Assert.Equal(new object?[] { 1.5, null, true }, Assert.IsType<object[]>(map.Properties["list"].Value));
            var raw = Assert.IsType<byte[]>(_shell.Run("Get-MemcachedItem -Key k -AsByteArray -ValueOnly").Output.Single().BaseObject);
            Assert.Equal(new byte[] { 4, 8, (byte)'{' }, raw.Take(3));
        }

        [Fact]
        public void A_Ruby_symbol_key_goes_back_to_Ruby_as_a_symbol()
        {
            Connect("Dalli");
            var (value, _) = RoundTrip("@{ [MemcachePS.Core.Serialization.Families.RubySymbol]::new('id') = 7 }");
            var map = Assert.IsType<OrderedDictionary>(value);
            Assert.Equal(7L, map[new RubySymbol("id")]);
        }

        [Fact]
        public void A_Perl_connection_stores_scalars_as_bytes_and_structures_as_Storable_and_refuses_a_boolean_scalar()
        {
            Connect("PerlCacheMemcached");
            Assert.Equal(("abc", 0u), RoundTrip("'abc'"));
            Assert.Equal(("héllo", 4u), RoundTrip("'héllo'"));
            var (value, flags) = RoundTrip("@{ a = @(1, 'x', $false) }");
            Assert.Equal(1u, flags);
            Assert.Equal(new object?[] { 1L, "x", false }, Assert.IsType<object[]>(Assert.IsType<PSObject>(value).Properties["a"].Value));
            Assert.Contains("boolean", Refused("$true").Exception.Message);
            Assert.Contains("Perl hash keys are strings", Refused("@{ 1 = 'a' }").Exception.Message);
        }

        [Fact]
        public void A_spymemcached_connection_writes_typed_numbers_and_refuses_lists_it_would_have_to_Java_serialize()
        {
            Connect("Spymemcached");
            Assert.Equal((42, 512u), RoundTrip("42"));
            Assert.Equal((5000000000L, 768u), RoundTrip("5000000000"));
            Assert.Equal((true, 256u), RoundTrip("$true"));
            Assert.Equal(("abc", 0u), RoundTrip("'abc'"));
            Assert.Contains("Java serialization", Refused("@(1, 2)").Exception.Message);
        }

        [Fact]
        public void A_GoMemcache_connection_gives_and_takes_bytes_only()
        {
            Connect("GoMemcache");
            var (value, flags) = RoundTrip("'héllo'");
            Assert.Equal(0u, flags);
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes("héllo"), Assert.IsType<byte[]>(value));
            Assert.Contains("bytes", Refused("42").Exception.Message);
        }

        [Fact]
        public void Set_with_a_family_serializer_on_a_default_connection_writes_that_family_once_and_refuses_before_sending()
        {
            Connect("Default");
            var set = _shell.Run("Set-MemcachedItem -Key k -Value 42 -Serializer Spymemcached; Get-MemcachedItem -Key k -AsByteArray");
            Assert.Empty(set.Errors);
            Assert.Equal(512u, (uint)set.Output.Single().Properties["Flags"].Value);
            Assert.Equal(new byte[] { 42 }, set.Output.Single().Properties["Value"].Value as byte[] ?? (byte[])((PSObject)set.Output.Single().Properties["Value"].Value).BaseObject);
            Assert.Equal((42L, 2u), RoundTrip("42")); // the connection's own serializer is unchanged
            Refused("$null", "-Serializer PerlCacheMemcached");
        }
    }
}
