using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Management.Automation;
using System.Numerics;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    /// <summary>
    /// Each value FLAGS.md decides about, through the cmdlets (Set-MemcachedItem, then Get-MemcachedItem -ValueOnly, on an
    /// in-memory connection): it comes back equal, in the type FLAGS.md names, or the Set fails with ValueNotStorable
    /// naming what and where, and nothing is stored.
    /// </summary>
    public sealed class ValueRoundTripTests : IDisposable
    {
        private readonly ModuleRunspace _shell = new ModuleRunspace();

        public ValueRoundTripTests() => _shell.Run("Connect-Memcached -InMemory | Out-Null");

        public void Dispose() => _shell.Dispose();

        private object? RoundTrip(string valueScript, string serializer = "Default")
        {
            var result = _shell.Run($"{Assign(valueScript)}; Set-MemcachedItem -Key k -Value $v -Serializer {serializer}; Get-MemcachedItem -Key k -ValueOnly");
            Assert.Empty(result.Errors);
            var output = Assert.Single(result.Output);
            return output?.BaseObject is PSCustomObject ? output : output?.BaseObject;
        }

        /// <summary>A script that sets $v itself is run as it is; an expression is assigned to $v.</summary>
        private static string Assign(string valueScript) => valueScript.Contains("$v =") ? valueScript : "$v = " + valueScript;

        /// <summary>The Set's error; the key must be absent afterwards (nothing was sent).</summary>
        private ErrorRecord Refused(string valueScript, string serializer = "Default")
        {
            var result = _shell.Run($"Remove-MemcachedItem -Key k -ErrorAction SilentlyContinue; {Assign(valueScript)}; Set-MemcachedItem -Key k -Value $v -Serializer {serializer}");
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("ValueNotStorable", error.FullyQualifiedErrorId);
            var read = _shell.Run("Get-MemcachedItem -Key k -ErrorAction SilentlyContinue");
            Assert.Empty(read.Output);
            return error;
        }

        [Fact]
        public void Xml_is_refused_by_the_default_serializer_and_kept_by_CliXml()
        {
            Assert.Contains("XML", Refused("[xml]'<a><b>1</b></a>'").Exception.Message);

            var back = Assert.IsType<System.Xml.XmlDocument>(RoundTrip("[xml]'<a><b>1</b></a>'", "CliXml"));
            Assert.Equal("<a><b>1</b></a>", back.OuterXml);
        }

        [Fact]
        public void A_decimal_is_refused_by_the_default_serializer_and_exact_with_CliXml()
        {
            var error = Refused("@{ price = 12345678901234567.89d }");
            Assert.Contains("$.price", error.Exception.Message);
            Assert.Contains("[decimal]", error.Exception.Message);

            Assert.Equal(12345678901234567.89m, Assert.IsType<decimal>(RoundTrip("12345678901234567.89d", "CliXml")));
            Assert.Equal("1.50", Assert.IsType<decimal>(RoundTrip("1.50d", "CliXml")).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public void Bytes_inside_a_structure_are_refused_by_the_default_serializer_and_kept_by_CliXml()
        {
            Assert.Contains("$.b", Refused("@{ b = [byte[]](1,2,3) }").Exception.Message);
            Assert.Contains("$[1]", Refused("@('x', [byte[]](1))").Exception.Message);

            Assert.Equal(new byte[] { 1, 2, 3 }, RoundTrip("[byte[]](1,2,3)"));
            var table = Assert.IsType<Hashtable>(RoundTrip("@{ b = [byte[]](1,2,3) }", "CliXml"));
            Assert.Equal(new byte[] { 1, 2, 3 }, Assert.IsType<byte[]>(table["b"]));
        }

        [Fact]
        public void Keys_that_are_not_strings_are_refused_by_the_default_serializer_and_kept_apart_by_CliXml()
        {
            const string both = "$v = @{}; $v[1] = 'int'; $v['1'] = 'string'";
            Assert.Contains("[System.Int32]", Refused(both).Exception.Message);

            var table = Assert.IsType<Hashtable>(RoundTrip(both, "CliXml"));
            Assert.Equal(2, table.Count);
            Assert.Equal("int", table[1]);
            Assert.Equal("string", table["1"]);
        }

        [Fact]
        public void A_bigint_is_written_as_an_integer_and_read_back_as_one()
        {
            Assert.Equal(BigInteger.Parse("123456789012345678901234567890"), Assert.IsType<BigInteger>(RoundTrip("[bigint]::Parse('123456789012345678901234567890')")));
            Assert.Equal(5L, Assert.IsType<long>(RoundTrip("[bigint]5")));
            Assert.Equal(18446744073709551615UL, (ulong)Assert.IsType<BigInteger>(RoundTrip("[uint64]::MaxValue")));
            var flags = _shell.Run("Set-MemcachedItem -Key k -Value ([bigint]::Parse('123456789012345678901234567890')); (Get-MemcachedItem -Key k).Flags");
            Assert.Equal(2u, Convert.ToUInt32(Assert.Single(flags.Output).BaseObject));

            Assert.Contains("[bigint]", Refused("[bigint]5", "CliXml").Exception.Message);
        }

        [Theory]
        [InlineData("Utc", "2024-01-02T03:04:05.1234567Z")]
        [InlineData("Unspecified", "2024-01-02T03:04:05.1234567")]
        public void Dates_keep_their_kind_as_exact_text_and_as_dates_with_CliXml(string kind, string text)
        {
            string date = $"[datetime]::new(638397614451234567, [DateTimeKind]::{kind})";
            Assert.Equal(text, RoundTrip(date));

            var back = Assert.IsType<DateTime>(RoundTrip(date, "CliXml"));
            Assert.Equal(638397614451234567, back.Ticks);
            Assert.Equal(Enum.Parse<DateTimeKind>(kind), back.Kind);
        }

        [Fact]
        public void A_local_date_keeps_its_offset_as_text_and_its_kind_with_CliXml()
        {
            var local = new DateTime(638397614451234567, DateTimeKind.Local);
            Assert.Equal(local.ToString("o"), RoundTrip("[datetime]::new(638397614451234567, [DateTimeKind]::Local)"));
            var back = Assert.IsType<DateTime>(RoundTrip("[datetime]::new(638397614451234567, [DateTimeKind]::Local)", "CliXml"));
            Assert.Equal(DateTimeKind.Local, back.Kind);
            Assert.Equal(local.Ticks, back.Ticks);
        }

        [Fact]
        public void Other_value_types_are_exact_text_by_default_and_themselves_with_CliXml()
        {
            Assert.Equal("2024-01-02T03:04:05.0000000+02:00", RoundTrip("[datetimeoffset]::new(2024,1,2,3,4,5,[timespan]::FromHours(2))"));
            Assert.Equal("01:30:00", RoundTrip("[timespan]::FromMinutes(90)"));
            Assert.Equal("00000000-0000-0000-0000-000000000001", RoundTrip("[guid]'00000000-0000-0000-0000-000000000001'"));
            Assert.Equal("x", RoundTrip("[char]'x'"));
            Assert.Equal("Friday", RoundTrip("[DayOfWeek]::Friday"));

            var offset = Assert.IsType<DateTimeOffset>(RoundTrip("[datetimeoffset]::new(2024,1,2,3,4,5,[timespan]::FromHours(2))", "CliXml"));
            Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), offset);
            Assert.Equal(TimeSpan.FromHours(2), offset.Offset);
            Assert.Equal(TimeSpan.FromMinutes(90), RoundTrip("[timespan]::FromMinutes(90)", "CliXml"));
            Assert.Equal(new Guid("00000000-0000-0000-0000-000000000001"), RoundTrip("[guid]'00000000-0000-0000-0000-000000000001'", "CliXml"));
            Assert.Equal('x', RoundTrip("[char]'x'", "CliXml"));
            Assert.Equal(DayOfWeek.Friday, RoundTrip("[DayOfWeek]::Friday", "CliXml"));
            Assert.Equal(DayOfWeek.Friday, Assert.IsType<object[]>(RoundTrip("@([DayOfWeek]::Friday)", "CliXml"))[0]);
        }

        [Fact]
        public void Floating_point_numbers_keep_their_bits_and_NaN_is_refused_by_the_default_serializer()
        {
            Assert.Contains("NaN", Refused("[double]::NaN").Exception.Message);
            Assert.Contains("$.x", Refused("@{ x = [double]::PositiveInfinity }").Exception.Message);
            Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(Assert.IsType<double>(RoundTrip("-0.0"))));
            Assert.Equal(1.0, Assert.IsType<double>(RoundTrip("1.0")));
            Assert.Equal(1.5, Assert.IsType<double>(RoundTrip("[float]1.5")));
            Assert.Equal(0.1, Assert.IsType<double>(Assert.IsType<object[]>(RoundTrip("@(0.1)"))[0]));

            Assert.True(double.IsNaN(Assert.IsType<double>(RoundTrip("[double]::NaN", "CliXml"))));
            Assert.Equal(float.PositiveInfinity, Assert.IsType<float>(RoundTrip("[float]::PositiveInfinity", "CliXml")));
        }

        [Fact]
        public void Integers_at_their_extremes_come_back_exact()
        {
            Assert.Equal(long.MinValue, Assert.IsType<long>(RoundTrip("[long]::MinValue")));
            Assert.Equal(long.MaxValue, Assert.IsType<long>(RoundTrip("[long]::MaxValue")));
            Assert.Equal(new BigInteger(ulong.MaxValue), Assert.IsType<BigInteger>(Assert.IsType<PSObject>(RoundTrip("@{ n = [uint64]::MaxValue }")).Properties["n"].Value));
            Assert.Equal(ulong.MaxValue, Assert.IsType<ulong>(RoundTrip("[uint64]::MaxValue", "CliXml")));
            Assert.Equal(int.MinValue, Assert.IsType<int>(RoundTrip("[int]::MinValue", "CliXml")));
        }

        [Fact]
        public void Nulls_empty_arrays_and_empty_hashtables_survive_inside_structures()
        {
            var array = Assert.IsType<object[]>(RoundTrip("@(1, $null, @(), @{})"));
            Assert.Equal(4, array.Length);
            Assert.Equal(1L, array[0]);
            Assert.Null(array[1]);
            Assert.Empty(Assert.IsType<object[]>(array[2]));
            Assert.Empty(Assert.IsType<PSObject>(array[3]).Properties);

            var nested = Assert.IsType<PSObject>(RoundTrip("@{ a = @{ b = @{} } }"));
            Assert.Empty(Assert.IsType<PSObject>(Assert.IsType<PSObject>(nested.Properties["a"].Value).Properties["b"].Value).Properties);

            var viaClixml = Assert.IsType<object[]>(RoundTrip("@(1, $null, @(), @{})", "CliXml"));
            Assert.Equal(4, viaClixml.Length);
            Assert.Equal(1, viaClixml[0]);
            Assert.Null(viaClixml[1]);
            Assert.Empty(Assert.IsType<object[]>(viaClixml[2]));
            Assert.Empty(Assert.IsType<Hashtable>(viaClixml[3]));
        }

        [Fact]
        public void A_PSCustomObject_comes_back_as_a_PSCustomObject_by_default_and_as_itself_with_CliXml()
        {
            var back = Assert.IsType<PSObject>(RoundTrip("[pscustomobject]@{ Name = 'web01'; Port = 80; Tags = @('a') }"));
            Assert.Equal(new[] { "Name", "Port", "Tags" }, back.Properties.Select(p => p.Name).ToArray());
            Assert.Equal(80L, back.Properties["port"].Value);

            var bag = Assert.IsType<PSObject>(RoundTrip("[pscustomobject]@{ Name = 'web01'; Port = 80; Tags = @('a') }", "CliXml"));
            Assert.Equal(80, bag.Properties["Port"].Value);
            Assert.IsType<object[]>(bag.Properties["Tags"].Value);
        }

        [Fact]
        public void A_script_property_that_throws_refuses_the_value_instead_of_storing_null()
        {
            Assert.Contains("$.Broken", Refused("[pscustomobject]@{ A = 1 } | Add-Member -MemberType ScriptProperty -Name Broken -Value { throw 'no' } -PassThru").Exception.Message);
        }

        [Fact]
        public void A_script_block_is_refused_by_both_serializers()
        {
            Refused("{ Get-Date }");
            Refused("@{ run = { Get-Date } }", "CliXml");
        }

        [Fact]
        public void Text_with_an_unpaired_surrogate_is_refused_by_the_default_serializer_and_kept_by_CliXml()
        {
            Assert.Contains("surrogate", Refused("'a' + [char]0xD800").Exception.Message);
            Assert.Contains("$.t", Refused("@{ t = 'a' + [char]0xDC00 }").Exception.Message);
            Assert.Contains("surrogate", Refused("$v = @{}; $v['k' + [char]0xD800] = 1").Exception.Message);
            Assert.Equal("😀", RoundTrip("'😀'"));

            Assert.Equal("a\uD800", RoundTrip("'a' + [char]0xD800", "CliXml"));
        }

        [Theory]
        [InlineData("Default")]
        [InlineData("CliXml")]
        public void Nesting_beyond_64_levels_is_refused(string serializer)
        {
            const string deep = "$root = @{}; $c = $root; for ($i = 0; $i -lt 200; $i++) { $n = @{}; $c.n = $n; $c = $n }; $v = $root";
            Assert.Contains("64 levels", Refused(deep, serializer).Exception.Message);
            const string fine = "$root = @{}; $c = $root; for ($i = 0; $i -lt 30; $i++) { $n = @{}; $c.n = $n; $c = $n }; $v = $root";
            Assert.NotNull(RoundTrip(fine, serializer));
        }

        [Fact]
        public void A_cycle_is_refused_by_the_default_serializer_and_kept_by_CliXml()
        {
            Assert.Contains("cycle", Refused("$v = @{ a = 1 }; $v.self = $v").Exception.Message);

            var table = Assert.IsType<Hashtable>(RoundTrip("$v = @{ a = 1 }; $v.self = $v", "CliXml"));
            Assert.Same(table, table["self"] is PSObject wrapped ? wrapped.BaseObject : table["self"]);
        }

        [Fact]
        public void A_PSObject_wrapper_counts_as_what_it_wraps()
        {
            Assert.Equal(5L, Assert.IsType<long>(RoundTrip("[psobject]5")));
            Assert.Equal(5, Assert.IsType<int>(RoundTrip("[psobject]5", "CliXml")));
            Assert.Equal(new object[] { 1L, "x" }, RoundTrip("[psobject]@(1, [psobject]'x')"));
        }
    }
}
