using System;
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
            var tail = new byte[5];
            long lines = 0;
            int tailLength = 0;
            while (true)
            {
                int read = stream.Read(buffer, 0, buffer.Length);
                if (read == 0) throw new InvalidOperationException($"the server closed the dump after {lines} lines");
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                // The last five bytes seen, across reads: the dump ends with the line END.
                if (read >= 5) { buffer.AsSpan(read - 5, 5).CopyTo(tail); tailLength = 5; }
                else
                {
                    int keep = Math.Min(tailLength, 5 - read);
                    Buffer.BlockCopy(tail, tailLength - keep, tail, 0, keep);
                    Buffer.BlockCopy(buffer, 0, tail, keep, read);
                    tailLength = keep + read;
                }
                if (tailLength == 5 && tail.AsSpan().SequenceEqual("END\r\n"u8))
                {
                    if (lines == 1 && buffer.AsSpan(0, Math.Min(read, 4)).SequenceEqual("BUSY"u8))
                        throw new InvalidOperationException("the crawler is busy");
                    return lines - 1;
                }
                if (lines <= 1 && read >= 4 && (buffer.AsSpan(0, 4).SequenceEqual("BUSY"u8) || buffer.AsSpan(0, 5).SequenceEqual("ERROR"u8)))
                    throw new InvalidOperationException("not a dump: " + Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 80)).TrimEnd());
            }
        }
    }
}
