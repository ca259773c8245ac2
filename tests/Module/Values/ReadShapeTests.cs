using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    /// <summary>
    /// Values read back have the shapes PowerShell's own commands expect (issue 13): JSON objects as PSCustomObjects, as
    /// ConvertFrom-Json gives them, so Select-Object, Sort-Object and Format-Table see their keys; -AsHashtable for
    /// dictionaries; -AsString for text stored as bytes.
    /// </summary>
    public sealed class ReadShapeTests : IClassFixture<MemcachedFixture>
    {
        private readonly MemcachedFixture _server;

        public ReadShapeTests(MemcachedFixture server) => _server = server;

        private ModuleRunspace Connected()
        {
            var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = _server.Process.Address });
            return shell;
        }

        [Fact]
        public void JSON_objects_select_sort_and_format_by_their_keys()
        {
            using var shell = Connected();
            shell.Run("@(@{ id = 1; name = 'tea'; price = 4.5 }, @{ id = 2; name = 'cake'; price = 2.25 }, @{ id = 3; name = 'jam'; price = 3.0 }) | " +
                      "ForEach-Object { Set-MemcachedItem -Key \"shape:product:$($_.id)\" -Value $_ }");

            var selected = shell.Run("1..3 | % { \"shape:product:$_\" } | Get-MemcachedItem -ValueOnly | Sort-Object price | Select-Object id, name");
            var table = shell.Run("1..3 | % { \"shape:product:$_\" } | Get-MemcachedItem -ValueOnly | Format-Table | Out-String -Width 80");

            Assert.Empty(selected.Errors);
            Assert.Equal(new object[] { "cake", "jam", "tea" }, selected.Output.Select(o => o.Properties["name"].Value).ToArray());
            Assert.Equal(new object[] { 2L, 3L, 1L }, selected.Output.Select(o => o.Properties["id"].Value).ToArray());
            string text = (string)table.Output.Single().BaseObject;
            Assert.Contains("price", text);
            Assert.DoesNotContain("Value", text); // not Name/Value rows of a dictionary
        }

        [Fact]
        public void Arrays_inside_objects_stay_arrays_and_nested_objects_are_objects()
        {
            using var shell = Connected();
            shell.Run("Set-MemcachedItem shape:nested @{ tags = @('a', 'b'); owner = @{ name = 'ops' } }");

            var value = Assert.IsType<PSObject>(shell.Run("Get-MemcachedItem shape:nested -ValueOnly").Output.Single());

            Assert.Equal(new object[] { "a", "b" }, Assert.IsType<object[]>(value.Properties["tags"].Value));
            Assert.Equal("ops", Assert.IsType<PSObject>(value.Properties["owner"].Value).Properties["name"].Value);
        }

        [Fact]
        public void AsHashtable_gives_ordered_dictionaries()
        {
            using var shell = Connected();
            shell.Run("Set-MemcachedItem shape:table ([ordered]@{ z = 1; a = @{ b = 2 } })");

            var value = Assert.IsType<OrderedDictionary>(shell.Run("Get-MemcachedItem shape:table -ValueOnly -AsHashtable").Objects.Single());

            Assert.Equal(new object[] { "z", "a" }, value.Keys.Cast<object>().ToArray());
            Assert.Equal(2L, Assert.IsType<OrderedDictionary>(value["A"])["b"]);
        }

        [Fact]
        public void AsString_reads_bytes_as_UTF8_text_or_in_the_encoding_given()
        {
            using var shell = Connected();
            shell.Run("Set-MemcachedItem shape:utf8 ([Text.Encoding]::UTF8.GetBytes('héllo ✓')); Set-MemcachedItem shape:utf16 ([Text.Encoding]::Unicode.GetBytes('wide'))");

            Assert.Equal("héllo ✓", shell.Run("Get-MemcachedItem shape:utf8 -ValueOnly -AsString").Objects.Single());
            Assert.Equal("wide", shell.Run("Get-MemcachedItem shape:utf16 -ValueOnly -AsString -Encoding utf-16").Objects.Single());
            Assert.Equal("wide", shell.Run("Get-MemcachedItem shape:utf16 -ValueOnly -AsString -Encoding ([Text.Encoding]::Unicode)").Objects.Single());
        }

        [Fact]
        public void AsString_refuses_bytes_that_are_not_text_instead_of_replacing_them()
        {
            using var shell = Connected();
            shell.Run("Set-MemcachedItem shape:binary ([byte[]](0x66, 0xC3, 0x28, 0xFF))");

            var result = shell.Run("Get-MemcachedItem shape:binary -AsString");

            Assert.Empty(result.Output);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("ValueNotDecodable", error.FullyQualifiedErrorId);
            Assert.Contains("-AsByteArray", error.Exception.Message);
        }

        [Fact]
        public void AsString_leaves_values_that_are_not_bytes_as_they_are()
        {
            using var shell = Connected();
            shell.Run("Set-MemcachedItem shape:text 'plain'; Set-MemcachedItem shape:number 42");

            Assert.Equal("plain", shell.Run("Get-MemcachedItem shape:text -ValueOnly -AsString").Objects.Single());
            Assert.Equal(42L, shell.Run("Get-MemcachedItem shape:number -ValueOnly -AsString").Objects.Single());
        }

        [Theory]
        [InlineData("Get-MemcachedItem shape:any -AsString -AsByteArray")]
        [InlineData("Get-MemcachedItem shape:any -Encoding utf-16")]
        [InlineData("Get-MemcachedItem shape:any -AsString -Encoding no-such-encoding")]
        public void Contradictory_or_unknown_options_end_the_command_before_anything_is_read(string script)
        {
            using var shell = Connected();

            shell.Run("Set-MemcachedItem shape:any ([byte[]](1, 2))");

            var result = shell.Run(script);

            Assert.Empty(result.Output);
            Assert.StartsWith("InvalidRequest", Assert.Single(result.Errors).FullyQualifiedErrorId);
        }
    }
}
