using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Lifetimes and delays memcached cannot hold (after 2038-01-19 03:14:07 UTC, or an expiry time already past) and CAS
    /// writes that cannot be checked: each is a non-terminating error for its item, under a stable id, before anything is
    /// sent, and the items stay as they were. Against a real memcached (the server is what dropped items before) and the
    /// in-memory store (which must agree).
    /// </summary>
    public sealed class ExpiryAndCasTests : IDisposable
    {
        private readonly MemcachedProcess _server = MemcachedProcess.Start();

        public void Dispose() => _server.Dispose();

        private ModuleRunspace Connected(bool inMemory)
        {
            var shell = new ModuleRunspace();
            if (inMemory) shell.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true });
            else shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { _server.Address } });
            return shell;
        }

        private static void AssertRefused(ErrorRecord error, string command, string key)
        {
            Assert.Equal($"ExpirationOutOfRange,MemcachePS.Commands.{command}", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal(key, error.TargetObject);
        }

        public static TheoryData<bool, string> SetLifetimes => new TheoryData<bool, string>
        {
            { false, "-TimeToLive (New-TimeSpan -Days (12 * 366))" },
            { false, "-TimeToLive ([TimeSpan]::MaxValue)" },
            { false, "-ExpiresAt ([datetime]'2040-01-01')" },
            { false, "-ExpiresAt (Get-Date).AddHours(-1)" },
            { true, "-TimeToLive (New-TimeSpan -Days (12 * 366))" },
            { true, "-TimeToLive ([TimeSpan]::MaxValue)" },
            { true, "-ExpiresAt ([datetime]'2040-01-01')" },
            { true, "-ExpiresAt (Get-Date).AddHours(-1)" },
        };

        [Theory]
        [MemberData(nameof(SetLifetimes))]
        public void Set_with_a_lifetime_memcached_cannot_hold_is_ExpirationOutOfRange_and_the_item_stays(bool inMemory, string lifetime)
        {
            using var shell = Connected(inMemory);
            shell.Run("Set-MemcachedItem kept old; Set-MemcachedItem other old");

            var result = shell.Run($"Set-MemcachedItem kept new {lifetime}; Set-MemcachedItem other new; Get-MemcachedItem kept, other -ValueOnly");

            AssertRefused(Assert.Single(result.Errors), "SetMemcachedItemCommand", "kept");
            Assert.Equal(new object[] { "old", "new" }, result.Objects);
        }

        [Theory]
        [InlineData(false, "-TimeToLive (New-TimeSpan -Days (12 * 366))")]
        [InlineData(false, "-ExpiresAt ([datetime]'2040-01-01')")]
        [InlineData(false, "-ExpiresAt (Get-Date).AddHours(-1)")]
        [InlineData(true, "-TimeToLive ([TimeSpan]::MaxValue)")]
        [InlineData(true, "-ExpiresAt (Get-Date).AddHours(-1)")]
        public void Update_with_a_lifetime_memcached_cannot_hold_fails_each_key_and_the_items_stay(bool inMemory, string lifetime)
        {
            using var shell = Connected(inMemory);
            shell.Run("Set-MemcachedItem a 1; Set-MemcachedItem b 2");

            var result = shell.Run($"Update-MemcachedItem a, b {lifetime}; 'after'; Get-MemcachedItem a, b -ValueOnly");

            Assert.Equal(2, result.Errors.Count);
            AssertRefused(result.Errors[0], "UpdateMemcachedItemCommand", "a");
            AssertRefused(result.Errors[1], "UpdateMemcachedItemCommand", "b");
            Assert.Equal(new object[] { "after", 1L, 2L }, result.Objects);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void A_counter_created_with_a_12_year_lifetime_is_refused_and_not_created(bool inMemory)
        {
            using var shell = Connected(inMemory);

            var result = shell.Run("Step-MemcachedCounter hits -InitialValue 5 -TimeToLive (New-TimeSpan -Days (12 * 366)); 'after'; Get-MemcachedItem hits -ErrorAction SilentlyContinue");

            AssertRefused(Assert.Single(result.Errors), "StepMemcachedCounterCommand", "hits");
            Assert.Equal(new object[] { "after" }, result.Objects);
        }

        [Theory]
        [InlineData(false, "(New-TimeSpan -Days (12 * 366))")]
        [InlineData(false, "([TimeSpan]::MaxValue)")]
        [InlineData(true, "(New-TimeSpan -Days (12 * 366))")]
        public void A_flush_delayed_past_2038_is_refused_and_the_items_stay(bool inMemory, string delay)
        {
            using var shell = Connected(inMemory);
            shell.Run("Set-MemcachedItem kept 1");

            var result = shell.Run($"Clear-Memcached -Delay {delay} -Force; 'after'; Get-MemcachedItem kept -ValueOnly");

            var error = Assert.Single(result.Errors);
            Assert.Equal("ExpirationOutOfRange,MemcachePS.Commands.ClearMemcachedCommand", error.FullyQualifiedErrorId);
            Assert.Contains("2038-01-19 03:14:07 UTC", error.Exception.Message);
            Assert.Equal(new object[] { "after", 1L }, result.Objects);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Set_with_Cas_0_is_refused_rather_than_written_unconditionally(bool inMemory)
        {
            using var shell = Connected(inMemory);
            shell.Run("Set-MemcachedItem k old");

            var result = shell.Run("Set-MemcachedItem k new -Cas 0; 'after'; Get-MemcachedItem k -ValueOnly");

            var error = Assert.Single(result.Errors);
            Assert.Equal("InvalidRequest,MemcachePS.Commands.SetMemcachedItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal("k", error.TargetObject);
            Assert.Contains("-C", error.Exception.Message);
            Assert.Equal(new object[] { "after", "old" }, result.Objects);
        }

        /// <summary>
        /// memcached -C reads every item back with Cas 0. The read-modify-write a script does with it must not turn into
        /// a blind overwrite (-Cas 0) nor a CasMismatch it would retry for ever (any other token: memcached answers EXISTS).
        /// </summary>
        [Fact]
        public void On_a_server_without_CAS_a_compare_and_swap_is_refused_and_the_value_stays()
        {
            using var noCas = MemcachedProcess.Start("-C");
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { noCas.Address } });
            shell.Run("Set-MemcachedItem k old");

            var read = shell.Run("Get-MemcachedItem k");
            var withZero = shell.Run("$item = Get-MemcachedItem k; Set-MemcachedItem k new -Cas $item.Cas");
            var withToken = shell.Run("Set-MemcachedItem k new -Cas 42");
            var value = shell.Run("Get-MemcachedItem k -ValueOnly");

            Assert.Equal(0UL, read.Single<MemcachedItem>().Cas);
            Assert.Equal("InvalidRequest,MemcachePS.Commands.SetMemcachedItemCommand", Assert.Single(withZero.Errors).FullyQualifiedErrorId);
            var error = Assert.Single(withToken.Errors);
            Assert.Equal("CasDisabled,MemcachePS.Commands.SetMemcachedItemCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            Assert.Equal("k", error.TargetObject);
            Assert.Equal(new object[] { "old" }, value.Objects);
        }
    }
}
