using MemcachePS.Core.Serialization;
using MemcachePS.Core.Serialization.Families;

namespace MemcachePS.Values
{
    /// <summary>
    /// The transcoder of each client family a connection or one write can speak (Connect-Memcached -Serializer,
    /// Set-MemcachedItem -Serializer): that family's flags and formats, both ways (docs/FLAGS.md, one section per family).
    /// Default and CliXml have none here: they use the connection's <see cref="DefaultTranscoder"/> (<see cref="Transcoders"/>).
    /// </summary>
    internal static class SerializerTranscoders
    {
        /// <summary>A new transcoder for <paramref name="serializer"/>'s family; null for Default and CliXml.</summary>
        public static ITranscoder? For(MemcachedSerializer serializer)
        {
            switch (serializer)
            {
                case MemcachedSerializer.Default:
                case MemcachedSerializer.CliXml:
                    return null;
                case MemcachedSerializer.PhpMemcached:
                    return new PhpMemcachedTranscoder();
                case MemcachedSerializer.PhpMemcache:
                    return new PhpMemcacheTranscoder();
                case MemcachedSerializer.Dalli:
                    return new DalliTranscoder();
                case MemcachedSerializer.PerlCacheMemcached:
                    return new PerlCacheMemcachedTranscoder();
                case MemcachedSerializer.Spymemcached:
                    return new SpymemcachedTranscoder();
                case MemcachedSerializer.GoMemcache:
                    return new GoMemcacheTranscoder();
                default:
                    throw new System.ArgumentOutOfRangeException(nameof(serializer), serializer, "No transcoder is known for this serializer.");
            }
        }

        /// <summary>True for the serializers of another client family (those <see cref="For"/> has a transcoder for).</summary>
        public static bool IsFamily(MemcachedSerializer serializer) =>
            serializer != MemcachedSerializer.Default && serializer != MemcachedSerializer.CliXml;

        /// <summary>
        /// The transcoder one write with <paramref name="serializer"/> encodes with on <paramref name="connection"/>: the
        /// connection's own when it speaks that serializer; the family's when the write names another family; a
        /// <see cref="DefaultTranscoder"/> with the connection's compression threshold when the write asks for Default or
        /// CliXml on a connection of another family.
        /// </summary>
        public static ITranscoder ForWriting(MemcachedSerializer serializer, MemcachedConnection connection)
        {
            if (serializer == connection.Serializer || (!IsFamily(serializer) && !IsFamily(connection.Serializer)))
                return connection.Client.Transcoder;
            return For(serializer) ?? Transcoders.Create(connection.CompressionThreshold);
        }
    }
}
