using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using System.Runtime.CompilerServices;
using MemcachePS.Core;

namespace MemcachePS.Values
{
    /// <summary>
    /// What PowerShell's serializer (PSSerializer, as Export-Clixml) would silently change, and its repair. Before
    /// serializing, <see cref="Check"/> refuses what CliXml cannot bring back: a BigInteger (PSSerializer writes only its
    /// properties, not its value), a script block (it comes back as a string), and nesting deeper than the deserializer
    /// reads. After deserializing, <see cref="Restore"/> gives back the types the CliXml names but PSSerializer does not
    /// rebuild: arrays (it gives an ArrayList), enums (it gives the underlying number) and DateTimeOffset (it gives a
    /// property bag). Only the containers a script builds (hashtables, ordered dictionaries, lists, PSCustomObjects) are
    /// walked; other objects are PSSerializer's property bags by design (<c>-Depth</c>).
    /// </summary>
    internal static class CliXmlValues
    {
        /// <summary>Containers nested deeper than this are refused; PSSerializer writes 200 levels of hashtables but cannot
        /// read them back ("Serialized XML is nested too deeply").</summary>
        public const int MaxDepth = 64;

        private const string Deserialized = "Deserialized.";

        public static void Check(object? value) => Check(value, "$", 0, new HashSet<object>(ReferenceComparer.Instance));

        private static void Check(object? value, string path, int depth, HashSet<object> seen)
        {
            value = Unwrap(value);
            switch (value)
            {
                case null:
                case string _:
                    return;
                case BigInteger _:
                    throw Refuse(path, "is a [bigint], which CliXml stores as its properties only (the number itself is lost). " +
                        "Store it with the default serializer, which writes it as an integer");
                case ScriptBlock _:
                    throw Refuse(path, "is a script block, which CliXml brings back as a string. Store its text ($block.ToString()) if that is what you mean");
            }
            if (!(value is IEnumerable) && !(value is PSObject)) return;
            if (depth >= MaxDepth) throw Refuse(path, $"is nested more than {MaxDepth} levels deep, more than CliXml can be read back with");
            if (!seen.Add(value)) return; // CliXml keeps shared references and cycles (RefId), and this one is checked already
            switch (value)
            {
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        Check(entry.Key, path + ".keys", depth + 1, seen);
                        Check(entry.Value, path + "[" + Show(entry.Key) + "]", depth + 1, seen);
                    }
                    return;
                case PSObject bag when bag.BaseObject is PSCustomObject:
                    foreach (var property in bag.Properties)
                        if (property is PSNoteProperty note) Check(note.Value, path + "." + property.Name, depth + 1, seen);
                    return;
                case IList list:
                    for (int i = 0; i < list.Count; i++) Check(list[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", depth + 1, seen);
                    return;
            }
        }

        /// <summary>The deserialized value with arrays, enums and DateTimeOffsets given back their types.</summary>
        public static object? Restore(object? value) => Restore(value, new Dictionary<object, object?>(ReferenceComparer.Instance));

        private static object? Restore(object? value, Dictionary<object, object?> done)
        {
            if (value == null) return null;
            if (done.TryGetValue(value, out object? restored)) return restored;
            PSObject? wrapper = value as PSObject;
            object inner = wrapper?.BaseObject ?? value;
            string? typeName = wrapper != null && wrapper.TypeNames.Count > 0 ? wrapper.TypeNames[0] : null;

            if (typeName == Deserialized + typeof(DateTimeOffset).FullName && inner is PSCustomObject &&
                Unwrap(wrapper!.Properties["UtcTicks"]?.Value) is long utcTicks && Unwrap(wrapper.Properties["Offset"]?.Value) is TimeSpan offset)
            {
                var rebuilt = new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
                done[value] = rebuilt;
                return rebuilt;
            }

            switch (inner)
            {
                case ArrayList list when typeName != null && typeName.EndsWith("[]", StringComparison.Ordinal) && typeName.StartsWith(Deserialized, StringComparison.Ordinal):
                {
                    Type elementType = ResolveType(typeName.Substring(Deserialized.Length, typeName.Length - Deserialized.Length - 2)) ?? typeof(object);
                    var array = Array.CreateInstance(elementType, list.Count);
                    done[value] = array;
                    for (int i = 0; i < list.Count; i++)
                    {
                        object? element = Unwrap(Restore(list[i], done));
                        if (element != null && !elementType.IsInstanceOfType(element))
                        {
                            // Elements that are not of the array's type (cannot happen for what PowerShell wrote): keep them all.
                            array = Array.CreateInstance(typeof(object), list.Count);
                            for (int j = 0; j < list.Count; j++) array.SetValue(Unwrap(Restore(list[j], done)), j);
                            done[value] = array;
                            return array;
                        }
                        array.SetValue(element, i);
                    }
                    return array;
                }
                case IList list:
                    done[value] = value;
                    for (int i = 0; i < list.Count; i++) list[i] = Restore(list[i], done);
                    return value;
                case IDictionary dictionary:
                {
                    done[value] = value;
                    var keys = new List<object>();
                    foreach (object key in dictionary.Keys) keys.Add(key);
                    foreach (object key in keys) dictionary[key] = Restore(dictionary[key], done);
                    return value;
                }
                case PSCustomObject _ when wrapper != null:
                    done[value] = value;
                    foreach (var property in wrapper.Properties)
                        if (property is PSNoteProperty note) note.Value = Restore(note.Value, done);
                    return value;
            }

            if (typeName == null || !typeName.StartsWith(Deserialized, StringComparison.Ordinal)) return value;
            string originalName = typeName.Substring(Deserialized.Length);
            if (IsIntegral(inner) && ResolveType(originalName) is Type enumType && enumType.IsEnum)
                return Enum.ToObject(enumType, inner);
            return value;
        }

        /// <summary>A type by its full name, from the assemblies loaded in this process (where the original came from).</summary>
        private static Type? ResolveType(string fullName)
        {
            Type? type = Type.GetType(fullName, throwOnError: false);
            if (type != null) return type;
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                try
                {
                    type = assembly.GetType(fullName, throwOnError: false);
                }
                catch (Exception)
                {
                    type = null; // an assembly that cannot be inspected
                }
                if (type != null) return type;
            }
            return null;
        }

        private static bool IsIntegral(object value) =>
            value is int || value is long || value is short || value is byte || value is sbyte || value is ushort || value is uint || value is ulong;

        private static object? Unwrap(object? value) =>
            value is PSObject p && !(p.BaseObject is PSCustomObject) ? p.BaseObject : value;

        private static string Show(object? key) => key is string s ? "'" + s + "'" : Convert.ToString(Unwrap(key), CultureInfo.InvariantCulture) ?? "";

        private static MemcachedClientException Refuse(string path, string problem) =>
            new MemcachedClientException($"The value {(path == "$" ? "" : "at " + path + " ")}{problem}.");

        private sealed class ReferenceComparer : IEqualityComparer<object>
        {
            public static readonly ReferenceComparer Instance = new ReferenceComparer();
            public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
            public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
        }
    }
}
