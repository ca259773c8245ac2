using System;
using System.Management.Automation;

namespace MemcachePS.Sessions
{
    /// <summary>Lets -Connection take a connection's name as well as the connection object.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ConnectionTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is string name)
            {
                return SessionConnections.Registry.Find(name)
                    ?? throw new ArgumentTransformationMetadataException($"There is no memcached connection named '{name}'. Get-MemcachedConnection lists the open ones.");
            }
            return value;
        }
    }
}
