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

        /// <summary>
        /// The seconds of life memcached has left for an item (meta <c>mg &lt;key&gt; t</c>): -1 when it never expires,
        /// null when there is no such item. A read like this one does not renew the lifetime.
        /// </summary>
        public long? RemainingSeconds(string key)
        {
            string reply = Send($"mg {key} t\r\n").TrimEnd('\r', '\n');
            if (reply == "EN") return null;
            foreach (var token in reply.Split(' '))
                if (token.Length > 1 && token[0] == 't' && reply.StartsWith("HD", StringComparison.Ordinal)) return long.Parse(token.Substring(1));
            throw new InvalidOperationException($"mg {key} t was answered '{reply}'.");
        }

        /// <summary>memcached's clock (<c>stats</c> time) in unix seconds: it ticks once a second and may trail the wall clock by a second.</summary>
        public long ServerTime() => Stat("time");

        /// <summary>Stores bytes under exactly these flags (binary-safe, classic <c>set</c>); throws unless the server says STORED.</summary>
        public void SetRaw(string key, ArraySegment<byte> value, uint flags) => SetRaw(key, value, flags, 0);

        /// <summary>Stores bytes under exactly these flags and memcached's exptime (seconds, or a unix time past 30 days).</summary>
        public void SetRaw(string key, ArraySegment<byte> value, uint flags, long exptime)
        {
            byte[] header = Encoding.ASCII.GetBytes($"set {key} {flags} {exptime} {value.Count}\r\n");
            _stream.Write(header, 0, header.Length);
            _stream.Write(value.Array ?? Array.Empty<byte>(), value.Offset, value.Count);
            _stream.Write(new[] { (byte)'\r', (byte)'\n' }, 0, 2);
            string reply = ReadAsciiLine();
            if (reply != "STORED") throw new InvalidOperationException($"set {key} was answered '{reply}'.");
        }

        /// <summary>The stored bytes and flags of a key, read binary-safe; null on a miss.</summary>
        public (byte[] Value, uint Flags)? GetRaw(string key)
        {
            byte[] command = Encoding.ASCII.GetBytes($"get {key}\r\n");
            _stream.Write(command, 0, command.Length);
            string header = ReadAsciiLine();
            if (header == "END") return null;
            string[] parts = header.Split(' ');
            if (parts.Length < 4 || parts[0] != "VALUE") throw new InvalidOperationException($"get {key} was answered '{header}'.");
            var value = new byte[int.Parse(parts[3])];
            _stream.ReadExactly(value);
            var crlf = new byte[2];
            _stream.ReadExactly(crlf);
            string end = ReadAsciiLine();
            if (crlf[0] != '\r' || crlf[1] != '\n' || end != "END") throw new InvalidOperationException($"get {key}: the value is not followed by END.");
            return (value, uint.Parse(parts[2]));
        }

        /// <summary>Reads one reply line byte by byte, so no byte of a following value is consumed.</summary>
        private string ReadAsciiLine()
        {
            var line = new StringBuilder();
            while (true)
            {
                int b = _stream.ReadByte();
                if (b < 0) throw new InvalidOperationException("The server closed the connection.");
                if (b == '\n' && line.Length > 0 && line[line.Length - 1] == '\r') return line.ToString(0, line.Length - 1);
                line.Append((char)b);
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }
}
