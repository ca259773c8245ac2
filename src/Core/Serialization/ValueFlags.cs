namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// Every client-flags value MemcachePS writes or reads, in one place. docs/FLAGS.md is the table that explains them,
    /// with what each Python client writes and reads, checked against the real clients by the interop tests.
    /// </summary>
    public static class ValueFlags
    {
        /// <summary>Raw bytes. All three Python clients: <c>bytes</c>.</summary>
        public const uint Bytes = 0;

        /// <summary>A Python pickle. Read as plain data only (see <see cref="PickleReader"/>); never written.</summary>
        public const uint Pickle = 1 << 0;

        /// <summary>An ASCII decimal integer. pymemcache and python-memcached write Python <c>int</c> with it;
        /// pylibmc writes <c>bool</c> with it (<c>"1"</c>/<c>"0"</c>).</summary>
        public const uint Integer = 1 << 1;

        /// <summary>An ASCII decimal integer. Python 2 clients wrote <c>long</c> with it; pylibmc on Python 3 writes
        /// every <c>int</c> with it.</summary>
        public const uint Long = 1 << 2;

        /// <summary>Combined with the flags of the value: the bytes are a zlib stream (RFC 1950) of that value.</summary>
        public const uint Compressed = 1 << 3;

        /// <summary>UTF-8 text. (pylibmc before 1.6 used this bit for <c>bool</c> stored as <c>"1"</c>/<c>"0"</c>.)</summary>
        public const uint Text = 1 << 4;

        /// <summary>Our bit that marks UTF-8 text as a JSON document. Bits 12 and up are clear of the Python
        /// convention (bits 0-4) and of the type codes Java and .NET clients keep in bits 8-11, and stay inside the
        /// 16 bits old servers keep.</summary>
        public const uint JsonMarker = 1 << 12;

        /// <summary>Our bit that marks UTF-8 text as a PowerShell CliXml document.</summary>
        public const uint CliXmlMarker = 1 << 13;

        /// <summary>JSON text (dictionaries, lists, objects, floating-point numbers, null). It keeps the
        /// <see cref="Text"/> bit, so every Python client reads it as the JSON string (ready for <c>json.loads</c>).</summary>
        public const uint Json = Text | JsonMarker;

        /// <summary>PowerShell CliXml text, carried as <see cref="CliXmlText"/>; Python clients read the XML string.</summary>
        public const uint CliXml = Text | CliXmlMarker;

        public static bool IsCompressed(uint flags) => (flags & Compressed) != 0;

        /// <summary>The flags of the value itself, whether or not its bytes were compressed.</summary>
        public static uint WithoutCompression(uint flags) => flags & ~Compressed;

        /// <summary>True for the flags <see cref="DefaultTranscoder"/> decodes (with or without <see cref="Compressed"/>);
        /// anything else is returned as the stored bytes, untouched.</summary>
        public static bool IsKnown(uint flags)
        {
            switch (WithoutCompression(flags))
            {
                case Bytes:
                case Pickle:
                case Integer:
                case Long:
                case Text:
                case Json:
                case CliXml:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>A short name for messages: "text", "JSON, compressed", "unknown (0x40)".</summary>
        public static string Describe(uint flags)
        {
            string name;
            switch (WithoutCompression(flags))
            {
                case Bytes: name = "bytes"; break;
                case Pickle: name = "pickle"; break;
                case Integer: name = "integer"; break;
                case Long: name = "long"; break;
                case Text: name = "text"; break;
                case Json: name = "JSON"; break;
                case CliXml: name = "CliXml"; break;
                default: return "unknown (" + flags + ")";
            }
            return IsCompressed(flags) ? name + ", compressed" : name;
        }
    }
}
