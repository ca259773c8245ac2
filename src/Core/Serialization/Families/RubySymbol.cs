using System;

namespace MemcachePS.Core.Serialization.Families
{
    /// <summary>
    /// A Ruby Symbol (<c>:name</c>) read from a Marshal stream. Kept apart from a string so that a hash with symbol keys
    /// (<c>{id: 1}</c>, common in Rails) written back by <see cref="DalliTranscoder"/> still has symbol keys for Ruby:
    /// <c>h[:id]</c> and <c>h["id"]</c> are different lookups there. Its text is <see cref="Name"/>.
    /// </summary>
    public sealed class RubySymbol : IEquatable<RubySymbol>
    {
        public RubySymbol(string name)
        {
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        /// <summary>The symbol's name, without the colon.</summary>
        public string Name { get; }

        public bool Equals(RubySymbol? other) => other != null && string.Equals(Name, other.Name, StringComparison.Ordinal);
        public override bool Equals(object? obj) => Equals(obj as RubySymbol);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name) ^ 0x5a5a;
        public override string ToString() => Name;
    }
}
