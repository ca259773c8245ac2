using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MemcachePS.Tests.Unit.Infrastructure;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Asks servers directly (pipelined <c>mg key</c>) which of them hold each key: the ground truth of placement.</summary>
    internal static class ServerProbe
    {
        private const int Batch = 500;

        /// <summary>For each key (as sent to the server), the indexes of the servers that hold it.</summary>
        public static List<int>[] Holders(IReadOnlyList<MemcachedProcess> servers, IReadOnlyList<string> keys)
        {
            var holders = new List<int>[keys.Count];
            for (int k = 0; k < keys.Count; k++) holders[k] = new List<int>(1);
            for (int s = 0; s < servers.Count; s++)
            {
                bool[] has = Holds(servers[s], keys);
                for (int k = 0; k < keys.Count; k++) if (has[k]) holders[k].Add(s);
            }
            return holders;
        }

        public static void FlushAll(IEnumerable<MemcachedProcess> servers)
        {
            foreach (var server in servers)
            {
                using var socket = Connect(server);
                socket.Send(Encoding.ASCII.GetBytes("flush_all\r\n"));
                string reply = ReadLines(socket, 1)[0];
                if (reply != "OK") throw new InvalidOperationException($"flush_all on {server.Address} answered '{reply}'.");
            }
        }

        private static bool[] Holds(MemcachedProcess server, IReadOnlyList<string> keys)
        {
            var result = new bool[keys.Count];
            using var socket = Connect(server);
            for (int start = 0; start < keys.Count; start += Batch)
            {
                int count = Math.Min(Batch, keys.Count - start);
                var request = new StringBuilder();
                for (int k = start; k < start + count; k++) request.Append("mg ").Append(keys[k]).Append("\r\n");
                socket.Send(Encoding.UTF8.GetBytes(request.ToString()));
                List<string> replies = ReadLines(socket, count);
                for (int i = 0; i < count; i++)
                {
                    if (replies[i] == "HD") result[start + i] = true;
                    else if (replies[i] != "EN")
                        throw new InvalidOperationException($"{server.Address} answered '{replies[i]}' to mg {keys[start + i]}.");
                }
            }
            return result;
        }

        private static Socket Connect(MemcachedProcess server)
        {
            Socket socket;
            if (server.SocketPath != null)
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(server.SocketPath));
            }
            else
            {
                var address = IPAddress.Parse(server.Host);
                socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(address, server.Port);
            }
            socket.ReceiveTimeout = 10_000;
            return socket;
        }

        private static List<string> ReadLines(Socket socket, int count)
        {
            var lines = new List<string>(count);
            var buffer = new byte[65536];
            var line = new StringBuilder();
            while (lines.Count < count)
            {
                int n = socket.Receive(buffer);
                if (n == 0) throw new InvalidOperationException("The server closed the connection.");
                for (int i = 0; i < n; i++)
                {
                    char c = (char)buffer[i];
                    if (c == '\n')
                    {
                        lines.Add(line.ToString().TrimEnd('\r'));
                        line.Clear();
                    }
                    else line.Append(c);
                }
            }
            return lines;
        }
    }
}
