using System.Text;

namespace MemcachePS.Core.Serialization
{
    /// <summary>The one strict UTF-8 the serializers share: invalid bytes and lone surrogates throw, never become U+FFFD.</summary>
    internal static class StrictText
    {
        /// <summary>UTF-8 without a byte order mark that throws on anything that is not UTF-8.</summary>
        public static readonly Encoding StrictUtf8 = new UTF8Encoding(false, true);
    }
}
