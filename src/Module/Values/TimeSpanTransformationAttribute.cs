using System;
using System.Management.Automation;
using MemcachePS.Core;

namespace MemcachePS.Values
{
    /// <summary>Lets time parameters take seconds (<c>-TimeToLive 300</c>) as well as TimeSpans; see <see cref="LifetimeParser"/>.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class TimeSpanTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject p ? p.BaseObject : inputData;
            if (value == null) return null;
            try
            {
                return LifetimeParser.Parse(value);
            }
            catch (MemcachedClientException e)
            {
                throw new ArgumentTransformationMetadataException(e.Message, e);
            }
        }
    }
}
