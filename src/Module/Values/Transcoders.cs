using MemcachePS.Core.Serialization;

namespace MemcachePS.Values
{
    /// <summary>The transcoder a connection encodes values with.</summary>
    internal static class Transcoders
    {
        public static ITranscoder Create(int? compressionThreshold) => new DefaultTranscoder();
    }
}
