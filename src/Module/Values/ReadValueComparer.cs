using System;
using System.Collections;
using System.Management.Automation;

namespace MemcachePS.Values
{
    /// <summary>
    /// Whether a value a script holds is still the value an item was read as: compared with a fresh decoding of the bytes
    /// read, member by member, so a change made in place (<c>$item.Value.price = 2</c>) counts as well as a new value.
    /// Dictionaries and property bags compare names and values in order, lists element by element, bytes byte by byte,
    /// everything else by type and Equals. When in doubt (an object with no equality of its own, nesting past
    /// <see cref="MaxDepth"/>) the answer is "changed": the value is then encoded anew rather than the old bytes written.
    /// </summary>
    internal static class ReadValueComparer
    {
        public const int MaxDepth = 100;

        public static bool Same(object? held, object? read) => Same(held, read, 0);

        private static bool Same(object? a, object? b, int depth)
        {
            if (depth > MaxDepth) return false;
            a = Unwrap(a);
            b = Unwrap(b);
            if (ReferenceEquals(a, b)) return true;
            if (a == null || b == null) return false;
            switch (a)
            {
                case string s:
                    return b is string t && string.Equals(s, t, StringComparison.Ordinal);
                case byte[] x:
                    return b is byte[] y && Bytes(x, y);
                case PSObject bag:
                    return b is PSObject other && Bags(bag, other, depth);
                case IDictionary d:
                    return b is IDictionary e && Dictionaries(d, e, depth);
                case IEnumerable sequence when !(a is IFormattable):
                    return b is IEnumerable other2 && !(b is string) && !(b is IDictionary) && Sequences(sequence, other2, depth);
                default:
                    return a.GetType() == b.GetType() && a.Equals(b);
            }
        }

        /// <summary>A PSObject counts as what it wraps, except a property bag (PSCustomObject), which only its PSObject carries.</summary>
        private static object? Unwrap(object? value) =>
            value is PSObject p && !(p.BaseObject is PSCustomObject) ? p.BaseObject : value;

        private static bool Bytes(byte[] x, byte[] y)
        {
            if (x.Length != y.Length) return false;
            for (int i = 0; i < x.Length; i++) if (x[i] != y[i]) return false;
            return true;
        }

        private static bool Bags(PSObject a, PSObject b, int depth)
        {
            var left = a.Properties.GetEnumerator();
            var right = b.Properties.GetEnumerator();
            while (true)
            {
                bool more = left.MoveNext();
                if (more != right.MoveNext()) return false;
                if (!more) return true;
                if (!string.Equals(left.Current.Name, right.Current.Name, StringComparison.Ordinal)) return false;
                if (!Same(Value(left.Current), Value(right.Current), depth + 1)) return false;
            }
        }

        private static object? Value(PSPropertyInfo property)
        {
            try
            {
                return property.Value;
            }
            catch (GetValueException)
            {
                return property; // unreadable: compares unequal to anything else
            }
        }

        private static bool Dictionaries(IDictionary a, IDictionary b, int depth)
        {
            if (a.Count != b.Count) return false;
            var left = a.GetEnumerator();
            var right = b.GetEnumerator();
            while (left.MoveNext())
            {
                if (!right.MoveNext()) return false;
                if (!Same(left.Key, right.Key, depth + 1) || !Same(left.Value, right.Value, depth + 1)) return false;
            }
            return !right.MoveNext();
        }

        private static bool Sequences(IEnumerable a, IEnumerable b, int depth)
        {
            if (a.GetType() != b.GetType()) return false;
            var left = a.GetEnumerator();
            var right = b.GetEnumerator();
            while (true)
            {
                bool more = left.MoveNext();
                if (more != right.MoveNext()) return false;
                if (!more) return true;
                if (!Same(left.Current, right.Current, depth + 1)) return false;
            }
        }
    }
}
