using System;

namespace MemcachePS.Core.Serialization
{
    /// <summary>
    /// A PowerShell CliXml document, kept as text. The Core stores and returns it under <see cref="ValueFlags.CliXml"/>
    /// without reading it; the PowerShell module serializes objects into it and deserializes them out of it, because
    /// only PowerShell itself can do that with full fidelity.
    /// </summary>
    public sealed class CliXmlText : IEquatable<CliXmlText>
    {
        public CliXmlText(string xml)
        {
            Xml = xml ?? throw new ArgumentNullException(nameof(xml));
        }

        public string Xml { get; }

        public bool Equals(CliXmlText? other) => other != null && string.Equals(Xml, other.Xml, StringComparison.Ordinal);
        public override bool Equals(object? obj) => Equals(obj as CliXmlText);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Xml);
        public override string ToString() => Xml;
    }
}
