using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// Lets -Connection take a connection's name (in the current runspace) as well as the connection object, and refuses
    /// a serialized copy of a connection (from Start-Job, Invoke-Command or Import-Clixml) with a message that says why.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ConnectionTransformationAttribute : ArgumentTransformationAttribute
    {
        private static readonly string DeserializedTypeName = "Deserialized." + typeof(MemcachedConnection).FullName;

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is IList list && !(value is string))
            {
                var transformed = new List<object?>(list.Count);
                foreach (var element in list) transformed.Add(TransformOne(element));
                return transformed.ToArray();
            }
            return TransformOne(inputData);
        }

        private static object? TransformOne(object? inputData)
        {
            object? value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value is string name)
            {
                return RunspaceConnections.Current.Find(name)
                    ?? throw new ArgumentTransformationMetadataException($"There is no memcached connection named '{name}' in this runspace. Get-MemcachedConnection lists the open ones.");
            }
            if (inputData is PSObject copy && copy.TypeNames.Contains(DeserializedTypeName))
            {
                throw new ArgumentTransformationMetadataException(
                    $"The connection '{copy.Properties["Name"]?.Value}' is a serialized copy (it came through Start-Job, Invoke-Command or " +
                    "Import-Clixml), and a connection works only in the process that made it. Run Connect-Memcached there, or use " +
                    "ForEach-Object -Parallel or Start-ThreadJob, which hand over the connection itself ($using:).");
            }
            return value;
        }
    }
}
