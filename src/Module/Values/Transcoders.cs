using System.Management.Automation;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Values
{
    /// <summary>The transcoder a connection encodes values with: Core's DefaultTranscoder, told how to see PowerShell objects.</summary>
    internal static class Transcoders
    {
        public static ITranscoder Create(int? compressionThreshold) => new DefaultTranscoder
        {
            CompressionThreshold = compressionThreshold ?? 0,
            // Set-MemcachedItem hands over plain shapes already; this serves scripts that call the Core client directly.
            ValueAdapter = value => value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value,
        };
    }
}
