using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace MemcachePS.Bench
{
    /// <summary>The lines that say what a set of numbers was measured on: date, commit, machine, runtime.</summary>
    public static class RunInfo
    {
        public static void Print(TextWriter w, string? label)
        {
            if (label != null) w.WriteLine($"Code measured: {label}.");
            string commit = Git("rev-parse --short HEAD") ?? $"unknown ({Environment.CurrentDirectory} is not a git checkout)";
            string? coreChanges = Git("status --porcelain -- src/Core");
            w.WriteLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit}" +
                        (string.IsNullOrWhiteSpace(coreChanges) ? "" : " with uncommitted changes in src/Core") +
                        $", {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}" +
                        (LoadAverage() is string load ? $", load average {load} at the start (other work on the machine makes the numbers noisy)." : "."));
            w.WriteLine();
        }

        /// <summary>The 1, 5 and 15 minute load averages on Linux; null elsewhere.</summary>
        private static string? LoadAverage()
        {
            try
            {
                string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
                return parts.Length >= 3 ? $"{parts[0]} / {parts[1]} / {parts[2]}" : null;
            }
            catch (IOException) { return null; }
            catch (UnauthorizedAccessException) { return null; }
        }

        private static string? Git(string arguments)
        {
            try
            {
                var psi = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var p = Process.Start(psi);
                if (p == null) return null;
                string output = p.StandardOutput.ReadToEnd().Trim();
                p.WaitForExit(5000);
                return p.ExitCode == 0 ? output : null;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
