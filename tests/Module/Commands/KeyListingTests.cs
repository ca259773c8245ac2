using System.Collections;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>Get-MemcachedKey filters with PowerShell's wildcards, ignoring case unless -CaseSensitive.</summary>
    public sealed class KeyListingTests
    {
        private static ModuleRunspace WithKeys(params string[] keys)
        {
            var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true });
            shell.Run("param($keys) $keys | ForEach-Object { [pscustomobject]@{ Key = $_; Value = 1 } } | Set-MemcachedItem", new Hashtable { ["keys"] = keys });
            return shell;
        }

        private static string[] Listed(ModuleRunspace shell, Hashtable parameters) =>
            shell.Invoke("Get-MemcachedKey", parameters).Objects.Cast<MemcachedKeyInfo>().Select(k => k.Key).OrderBy(k => k, System.StringComparer.Ordinal).ToArray();

        [Fact]
        public void A_pattern_ignores_case_by_default()
        {
            using var shell = WithKeys("session:1", "SESSION:2", "user:1");

            Assert.Equal(new[] { "SESSION:2", "session:1" }, Listed(shell, new Hashtable { ["Pattern"] = "session:?" }));
        }

        [Fact]
        public void CaseSensitive_matches_case()
        {
            using var shell = WithKeys("session:1", "SESSION:2", "user:1");

            Assert.Equal(new[] { "session:1" }, Listed(shell, new Hashtable { ["Pattern"] = "session:*", ["CaseSensitive"] = true }));
            Assert.Empty(Listed(shell, new Hashtable { ["Pattern"] = "Session:*", ["CaseSensitive"] = true }));
        }

        [Fact]
        public void Sets_ranges_and_escapes_work_as_with_like()
        {
            using var shell = WithKeys("k1", "k2", "kx", "k*");

            Assert.Equal(new[] { "k1", "k2" }, Listed(shell, new Hashtable { ["Pattern"] = "k[0-9]" }));
            Assert.Equal(new[] { "k*" }, Listed(shell, new Hashtable { ["Pattern"] = "k`*" }));
        }

        [Fact]
        public void Several_patterns_list_each_key_that_matches_any_of_them_once()
        {
            using var shell = WithKeys("session:1", "user:1", "cart:1", "other");

            Assert.Equal(new[] { "cart:1", "session:1", "user:1" },
                Listed(shell, new Hashtable { ["Pattern"] = new[] { "session:*", "user:*", "*:1" } }));
        }

        [Fact]
        public void A_malformed_pattern_among_several_ends_the_command_before_any_key_is_listed()
        {
            using var shell = WithKeys("k1");

            var error = shell.Terminating("Get-MemcachedKey", new Hashtable { ["Pattern"] = new[] { "k*", "k[0-9" } });

            Assert.StartsWith("InvalidRequest,", error.FullyQualifiedErrorId);
        }

        [Fact]
        public void Without_a_pattern_every_key_is_listed()
        {
            using var shell = WithKeys("a", "b");

            Assert.Equal(new[] { "a", "b" }, Listed(shell, new Hashtable()));
        }

        [Fact]
        public void A_malformed_pattern_ends_the_command_as_InvalidRequest()
        {
            using var shell = WithKeys("k1");

            var error = shell.Terminating("Get-MemcachedKey", new Hashtable { ["Pattern"] = "k[0-9" });

            Assert.StartsWith("InvalidRequest,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        }
    }
}
