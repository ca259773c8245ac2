using System;

namespace MemcachePS
{
    /// <summary>One server's answer to Test-MemcachedConnection.</summary>
    public sealed class MemcachedConnectionTestResult
    {
        public MemcachedConnectionTestResult(string server, bool online, string? version, TimeSpan? latency, string? error)
        {
            Server = server;
            Online = online;
            Version = version;
            Latency = latency;
            Error = error;
        }

        public string Server { get; }
        public bool Online { get; }
        public string? Version { get; }
        /// <summary>Time for the version round trip (including the connect when the pool had no connection).</summary>
        public TimeSpan? Latency { get; }
        public string? Error { get; }

        public override string ToString() => Server + (Online ? " online" : " offline");
    }
}
