using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// A real twemproxy (Debian's <c>nutcracker</c>) in the foreground on a free loopback port, in front of the memcached
    /// servers given, started for a test and killed by its process id after it. Its YAML configuration, log and pid file
    /// live in a temporary folder of its own, deleted on dispose.
    /// </summary>
    /// <remarks>
    /// twemproxy 0.5.0 forwards the item commands (get, gets, set, add, replace, append, prepend, cas, incr, decr, touch,
    /// delete) and answers <c>version</c>; it closes the client's connection on anything else: <c>stats</c>,
    /// <c>flush_all</c>, <c>gat</c>/<c>gats</c>, <c>verbosity</c>, <c>lru_crawler</c>, every meta command (<c>mn</c>, <c>mg</c>…).
    /// </remarks>
    public sealed class NutcrackerProcess : IDisposable
    {
        public const string InstallHint = "nutcracker (twemproxy) is not installed: run 'apt-get install -y nutcracker' (Debian) to run these tests.";
        private readonly Process _process;
        private readonly string _tempDir;

        private NutcrackerProcess(Process process, int port, int statsPort, string pool, string tempDir)
        {
            _process = process;
            Port = port;
            StatsPort = statsPort;
            Pool = pool;
            _tempDir = tempDir;
        }

        public int Port { get; }

        /// <summary>twemproxy's JSON statistics port (its own, not memcached's <c>stats</c>).</summary>
        public int StatsPort { get; }

        /// <summary>The server pool's name in the configuration (unique per process, so a test can tell its proxy from another).</summary>
        public string Pool { get; }

        public string Address => $"127.0.0.1:{Port}";
        public int ProcessId => _process.Id;
        public bool HasExited => _process.HasExited;

        /// <summary>The proxy's log, for a failing test's output.</summary>
        public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

        private string LogPath => Path.Combine(_tempDir, "nutcracker.log");

        public static string BinaryPath
        {
            get
            {
                foreach (var candidate in new[] { "/usr/sbin/nutcracker", "/usr/bin/nutcracker", "/usr/local/sbin/nutcracker", "/usr/local/bin/nutcracker" })
                    if (File.Exists(candidate)) return candidate;
                throw new InvalidOperationException(InstallHint);
            }
        }

        /// <summary>
        /// Starts nutcracker in front of <paramref name="servers"/> ("host:port" each, weight 1), placing keys with ketama
        /// over fnv1a_64 (twemproxy's usual configuration). A port taken between choosing it and binding it is retried.
        /// </summary>
        public static NutcrackerProcess Start(params string[] servers)
        {
            if (servers.Length == 0) throw new ArgumentException("Give at least one memcached server.", nameof(servers));
            for (int attempt = 0; ; attempt++)
            {
                string pool = "mcps_" + Guid.NewGuid().ToString("N").Substring(0, 12);
                string dir = Path.Combine(Path.GetTempPath(), "mcps-nutcracker-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                Directory.CreateDirectory(dir);
                int port = MemcachedProcess.FreeTcpPort();
                int statsPort = MemcachedProcess.FreeTcpPort();
                var yaml = new StringBuilder();
                yaml.Append(pool).Append(":\n");
                yaml.Append("  listen: 127.0.0.1:").Append(port).Append('\n');
                yaml.Append("  hash: fnv1a_64\n");
                yaml.Append("  distribution: ketama\n");
                yaml.Append("  timeout: 5000\n");
                yaml.Append("  auto_eject_hosts: false\n");
                yaml.Append("  servers:\n");
                foreach (var s in servers) yaml.Append("   - ").Append(s).Append(":1\n");
                string conf = Path.Combine(dir, "nutcracker.yml");
                File.WriteAllText(conf, yaml.ToString());

                var psi = new ProcessStartInfo(BinaryPath)
                {
                    UseShellExecute = false,
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                };
                foreach (var a in new[] { "-c", conf, "-s", statsPort.ToString(), "-a", "127.0.0.1", "-o", Path.Combine(dir, "nutcracker.log"),
                                          "-p", Path.Combine(dir, "nutcracker.pid"), "-v", "5" })
                    psi.ArgumentList.Add(a);
                var p = Process.Start(psi) ?? throw new InvalidOperationException("nutcracker did not start.");
                p.OutputDataReceived += (_, _) => { };
                p.ErrorDataReceived += (_, _) => { };
                p.BeginOutputReadLine();
                p.BeginErrorReadLine();
                var proxy = new NutcrackerProcess(p, port, statsPort, pool, dir);
                if (proxy.WaitUntilAccepting()) return proxy;
                string log = proxy.Log;
                proxy.Dispose();
                if (attempt >= 4) throw new InvalidOperationException($"nutcracker did not start listening: {log}");
            }
        }

        /// <summary>
        /// True once the proxy serves its port: its statistics port names our pool (so the process on these ports is this
        /// one) and the listening port accepts. False when it exited at start (a port already taken).
        /// </summary>
        private bool WaitUntilAccepting()
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited) return false;
                try
                {
                    if (StatsNamePool())
                    {
                        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        s.Connect(IPAddress.Loopback, Port);
                        return true;
                    }
                }
                catch (SocketException)
                {
                }
                Thread.Sleep(20);
            }
            throw new TimeoutException("nutcracker did not start accepting connections within 10 s.");
        }

        private bool StatsNamePool()
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.ReceiveTimeout = 2000;
            s.Connect(IPAddress.Loopback, StatsPort);
            var text = new StringBuilder();
            var buffer = new byte[8192];
            int n;
            while ((n = s.Receive(buffer)) > 0) text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            return text.ToString().Contains("\"" + Pool + "\"");
        }

        public void Kill()
        {
            if (_process.HasExited) return;
            _process.Kill();
            _process.WaitForExit(5000);
        }

        public void Dispose()
        {
            try { Kill(); } catch (InvalidOperationException) { }
            _process.Dispose();
            try { Directory.Delete(_tempDir, true); } catch (IOException) { }
        }
    }
}
