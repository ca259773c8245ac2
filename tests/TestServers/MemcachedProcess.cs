using System;
using System.Linq;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// A real memcached process on a free loopback port (or a unix socket), started for a test or a benchmark and killed
    /// (by its process id) after it. The one launcher of the xunit tests, the benchmarks and the Pester tests.
    /// </summary>
    public sealed class MemcachedProcess : IDisposable
    {
        public const string InstallHint = "memcached is not installed: run 'apt-get install -y memcached' (Debian) to run these tests.";
        private readonly Process _process;
        private readonly string? _tempDir;
        private IReadOnlyDictionary<string, string>? _environment;

        private MemcachedProcess(Process process, string host, int port, string? socketPath, string? tempDir, string[] args)
        {
            _process = process;
            Host = host;
            Port = port;
            SocketPath = socketPath;
            _tempDir = tempDir;
            Arguments = args;
        }

        /// <summary>The loopback address listened on ("127.0.0.1" unless started with <see cref="StartOn"/>).</summary>
        public string Host { get; }
        public int Port { get; }
        public string? SocketPath { get; }
        public string[] Arguments { get; }
        public int ProcessId => _process.Id;
        public bool HasExited => _process.HasExited;

        /// <summary>"host:port" ("[v6]:port" for IPv6), or "unix:/path" for a socket server.</summary>
        public string Address =>
            SocketPath != null ? "unix:" + SocketPath : Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

        public static string BinaryPath
        {
            get
            {
                foreach (var candidate in new[] { "/usr/bin/memcached", "/usr/local/bin/memcached", "/usr/sbin/memcached" })
                    if (File.Exists(candidate)) return candidate;
                throw new InvalidOperationException(InstallHint);
            }
        }

        /// <summary>Starts memcached on a free TCP port of 127.0.0.1 with the extra arguments given.</summary>
        public static MemcachedProcess Start(params string[] extraArgs) => OnFreePort(port => StartOnPort(port, extraArgs));

        /// <summary>
        /// A free port can be taken between finding it and memcached binding it: an outgoing connection of a test running
        /// alongside gets its port from the same range. memcached then exits at start (71, cannot listen; seen once in a
        /// CI run), and another port is tried, up to five.
        /// </summary>
        private static MemcachedProcess OnFreePort(Func<int, MemcachedProcess> start)
        {
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return start(FreeTcpPort());
                }
                catch (ExitedAtStartException) when (attempt < 5)
                {
                }
            }
        }

        /// <summary>memcached ended before it accepted a connection (as when its port was taken).</summary>
        public sealed class ExitedAtStartException : InvalidOperationException
        {
            public ExitedAtStartException(string message) : base(message) { }
        }

        public static MemcachedProcess StartOnPort(int port, params string[] extraArgs) => StartOn("127.0.0.1", port, extraArgs);

        /// <summary>
        /// Starts memcached on an IP address ("::1" for IPv6) and port. Any 127.x.y.z is loopback on Linux, so several
        /// servers can share a port (11211, say) on 127.0.0.2, 127.0.0.3, ...
        /// </summary>
        public static MemcachedProcess StartOn(string host, int port, params string[] extraArgs)
        {
            var args = new List<string> { "-l", host, "-p", port.ToString(), "-U", "0", "-m", "64", "-t", "2" };
            args.AddRange(extraArgs);
            if (Environment.UserName == "root") { args.Add("-u"); args.Add("root"); }
            var p = Launch(args);
            var server = new MemcachedProcess(p, host, port, null, null, args.ToArray());
            server.WaitUntilAccepting();
            return server;
        }

        public const string SaslInstallHint =
            "memcached -S needs Cyrus SASL's saslpasswd2 and its PLAIN plugin: run 'apt-get install -y sasl2-bin libsasl2-modules' (Debian) to run these tests.";

        /// <summary>
        /// Starts memcached with SASL (<c>-S</c>: binary protocol only) on a free TCP port of 127.0.0.1, with a private SASL
        /// configuration in a fresh temporary folder: <c>memcached.conf</c> (<c>mech_list: plain</c>, <c>sasldb_path</c>) found
        /// through <c>SASL_CONF_PATH</c> in the server's environment, and a sasldb holding <paramref name="users"/>, made with
        /// <c>saslpasswd2 -a memcached -c -f &lt;file&gt; -p &lt;user&gt;</c> (the password on stdin). Nothing outside the folder
        /// is read or changed.
        /// </summary>
        /// <param name="users">User names and passwords, e.g. ("alice", "secret1").</param>
        /// <param name="extraArgs">More memcached arguments.</param>
        public static MemcachedProcess StartSasl((string User, string Password)[] users, params string[] extraArgs)
        {
            const string saslpasswd2 = "/usr/sbin/saslpasswd2";
            if (!File.Exists(saslpasswd2) || !Directory.Exists("/usr/lib/x86_64-linux-gnu/sasl2") && !Directory.Exists("/usr/lib/sasl2"))
                throw new InvalidOperationException(SaslInstallHint);
            string dir = Path.Combine(Path.GetTempPath(), "mcps-sasl-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            string db = Path.Combine(dir, "sasldb2");
            File.WriteAllText(Path.Combine(dir, "memcached.conf"), $"mech_list: plain\nsasldb_path: {db}\n");
            foreach (var (user, password) in users)
            {
                var psi = new ProcessStartInfo(saslpasswd2) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in new[] { "-a", "memcached", "-c", "-f", db, "-p", user }) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi) ?? throw new InvalidOperationException("saslpasswd2 did not start.");
                p.StandardInput.Write(password);
                p.StandardInput.Close();
                string error = p.StandardError.ReadToEnd();
                if (!p.WaitForExit(10000) || p.ExitCode != 0)
                    throw new InvalidOperationException($"saslpasswd2 failed for user '{user}' (exit {(p.HasExited ? p.ExitCode : -1)}): {error}");
            }
            return OnFreePort(port =>
            {
                var args = new List<string> { "-l", "127.0.0.1", "-p", port.ToString(), "-U", "0", "-m", "64", "-t", "2", "-S" };
                args.AddRange(extraArgs);
                if (Environment.UserName == "root") { args.Add("-u"); args.Add("root"); }
                var environment = new Dictionary<string, string> { ["SASL_CONF_PATH"] = dir };
                var process = Launch(args, environment);
                var server = new MemcachedProcess(process, "127.0.0.1", port, null, dir, args.ToArray()) { _environment = environment };
                server.WaitUntilAccepting();
                return server;
            });
        }

        /// <summary>Starts memcached listening on a unix domain socket in a fresh temporary folder.</summary>
        public static MemcachedProcess StartUnixSocket(params string[] extraArgs)
        {
            string dir = Path.Combine(Path.GetTempPath(), "mcps-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            string socket = Path.Combine(dir, "memcached.sock");
            var args = new List<string> { "-s", socket, "-a", "0700", "-m", "64", "-t", "2" };
            args.AddRange(extraArgs);
            if (Environment.UserName == "root") { args.Add("-u"); args.Add("root"); }
            var p = Launch(args);
            var server = new MemcachedProcess(p, "127.0.0.1", 0, socket, dir, args.ToArray());
            server.WaitUntilAccepting();
            return server;
        }

        private static Process Launch(List<string> args, IReadOnlyDictionary<string, string>? environment = null)
        {
            var psi = new ProcessStartInfo(BinaryPath)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            if (environment != null) foreach (var pair in environment) psi.Environment[pair.Key] = pair.Value;
            foreach (var a in args) psi.ArgumentList.Add(a);
            var p = Process.Start(psi) ?? throw new InvalidOperationException("memcached did not start.");
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return p;
        }

        private void WaitUntilAccepting()
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    string message = $"memcached exited at start with code {_process.ExitCode} (args: {string.Join(" ", Arguments)}).";
                    _process.Dispose();
                    throw new ExitedAtStartException(message);
                }
                try
                {
                    using var s = SocketPath != null
                        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                        : new Socket(IPAddress.Parse(Host).AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    if (SocketPath != null) s.Connect(new UnixDomainSocketEndPoint(SocketPath));
                    else s.Connect(IPAddress.Parse(Host), Port);
                    if (IsThisProcess(s)) return;
                }
                catch (SocketException)
                {
                }
                Thread.Sleep(20);
            }
            throw new TimeoutException("memcached did not start accepting connections within 10 s.");
        }

        /// <summary>Whether this process holds the socket listening on <see cref="Port"/> (Linux /proc; true where that cannot be read).</summary>
        private bool ListensHere()
        {
            const string table = "/proc/net/tcp";
            string fds = $"/proc/{_process.Id}/fd";
            if (!File.Exists(table) || !Directory.Exists(fds)) return !_process.HasExited;
            string port = Port.ToString("X4");
            var inodes = new HashSet<string>();
            foreach (var line in File.ReadLines(table).Concat(File.Exists(table + "6") ? File.ReadLines(table + "6") : Array.Empty<string>()))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "0A" && f[1].EndsWith(":" + port, StringComparison.Ordinal)) inodes.Add(f[9]);
            }
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(fds))
                {
                    string? target = new FileInfo(fd).LinkTarget;
                    if (target != null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target.Substring(8, target.Length - 9)))
                        return true;
                }
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return !_process.HasExited; }
            return false;
        }

        /// <summary>
        /// Whether the server that answered is this process and not another memcached already on the port (a test run
        /// beside this one may hold 127.0.0.1:11211 too): a <c>stats</c> reply names its pid. A server that answers
        /// anything else (TLS with -Z, authentication with -Y) or on a unix socket (a folder of its own) is taken as ours.
        /// </summary>
        private bool IsThisProcess(Socket socket)
        {
            if (SocketPath != null) return true;
            // A TLS server cannot be asked for its pid in plain text: ask the kernel whether its listening socket is ours.
            // (Another test's plain memcached can take the port between FreeTcpPort and our bind; a TLS test talking to
            // it failed in CI with "does not speak TLS".)
            // memcached -S speaks binary only, and waits for a 24-byte header before it answers anything: ask the kernel too.
            if (Array.IndexOf(Arguments, "-Z") >= 0 || Array.IndexOf(Arguments, "-S") >= 0) return ListensHere();
            socket.ReceiveTimeout = 2000;
            socket.Send(System.Text.Encoding.ASCII.GetBytes("stats\r\n"));
            var reply = new System.Text.StringBuilder();
            var buffer = new byte[4096];
            while (reply.Length < 5 || (reply.ToString(0, 5) == "STAT " && !reply.ToString().EndsWith("END\r\n", StringComparison.Ordinal)))
            {
                int n = socket.Receive(buffer);
                if (n == 0) break;
                reply.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, n));
            }
            string text = reply.ToString();
            return !text.StartsWith("STAT ", StringComparison.Ordinal) || text.Contains($"STAT pid {_process.Id}\r\n");
        }

        /// <summary>A port nobody listens on right now.</summary>
        public static int FreeTcpPort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            int port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        /// <summary>SIGKILL: the server vanishes without closing anything cleanly.</summary>
        public void Kill()
        {
            if (_process.HasExited) return;
            _process.Kill();
            _process.WaitForExit(5000);
        }

        /// <summary>Starts a new memcached with the same arguments (same port or socket): a restart.</summary>
        public MemcachedProcess Restart()
        {
            Kill();
            var p = Launch(new List<string>(Arguments), _environment);
            var server = new MemcachedProcess(p, Host, Port, SocketPath, null, Arguments) { _environment = _environment };
            server.WaitUntilAccepting();
            return server;
        }

        public void Dispose()
        {
            try { Kill(); } catch (InvalidOperationException) { }
            _process.Dispose();
            if (_tempDir != null) { try { Directory.Delete(_tempDir, true); } catch (IOException) { } }
        }
    }
}
