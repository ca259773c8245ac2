using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;

namespace MemcachePS.Values
{
    /// <summary>
    /// Turns what the transcoder decoded into the shapes a script expects: text stays text and numbers numbers;
    /// every dictionary becomes an ordered, case-insensitive dictionary (what <c>[ordered]@{}</c> builds, so
    /// <c>$v.name</c> and <c>$v['name']</c> both work) and every other collection an <c>object[]</c>, recursively.
    /// Byte arrays stay byte arrays.
    /// </summary>
    internal static class ReadValueConverter
    {
        public static object? Convert(object? value) => Convert(value, 0);

        private static object? Convert(object? value, int depth)
        {
            if (depth > StoreValueConverter.DefaultMaxDepth) return value;
            switch (value)
            {
                case null:
                case string _:
                case byte[] _:
                    return value;
                case IDictionary dictionary:
                    return ToOrdered(dictionary, depth);
                case IEnumerable sequence when !(value is IFormattable):
                {
                    var list = new List<object?>();
                    foreach (var element in sequence) list.Add(Convert(element, depth + 1));
                    return list.ToArray();
                }
                default:
                    return value;
            }
        }

        private static OrderedDictionary ToOrdered(IDictionary dictionary, int depth)
        {
            // Case-insensitive like PowerShell's own hashtables, unless two keys differ only in case.
            var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            bool caseCollision = false;
            foreach (DictionaryEntry entry in dictionary)
                if (entry.Key is string s && !keys.Add(s)) caseCollision = true;
            var result = caseCollision ? new OrderedDictionary() : new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in dictionary) result[entry.Key] = Convert(entry.Value, depth + 1);
            return result;
        }
    }
}
