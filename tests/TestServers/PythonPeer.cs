using System;
using System.Collections.Generic;
using System.Linq;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// Runs a peer script of tests/Peers/python with Debian's python3, the one that sees Debian's pymemcache,
    /// python-memcached and pylibmc (not whatever python3 comes first on PATH: a pyenv or venv interpreter does not),
    /// in isolated mode so no PYTHON* variable or user site changes what it imports. Input goes on stdin, the script's
    /// stdout comes back. The one Python runner of the xunit tests.
    /// </summary>
    public static class PythonPeer
    {
        public const string PythonPath = "/usr/bin/python3";

        public const string InstallHint =
            "Debian's python3 with pymemcache, python-memcached and pylibmc is needed: run 'apt-get install -y python3 python3-pymemcache python3-memcache python3-pylibmc'.";

        /// <summary>The exit status of a peer script that could not import a client's module.</summary>
        public const int MissingModuleExitCode = PeerProcess.MissingModuleExitCode;

        public static readonly TimeSpan DefaultTimeout = PeerProcess.DefaultTimeout;

        /// <summary>
        /// Runs <paramref name="script"/> (a file name in tests/Peers/python) with <paramref name="arguments"/>, writes
        /// <paramref name="stdin"/> to it and returns what it printed (see <see cref="PeerProcess.Run"/>).
        /// </summary>
        public static string Run(string script, IReadOnlyList<string> arguments, string stdin, TimeSpan? timeout = null) =>
            PeerProcess.Run(PythonPath, new[] { "-I", "-X", "utf8", ScriptPath(script) }.Concat(arguments).ToList(), stdin,
                InstallHint, timeout);

        /// <summary>The full path of a script in tests/Peers/python.</summary>
        public static string ScriptPath(string script) => PeerProcess.ScriptPath("python", script);
    }
}
