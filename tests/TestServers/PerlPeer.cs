using System;
using System.Collections.Generic;
using System.Linq;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// Runs a peer script of tests/Peers/perl with Debian's perl, which sees Debian's Cache::Memcached and
    /// Cache::Memcached::Fast; PERL5LIB and PERL5OPT are cleared so nothing else changes what it loads.
    /// </summary>
    public static class PerlPeer
    {
        public const string PerlPath = "/usr/bin/perl";

        public const string InstallHint =
            "Debian's perl with Cache::Memcached and Cache::Memcached::Fast is needed: run 'apt-get install -y libcache-memcached-perl libcache-memcached-fast-perl'.";

        private static readonly Dictionary<string, string?> Environment = new Dictionary<string, string?>
        {
            ["PERL5LIB"] = null,
            ["PERL5OPT"] = null,
            ["PERLLIB"] = null,
        };

        public static string Run(string script, string stdin, TimeSpan? timeout = null) =>
            PeerProcess.Run(PerlPath, new[] { PeerProcess.ScriptPath("perl", script) }, stdin, InstallHint, timeout, Environment);

        /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> after it.</summary>
        public static string Run(string script, IReadOnlyList<string> arguments, string stdin, TimeSpan? timeout = null) =>
            PeerProcess.Run(PerlPath, new[] { PeerProcess.ScriptPath("perl", script) }.Concat(arguments).ToArray(), stdin, InstallHint, timeout, Environment);
    }
}
