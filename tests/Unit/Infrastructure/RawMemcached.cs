using System;
using System.Net.Sockets;
using System.Text;

namespace MemcachePS.Tests.Unit.Infrastructure
{
    /// <summary>A plain socket that speaks text to a server: lets tests check what the server holds without our client.</summary>
    public sealed class RawMemcached : IDisposable
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;

        public RawMemcached(int port)
        {
            _client = new TcpClient("127.0.0.1", port);
            _stream = _client.GetStream();
            _stream.ReadTimeout = 5000;
        }

        /// <summary>Sends one command line and reads until the reply ends with one of the terminators.</summary>
        public string Send(string commandLine, params string[] terminators)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(commandLine);
            _stream.Write(bytes, 0, bytes.Length);
            if (terminators.Length == 0) terminators = new[] { "\r\n" };
            var sb = new StringBuilder();
            var buf = new byte[65536];
            while (true)
            {
                int n = _stream.Read(buf, 0, buf.Length);
                if (n == 0) return sb.ToString();
                sb.Append(Encoding.UTF8.GetString(buf, 0, n));
                string s = sb.ToString();
                foreach (var t in terminators) if (s.EndsWith(t, StringComparison.Ordinal)) return s;
            }
        }

        /// <summary>A stat value as the server reports it.</summary>
        public long Stat(string name)
        {
            string reply = Send("stats\r\n", "END\r\n");
            foreach (var line in reply.Split("\r\n"))
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "STAT" && parts[1] == name) return long.Parse(parts[2]);
            }
            throw new InvalidOperationException($"No stat '{name}' in: {reply}");
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }
}
