using System;
using System.Collections.Generic;
using System.Linq;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// Runs a peer script of tests/Peers/php with Debian's PHP CLI, which loads Debian's php-memcached (libmemcached) and
    /// php-memcache (pecl memcache) extensions. Ini settings go on the command line (<c>-d name=value</c>) so they are
    /// in force before the extension builds its first pool.
    /// </summary>
    public static class PhpPeer
    {
        public const string PhpPath = "/usr/bin/php";

        public const string InstallHint =
            "Debian's PHP CLI with the memcached and memcache extensions is needed: run 'apt-get install -y php-cli php-memcached php-memcache'.";

        /// <summary>Runs <paramref name="script"/> with <paramref name="stdin"/>; <paramref name="arguments"/> follow the script's path.</summary>
        public static string Run(string script, string stdin, IReadOnlyDictionary<string, string>? ini = null, TimeSpan? timeout = null,
            IReadOnlyList<string>? arguments = null)
        {
            var commandLine = new List<string>();
            if (ini != null)
                foreach (var pair in ini) { commandLine.Add("-d"); commandLine.Add(pair.Key + "=" + pair.Value); }
            commandLine.Add(PeerProcess.ScriptPath("php", script));
            if (arguments != null) commandLine.AddRange(arguments);
            return PeerProcess.Run(PhpPath, commandLine, stdin, InstallHint, timeout);
        }
    }
}
