using System;
using System.Collections.Generic;

namespace MemcachePS.Core.Stats
{
    /// <summary>One open connection of a server's <c>stats conns</c> (the <c>&lt;fd&gt;:*</c> lines).</summary>
    public sealed class ConnectionStats : StatsRecord
    {
        public ConnectionStats(string server, int id, Dictionary<string, object> raw) : base(server, raw)
        {
            Id = id;
        }

        /// <summary>The server's file descriptor for the connection.</summary>
        public int Id { get; }
        /// <summary>The peer, e.g. <c>tcp:127.0.0.1:43212</c>; for a listening socket its own address.</summary>
        public string? Address => Text("addr");
        /// <summary>The server address the connection came in on (absent for listening sockets).</summary>
        public string? ListenAddress => Text("listen_addr");
        public string? State => Text("state");
        public TimeSpan IdleTime => Seconds("secs_since_last_cmd");
        public bool IsListener => State == "conn_listening";
    }
}
