using System;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Core
{
    /// <summary>The key's server failed recently and is left alone until its retry time.</summary>
    public sealed class MemcachedServerDeadException : MemcachedConnectionException
    {
        public MemcachedServerDeadException(ServerAddress server, DateTime deadUntil)
            : base($"{server} is marked dead after repeated connection failures; it will be tried again after {deadUntil:HH:mm:ss} UTC.")
        {
            Server = server.Name;
            DeadUntil = deadUntil;
        }

        public DateTime DeadUntil { get; }
    }
}
