using System;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Values;

namespace MemcachePS.Values
{
    /// <summary>
    /// Values between a script and the transcoder: portable shapes (Core's StoreValueConverter / ReadValueConverter)
    /// by default, PowerShell's CliXml on request.
    /// </summary>
    internal static class ValueCodec
    {
        private static readonly StoreValueConverter Converter = new StoreValueConverter(PowerShellObjectAdapter.Instance);

        /// <summary>The depth PSSerializer follows object graphs to (Export-Clixml's default is 2; stored values deserve more).</summary>
        public const int CliXmlDepth = 5;

        public static EncodedValue Encode(object? value, MemcachedSerializer serializer, ITranscoder transcoder)
        {
            if (serializer == MemcachedSerializer.CliXml) return EncodeCliXml(value, transcoder);
            return transcoder.Encode(Converter.Convert(value));
        }

        /// <summary>The value a script sees: decoded by flags, then shaped for PowerShell (or rebuilt from CliXml).</summary>
        public static object? Decode(CacheItem item, ITranscoder transcoder)
        {
            object? decoded = transcoder.Decode(new ArraySegment<byte>(item.Value), item.Flags);
            return FromDecoded(decoded);
        }

        /// <summary>The value as the script gave it (PSObject wrappers removed), for -PassThru.</summary>
        public static object? Unwrap(object? value) => value is PSObject p && !(p.BaseObject is PSCustomObject) ? p.BaseObject : value;

        /// <summary>PSSerializer's text under the CliXml flag (docs/FLAGS.md), carried to the transcoder as <see cref="CliXmlText"/>.</summary>
        private static EncodedValue EncodeCliXml(object? value, ITranscoder transcoder) =>
            transcoder.Encode(new CliXmlText(PSSerializer.Serialize(value, CliXmlDepth)));

        private static object? FromDecoded(object? decoded)
        {
            if (decoded is CliXmlText xml)
            {
                object deserialized = PSSerializer.Deserialize(xml.Xml);
                return deserialized is PSObject p && !(p.BaseObject is PSCustomObject) && p.TypeNames.Count > 0 && !p.TypeNames[0].StartsWith("Deserialized.", StringComparison.Ordinal)
                    ? p.BaseObject
                    : deserialized;
            }
            return ReadValueConverter.Convert(decoded);
        }
    }
}
