using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;

namespace MemcachePS.Bench
{
    /// <summary>
    /// The server's share of a key listing: sends <c>lru_crawler metadump all</c> on a plain socket and reads to
    /// <c>END</c>, counting lines and parsing nothing. No client can list faster than this, so listing-bench.ps1 times it
    /// beside every listing (in pwsh through <see cref="Drain"/>, as a process through <c>keys drain</c>).
    /// </summary>
    public static class RawMetadump
    {
        /// <summary>The number of key lines the server sent; throws when the reply is not a dump that ends in END.</summary>
        public static long Drain(string host, int port)
        {
            using var client = new TcpClient();
            client.NoDelay = true;
            client.ReceiveTimeout = 30000;
            client.Connect(host, port);
            using var stream = client.GetStream();
            byte[] command = Encoding.ASCII.GetBytes("lru_crawler metadump all\r\n");
            stream.Write(command, 0, command.Length);

            var buffer = new byte[256 * 1024];
            var tail = new List<byte>(5);
            long lines = 0;
            bool first = true;
            while (true)
            {
                int read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0) throw new InvalidOperationException($"the server closed the dump after {lines} lines");
                if (first)
                {
                    // A dump starts with key lines (or END when empty); BUSY, ERROR and the like are the whole reply.
                    first = false;
                    if ((buffer[0] != (byte)'k' && buffer[0] != (byte)'E') || (read >= 5 && buffer.AsSpan(0, 5).SequenceEqual("ERROR"u8)))
                        throw new InvalidOperationException("not a dump: " + Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 80)).TrimEnd());
                }
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                // The last five bytes seen, across reads: the dump ends with the line END.
                for (int i = Math.Max(0, read - 5); i < read; i++)
                {
                    if (tail.Count == 5) tail.RemoveAt(0);
                    tail.Add(buffer[i]);
                }
                if (tail.Count == 5 && tail.ToArray().AsSpan().SequenceEqual("END\r\n"u8)) return lines - 1;
            }
        }
    }
}
