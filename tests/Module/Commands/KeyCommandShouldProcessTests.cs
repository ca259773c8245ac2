using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using MemcachePS.Core.Stats;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// The key commands that change data ask ShouldProcess per key only when something could make it answer other than
    /// yes in silence (decided once): -WhatIf or $WhatIfPreference, -Verbose, $ConfirmPreference at their impact. Each
    /// way is checked against what the server recorded.
    /// </summary>
    public sealed class KeyCommandShouldProcessTests
    {
        public static TheoryData<string, string> Commands => new TheoryData<string, string>
        {
            { "Remove-MemcachedItem", "delete_hits" },
            { "Update-MemcachedItem -TimeToLive 600", "touch_hits" },
            { "Step-MemcachedCounter", "incr_hits" },
            { "Copy-MemcachedItem -Destination dst", "get_hits" },
        };

        private static (MemcachedProcess server, MemcachedProcess destination, ModuleRunspace shell) Started()
        {
            var server = MemcachedProcess.Start();
            var destination = MemcachedProcess.Start();
            var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = server.Address, ["Name"] = "src" });
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = destination.Address, ["Name"] = "dst" });
            shell.Run("Use-MemcachedConnection src; 'a', 'b', 'c' | ForEach-Object { Set-MemcachedItem -Key $_ -Value '1' }");
            return (server, destination, shell);
        }

        private static long Stat(ModuleRunspace shell, string name) =>
            Convert.ToInt64(shell.Run("Get-MemcachedStats -Connection src").Objects.Cast<GeneralStats>().Single().Raw[name]);

        [Theory]
        [MemberData(nameof(Commands))]
        public void WhatIf_by_preference_sends_nothing(string command, string stat)
        {
            var (server, destination, shell) = Started();
            using (server) using (destination) using (shell)
            {
                long before = Stat(shell, stat);
                var result = shell.Run($"$WhatIfPreference = $true; 'a', 'b', 'c' | {command}");

                Assert.Empty(result.Errors);
                Assert.Equal(before, Stat(shell, stat));
            }
        }

        [Theory]
        [MemberData(nameof(Commands))]
        public void Verbose_says_what_it_does_for_each_key(string command, string stat)
        {
            var (server, destination, shell) = Started();
            using (server) using (destination) using (shell)
            {
                long before = Stat(shell, stat);
                var result = shell.Run($"'a', 'b', 'c' | {command} -Verbose 4>&1");

                Assert.Empty(result.Errors);
                var targets = result.Objects.OfType<VerboseRecord>().Select(v => v.Message).Where(m => m.Contains("Performing the operation")).ToArray();
                Assert.Equal(3, targets.Length);
                Assert.Contains("\"a\"", targets[0]);
                Assert.Equal(before + 3, Stat(shell, stat));
            }
        }

        [Theory]
        [MemberData(nameof(Commands))]
        public void A_confirm_preference_at_their_impact_asks_for_each_key(string command, string stat)
        {
            var (server, destination, shell) = Started();
            using (server) using (destination) using (shell)
            {
                long before = Stat(shell, stat);
                // A host that cannot ask: PowerShell refuses the prompt, so nothing is sent.
                var result = shell.Run($"$ConfirmPreference = 'Medium'; try {{ 'a', 'b', 'c' | {command} -ErrorAction Stop }} catch {{ $_.FullyQualifiedErrorId }}");

                Assert.NotEmpty(result.Output);
                Assert.Equal(before, Stat(shell, stat));
            }
        }
    }
}
