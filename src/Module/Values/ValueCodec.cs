using System;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Values
{
    /// <summary>
    /// Values between a script and the transcoder: portable shapes (<see cref="StoreValueConverter"/> / <see cref="ReadValueConverter"/>)
    /// by default, PowerShell's CliXml on request.
    /// </summary>
    internal static class ValueCodec
    {
        private static readonly StoreValueConverter Converter = new StoreValueConverter();
        private static readonly StoreValueConverter FamilyConverter = new StoreValueConverter(forFamily: true);

        /// <summary>How deep PSSerializer expands the properties of objects it cannot rebuild, as Export-Clixml's default.
        /// (A DirectoryInfo is 9 KB at depth 2 and 35 MB at depth 5.)</summary>
        public const int DefaultCliXmlDepth = 2;

        /// <param name="view">The command's property view (see <see cref="PropertyView"/>), so that piped objects of one shape are read fast.</param>
        public static EncodedValue Encode(object? value, MemcachedSerializer serializer, ITranscoder transcoder, int cliXmlDepth = DefaultCliXmlDepth,
            PropertyView? view = null)
        {
            if (serializer == MemcachedSerializer.CliXml) return EncodeCliXml(value, transcoder, cliXmlDepth);
            if (SerializerTranscoders.IsFamily(serializer)) return transcoder.Encode(FamilyConverter.Convert(value, view));
            return transcoder.Encode(Converter.Convert(value, view));
        }

        /// <summary>The value a script sees: decoded by flags, then shaped for PowerShell (or rebuilt from CliXml).</summary>
        /// <param name="item">The item as read.</param>
        /// <param name="transcoder">The connection's transcoder.</param>
        /// <param name="asHashtable">Maps as ordered dictionaries instead of PSCustomObjects (Get-MemcachedItem -AsHashtable).</param>
        public static object? Decode(CacheItem item, ITranscoder transcoder, bool asHashtable = false)
        {
            object? decoded = transcoder.Decode(new ArraySegment<byte>(item.Value), item.Flags);
            return FromDecoded(decoded, asHashtable);
        }

        /// <summary>The value as the script gave it (PSObject wrappers removed), for -PassThru.</summary>
        public static object? Unwrap(object? value) => value is PSObject p && !(p.BaseObject is PSCustomObject) ? p.BaseObject : value;

        /// <summary>
        /// PSSerializer's text under the CliXml flag (docs/FLAGS.md), carried to the transcoder as <see cref="CliXmlText"/>.
        /// What CliXml would lose is refused first (<see cref="CliXmlValues.Check"/>), and the text is read back once
        /// before it is sent: PSSerializer writes documents it cannot read (XML nested too deeply), which would be a value
        /// stored as success and lost on every read.
        /// </summary>
        private static EncodedValue EncodeCliXml(object? value, ITranscoder transcoder, int depth)
        {
            CliXmlValues.Check(value);
            string xml = PSSerializer.Serialize(value, depth);
            try
            {
                PSSerializer.Deserialize(xml);
            }
            catch (Exception e) when (e is PSInvalidOperationException || e is System.Xml.XmlException || e is InvalidOperationException)
            {
                throw new MemcachedClientException($"The value's CliXml could not be read back ({e.Message}), so it is not stored. " +
                    "Lower -Depth, or store less deeply nested data.", e);
            }
            return transcoder.Encode(new CliXmlText(xml));
        }

        private static object? FromDecoded(object? decoded, bool asHashtable)
        {
            if (decoded is CliXmlText xml)
            {
                // Rehydrated values (dates, hashtables, ...) come back as themselves; property bags, including
                // Deserialized.* objects, stay PSObjects, which carry their properties and type names.
                // Arrays, enums and DateTimeOffsets, which PSSerializer does not rebuild, get their types back.
                return Unwrap(CliXmlValues.Restore(PSSerializer.Deserialize(xml.Xml)));
            }
            return ReadValueConverter.Convert(decoded, asHashtable);
        }
    }
}
