using System.Collections;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// Step-MemcachedCounter over thousands of keys against a real memcached: one counter that holds text fails that
    /// counter only (CounterNotNumeric), every other one is counted once, the connection is kept, the server stays alive.
    /// </summary>
    public sealed class CounterBatchTests
    {
        [Fact]
        public void One_non_numeric_counter_among_5000_fails_alone_and_the_rest_count_once()
        {
            const int Keys = 5000;
            const int Bad = 2500;
            using var server = MemcachedProcess.Start();
            var keys = Enumerable.Range(0, Keys).Select(i => "step-" + i).ToArray();
            using var raw = new TcpClient("127.0.0.1", server.Port);
            var stream = raw.GetStream();
            var load = new StringBuilder();
            for (int i = 0; i < Keys; i++) load.Append(i == Bad ? $"set {keys[i]} 0 0 3 noreply\r\nabc\r\n" : $"set {keys[i]} 0 0 1 noreply\r\n7\r\n");
            load.Append("mn\r\n");
            Send(stream, load.ToString(), "MN\r\n");
            using var shell = new ModuleRunspace();
            var connection = shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { server.Address } })
                .Single<MemcachedConnection>();
            shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = new[] { "warm" } });
            long connections = Stat(stream, "total_connections");

            var result = shell.Run("param($keys) $keys | Step-MemcachedCounter", new Hashtable { ["keys"] = keys });

            var error = Assert.Single(result.Errors);
            Assert.StartsWith("CounterNotNumeric,", error.FullyQualifiedErrorId);
            Assert.Equal(keys[Bad], error.TargetObject);
            var counted = result.Objects.Cast<MemcachedCounter>().ToList();
            Assert.Equal(Keys - 1, counted.Count);
            Assert.All(counted, c => Assert.Equal(8UL, c.Value));
            for (int from = 0; from < Keys; from += 250) // on the server: each counter once, the text untouched
            {
                var lines = Send(stream, "get " + string.Join(" ", keys.Skip(from).Take(250)) + "\r\n", "END\r\n").Split("\r\n");
                var held = new System.Collections.Generic.Dictionary<string, string>();
                for (int l = 0; l + 1 < lines.Length; l++)
                    if (lines[l].StartsWith("VALUE ", System.StringComparison.Ordinal)) held[lines[l].Split(' ')[1]] = lines[++l];
                for (int i = from; i < from + 250; i++) Assert.Equal(i == Bad ? "abc" : "8", held[keys[i]]);
            }
            Assert.Equal(connections, Stat(stream, "total_connections")); // the cmdlet's connection was reused
            Assert.Null(((MemcachedClient)connection.Client).GetDeadUntil(((MemcachedClient)connection.Client).Servers[0]));
            Assert.Empty(shell.Invoke("Step-MemcachedCounter", new Hashtable { ["Key"] = new[] { keys[0] } }).Errors);
        }

        private static string Send(NetworkStream stream, string text, string terminator)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
            var reply = new StringBuilder();
            var buffer = new byte[65536];
            while (!reply.ToString().EndsWith(terminator, System.StringComparison.Ordinal))
            {
                int n = stream.Read(buffer, 0, buffer.Length);
                if (n == 0) break;
                reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            return reply.ToString();
        }

        private static long Stat(NetworkStream stream, string name)
        {
            foreach (var line in Send(stream, "stats\r\n", "END\r\n").Split("\r\n"))
                if (line.StartsWith("STAT " + name + " ", System.StringComparison.Ordinal)) return long.Parse(line.Substring(6 + name.Length));
            throw new System.InvalidOperationException("no stat " + name);
        }
    }
}
