using System;
using System.Collections.Generic;
using System.Linq;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// Runs a peer script of tests/Peers/ruby with Debian's ruby, which sees Debian's dalli (ruby-dalli); RUBYLIB,
    /// RUBYOPT, GEM_HOME and GEM_PATH are cleared so nothing else changes what it loads.
    /// </summary>
    public static class RubyPeer
    {
        public const string RubyPath = "/usr/bin/ruby";

        public const string InstallHint = "Debian's ruby and dalli are needed: run 'apt-get install -y ruby ruby-dalli'.";

        private static readonly Dictionary<string, string?> Environment = new Dictionary<string, string?>
        {
            ["RUBYLIB"] = null,
            ["RUBYOPT"] = null,
            ["GEM_HOME"] = null,
            ["GEM_PATH"] = null,
        };

        public static string Run(string script, string stdin, TimeSpan? timeout = null) =>
            PeerProcess.Run(RubyPath, new[] { PeerProcess.ScriptPath("ruby", script) }, stdin, InstallHint, timeout, Environment);

        /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> after it.</summary>
        public static string Run(string script, IReadOnlyList<string> arguments, string stdin, TimeSpan? timeout = null) =>
            PeerProcess.Run(RubyPath, new[] { PeerProcess.ScriptPath("ruby", script) }.Concat(arguments).ToArray(), stdin, InstallHint, timeout, Environment);
    }
}
