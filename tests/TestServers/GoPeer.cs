using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// Builds a peer program of tests/Peers/go with Debian's Go toolchain, offline, against the Go sources Debian installs
    /// in /usr/share/gocode (GOPATH mode: GO111MODULE=off, GOPROXY=off, so nothing is fetched), once per test run, and runs
    /// it. The binary and Go's build cache live in a temporary folder removed when the process exits.
    /// </summary>
    public static class GoPeer
    {
        public const string GoPath = "/usr/bin/go";
        public const string DebianGoPath = "/usr/share/gocode";

        public const string InstallHint =
            "Debian's Go toolchain and gomemcache source are needed: run 'apt-get install -y golang-go golang-github-bradfitz-gomemcache-dev'.";

        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
        private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new ConcurrentDictionary<string, Lazy<string>>();
        private static readonly Lazy<string> Folder = new Lazy<string>(() =>
        {
            string folder = Path.Combine(Path.GetTempPath(), "memcacheps-go-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } };
            return folder;
        });

        /// <summary>Builds tests/Peers/go/<paramref name="program"/>.go if this run has not yet, runs it with <paramref name="stdin"/>.</summary>
        public static string Run(string program, string stdin, TimeSpan? timeout = null)
        {
            string binary = Built.GetOrAdd(program, p => new Lazy<string>(() => Build(p))).Value;
            return PeerProcess.Run(binary, Array.Empty<string>(), stdin, InstallHint, timeout);
        }

        private static string Build(string program)
        {
            string source = PeerProcess.ScriptPath("go", program + ".go");
            if (!Directory.Exists(Path.Combine(DebianGoPath, "src", "github.com", "bradfitz", "gomemcache")))
                throw new InvalidOperationException($"{DebianGoPath} has no gomemcache source. {InstallHint}");
            string binary = Path.Combine(Folder.Value, program);
            var environment = new Dictionary<string, string?>
            {
                ["GO111MODULE"] = "off",
                ["GOPATH"] = DebianGoPath,
                ["GOFLAGS"] = null,
                ["GOPROXY"] = "off",
                ["GOCACHE"] = Path.Combine(Folder.Value, "cache"),
                ["HOME"] = Folder.Value,
            };
            PeerProcess.Run(GoPath, new[] { "build", "-o", binary, source }, string.Empty, InstallHint, BuildTimeout, environment);
            return binary;
        }
    }
}
