using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace MemcachePS.Bench
{
    /// <summary>One memcached on a free loopback port, started for a benchmark run and killed after it.</summary>
    public sealed class MemcachedServerProcess : IDisposable
    {
        public const string BinaryPath = "/usr/bin/memcached";
        public const string InstallHint = "memcached is not installed: run 'apt-get install -y memcached' (Debian) to run the benchmarks.";

        private readonly Process _process;

        private MemcachedServerProcess(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public int Port { get; }

        public string Address => $"127.0.0.1:{Port}";

        /// <summary>Starts <c>memcached -l 127.0.0.1 -p PORT -U 0 -m MEGABYTES -t 2</c> (plus <c>-u root</c> when run as root).</summary>
        public static MemcachedServerProcess Start(int megabytes = 64)
        {
            if (!File.Exists(BinaryPath)) throw new InvalidOperationException(InstallHint);
            int port = FreeTcpPort();
            var args = new List<string> { "-l", "127.0.0.1", "-p", port.ToString(), "-U", "0", "-m", megabytes.ToString(), "-t", "2" };
            if (Environment.UserName == "root") { args.Add("-u"); args.Add("root"); }
            var psi = new ProcessStartInfo(BinaryPath) { UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            var process = Process.Start(psi) ?? throw new InvalidOperationException("memcached did not start.");
            var server = new MemcachedServerProcess(process, port);
            server.WaitUntilAccepting();
            return server;
        }

        private void WaitUntilAccepting()
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited) throw new InvalidOperationException($"memcached exited at start with code {_process.ExitCode}.");
                try
                {
                    using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    probe.Connect(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(20);
                }
            }
            Dispose();
            throw new TimeoutException("memcached did not accept connections within 10 s.");
        }

        private static int FreeTcpPort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { /* already gone */ }
            _process.Dispose();
        }
    }
}
