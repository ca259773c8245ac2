using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// Runs a real client's peer program (a script in tests/Peers/&lt;language&gt;, or a program built from one): input on
    /// stdin, its stdout back. Shared by <see cref="PythonPeer"/>, <see cref="PhpPeer"/>, <see cref="PerlPeer"/>,
    /// <see cref="GoPeer"/>, <see cref="RubyPeer"/> and <see cref="JavaPeer"/>, so every language's peer is started, timed out and killed (by its process id) the same way.
    /// </summary>
    public static class PeerProcess
    {
        /// <summary>The exit status of a peer that could not load its client library.</summary>
        public const int MissingModuleExitCode = 3;

        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Runs <paramref name="executable"/> with <paramref name="arguments"/>, writes <paramref name="stdin"/> to it and
        /// returns what it printed. Throws with <paramref name="installHint"/> when the executable is missing or the peer
        /// exits with <see cref="MissingModuleExitCode"/>, with the peer's output when it fails, and kills it when it has
        /// not finished within <paramref name="timeout"/> (a minute by default). <paramref name="environment"/> entries
        /// are set, or removed when their value is null.
        /// </summary>
        public static string Run(string executable, IReadOnlyList<string> arguments, string stdin, string installHint,
            TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
        {
            if (!File.Exists(executable)) throw new InvalidOperationException($"{executable} is missing. {installHint}");
            var limit = timeout ?? DefaultTimeout;
            var psi = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in arguments) psi.ArgumentList.Add(arg);
            if (environment != null)
                foreach (var pair in environment)
                {
                    if (pair.Value == null) psi.Environment.Remove(pair.Key);
                    else psi.Environment[pair.Key] = pair.Value;
                }

            string command = string.Join(" ", new[] { Path.GetFileName(executable) }.Concat(arguments.Select(Path.GetFileName)));
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{executable} did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                process.StandardInput.Write(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The peer exited without reading all of its input; its exit status and output say why.
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
                throw new InvalidOperationException($"{installHint} ({command}: {output.Trim()} {stderr.GetAwaiter().GetResult().Trim()})");
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{command} exited with {process.ExitCode}: {stderr.GetAwaiter().GetResult()}{output}");
            return output;
        }

        /// <summary>
        /// The full path of tests/Peers/<paramref name="language"/>/<paramref name="script"/>, looked for in the folders
        /// above this assembly (and above the application's base folder), so it is found from any build output.
        /// </summary>
        public static string ScriptPath(string language, string script)
        {
            string relative = Path.Combine("tests", "Peers", language, script);
            foreach (var start in new[] { Path.GetDirectoryName(typeof(PeerProcess).Assembly.Location), AppContext.BaseDirectory })
            {
                for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir != null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, relative);
                    if (File.Exists(candidate)) return candidate;
                }
            }
            throw new FileNotFoundException($"No {relative} above {AppContext.BaseDirectory}.", script);
        }
    }
}
