using System;
using System.Management.Automation;

namespace MemcachePS.Values
{
    /// <summary>Lets -Encoding take an Encoding object (<c>[Text.Encoding]::Unicode</c>) as well as its name.</summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class EncodingNameTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject p ? p.BaseObject : inputData;
            return value is System.Text.Encoding encoding ? encoding.WebName : value;
        }
    }
}
