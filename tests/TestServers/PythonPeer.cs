using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
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
        public const int MissingModuleExitCode = 3;

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        private static readonly string ScriptsFolder = Path.Combine("tests", "Peers", "python");

        /// <summary>
        /// Runs <paramref name="script"/> (a file name in tests/Peers/python) with <paramref name="arguments"/>, writes
        /// <paramref name="stdin"/> to it and returns what it printed. Throws with the install hint when python3 or a
        /// module is missing, with the script's output when it fails, and kills it (by its process id) when it has not
        /// finished within <paramref name="timeout"/> (a minute by default).
        /// </summary>
        public static string Run(string script, IReadOnlyList<string> arguments, string stdin, TimeSpan? timeout = null)
        {
            if (!File.Exists(PythonPath)) throw new InvalidOperationException($"{PythonPath} is missing. {InstallHint}");
            var limit = timeout ?? DefaultTimeout;
            var psi = new ProcessStartInfo(PythonPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "-I", "-X", "utf8", ScriptPath(script) }) psi.ArgumentList.Add(arg);
            foreach (var arg in arguments) psi.ArgumentList.Add(arg);

            string command = string.Join(" ", new[] { "python3", script }.Concat(arguments));
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{PythonPath} did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The script exited without reading all of its input; its exit status and output say why.
            }
            if (!process.WaitForExit((int)limit.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"{command} did not finish within {limit.TotalSeconds:0} s and was killed.");
            }
            process.WaitForExit(); // the output is read to its end
            string output = stdout.GetAwaiter().GetResult();
            if (process.ExitCode == MissingModuleExitCode)
                throw new InvalidOperationException($"{InstallHint} ({command}: {output.Trim()})");
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{command} exited with {process.ExitCode}: {stderr.GetAwaiter().GetResult()}{output}");
            return output;
        }

        /// <summary>
        /// The full path of a peer script: tests/Peers/python is looked for in the folders above this assembly (and
        /// above the application's base folder), so it is found from any build output of the repository.
        /// </summary>
        public static string ScriptPath(string script)
        {
            foreach (var start in new[] { Path.GetDirectoryName(typeof(PythonPeer).Assembly.Location), AppContext.BaseDirectory })
            {
                for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, ScriptsFolder, script);
                    if (File.Exists(candidate)) return candidate;
                }
            }
            throw new FileNotFoundException($"No {Path.Combine(ScriptsFolder, script)} above {AppContext.BaseDirectory}.", script);
        }
    }
}
