using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>
    /// Stands in front of a real memcached and makes it look like a server from before meta commands (pre-1.6, or a
    /// managed service that only speaks the classic protocol): mn, mg, ms, md, ma and me are answered with ERROR (in order, by memcached itself),
    /// every other command is passed through. Fault injection only: it exists to drive the client's automatic fallback.
    /// </summary>
    public sealed class LegacyServerProxy : IDisposable
    {
        private static readonly HashSet<string> MetaCommands = new HashSet<string> { "mn", "mg", "ms", "md", "ma", "me" };
        private static readonly HashSet<string> StorageCommands = new HashSet<string> { "set", "add", "replace", "append", "prepend", "cas" };
        private readonly TcpListener _listener;
        private readonly int _backendPort;
        private readonly Thread _acceptThread;
        private volatile bool _stopped;

        public LegacyServerProxy(int backendPort)
        {
            _backendPort = backendPort;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _acceptThread = new Thread(AcceptLoop) { IsBackground = true };
            _acceptThread.Start();
        }

        public int Port { get; }
        public int MetaCommandsRefused;

        private void AcceptLoop()
        {
            while (!_stopped)
            {
                TcpClient client;
                try { client = _listener.AcceptTcpClient(); }
                catch (SocketException) { return; }
                catch (ObjectDisposedException) { return; }
                var backend = new TcpClient("127.0.0.1", _backendPort);
                new Thread(() => Relay(backend.GetStream(), client.GetStream())) { IsBackground = true }.Start();
                new Thread(() => Filter(client, backend)) { IsBackground = true }.Start();
            }
        }

        /// <summary>Reads client commands line by line; meta ones get ERROR, the rest (with their data blocks) go to memcached.</summary>
        private void Filter(TcpClient client, TcpClient backend)
        {
            var input = client.GetStream();
            var output = backend.GetStream();
            var pending = new List<byte>();
            var buffer = new byte[65536];
            try
            {
                while (true)
                {
                    int n = input.Read(buffer, 0, buffer.Length);
                    if (n <= 0) break;
                    for (int i = 0; i < n; i++) pending.Add(buffer[i]);
                    while (TryTakeCommand(pending, out byte[] command, out string verb))
                    {
                        if (MetaCommands.Contains(verb))
                        {
                            // memcached itself answers an unknown command with ERROR, in order with the other replies.
                            Interlocked.Increment(ref MetaCommandsRefused);
                            output.Write(Encoding.ASCII.GetBytes("no_such_command_in_old_servers\r\n"));
                        }
                        else output.Write(command);
                    }
                }
            }
            catch (Exception e) when (e is System.IO.IOException || e is ObjectDisposedException) { }
            finally
            {
                client.Dispose();
                backend.Dispose();
            }
        }

        private static bool TryTakeCommand(List<byte> pending, out byte[] command, out string verb)
        {
            command = Array.Empty<byte>();
            verb = string.Empty;
            int lf = pending.IndexOf((byte)'\n');
            if (lf < 0) return false;
            string line = Encoding.ASCII.GetString(pending.GetRange(0, lf + 1).ToArray()).TrimEnd('\r', '\n');
            string[] parts = line.Split(' ');
            verb = parts[0];
            int total = lf + 1;
            if (StorageCommands.Contains(verb) && parts.Length >= 5 && int.TryParse(parts[4], out int bytes)) total += bytes + 2;
            if (pending.Count < total) return false;
            command = pending.GetRange(0, total).ToArray();
            pending.RemoveRange(0, total);
            return true;
        }

        private static void Relay(System.IO.Stream from, System.IO.Stream to)
        {
            var buffer = new byte[65536];
            try
            {
                int n;
                while ((n = from.Read(buffer, 0, buffer.Length)) > 0) to.Write(buffer, 0, n);
            }
            catch (Exception e) when (e is System.IO.IOException || e is ObjectDisposedException) { }
        }

        public void Dispose()
        {
            _stopped = true;
            _listener.Stop();
        }
    }
}
