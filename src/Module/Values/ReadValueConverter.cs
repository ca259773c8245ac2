using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Management.Automation;

namespace MemcachePS.Values
{
    /// <summary>
    /// Turns what the transcoder decoded into the shapes a script expects, as ConvertFrom-Json gives them: text stays
    /// text and numbers numbers; a map becomes a PSCustomObject (so Select-Object, Sort-Object, Format-Table and
    /// Export-Csv see its keys as properties), every other collection an <c>object[]</c>, recursively. Byte arrays stay
    /// byte arrays. A map a PSCustomObject cannot hold faithfully (a key that is not a string, an empty key, two keys
    /// that differ only in case) stays a dictionary, case-sensitive when two keys differ only in case. With
    /// <c>asHashtable</c> every map is an ordered dictionary (as <c>ConvertFrom-Json -AsHashtable</c>), case-insensitive
    /// unless two keys differ only in case.
    /// </summary>
    internal static class ReadValueConverter
    {
        public static object? Convert(object? value, bool asHashtable = false) => Convert(value, asHashtable, 0);

        private static object? Convert(object? value, bool asHashtable, int depth)
        {
            if (depth > StoreValueConverter.DefaultMaxDepth) return value;
            switch (value)
            {
                case null:
                case string _:
                case byte[] _:
                    return value;
                case IDictionary dictionary:
                    return asHashtable || !FitsAnObject(dictionary) ? ToOrdered(dictionary, asHashtable, depth) : ToObject(dictionary, depth);
                case IEnumerable sequence when !(value is IFormattable):
                {
                    var list = new List<object?>();
                    foreach (var element in sequence) list.Add(Convert(element, asHashtable, depth + 1));
                    return list.ToArray();
                }
                default:
                    return value;
            }
        }

        /// <summary>Every key a non-empty string, and no two equal but for case (PowerShell property names ignore case).</summary>
        private static bool FitsAnObject(IDictionary dictionary)
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in dictionary)
                if (!(entry.Key is string name) || name.Length == 0 || !names.Add(name)) return false;
            return true;
        }

        private static PSObject ToObject(IDictionary dictionary, int depth)
        {
            var result = new PSObject();
            foreach (DictionaryEntry entry in dictionary)
                result.Properties.Add(new PSNoteProperty((string)entry.Key, Convert(entry.Value, false, depth + 1)));
            return result;
        }

        private static OrderedDictionary ToOrdered(IDictionary dictionary, bool asHashtable, int depth)
        {
            // Case-insensitive like PowerShell's own hashtables, unless two keys differ only in case.
            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool caseCollision = false;
            foreach (DictionaryEntry entry in dictionary)
                if (entry.Key is string s && !keys.Add(s)) caseCollision = true;
            var result = caseCollision ? new OrderedDictionary() : new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in dictionary) result[entry.Key] = Convert(entry.Value, asHashtable, depth + 1);
            return result;
        }
    }
}
