using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;

namespace MemcachePS.Batching
{
    /// <summary>
    /// The key Set-MemcachedItem computes for a piped object: a -Key scriptblock run with $_ set to the object, or a
    /// -KeyProperty formatted by -KeyFormat. Each gives one non-empty string or says why not (the object's error; nothing
    /// is sent for it): a key is never made by joining values, stringifying $null, or guessing.
    /// </summary>
    internal static class PipedKey
    {
        /// <summary>A -KeyFormat that fills {0}, so different values give different keys (one that does not would write every object to one key).</summary>
        public static bool IsValidFormat(string format, out string? problem)
        {
            try
            {
                problem = string.Format(CultureInfo.InvariantCulture, format, "a") == string.Format(CultureInfo.InvariantCulture, format, "b")
                    ? $"-KeyFormat '{format}' does not use the property's value ({{0}}), so every object would get the same key."
                    : null;
            }
            catch (FormatException e)
            {
                problem = $"-KeyFormat '{format}' is not a format string with one value {{0}} ({e.Message}).";
            }
            return problem == null;
        }

        /// <summary>Runs the -Key scriptblock for <paramref name="input"/> ($_); null when it gave one non-empty string.</summary>
        public static string? FromScript(ScriptBlock script, object? input, out string key)
        {
            key = string.Empty;
            Collection<PSObject> results;
            try
            {
                results = script.InvokeWithContext(null, new List<PSVariable>(1) { new PSVariable("_", input) });
            }
            catch (RuntimeException e) when (!(e is PipelineStoppedException))
            {
                return $"The -Key scriptblock failed for {Describe(input)}: {e.Message}";
            }
            if (results.Count == 0) return $"The -Key scriptblock returned nothing for {Describe(input)}; it must return one string.";
            if (results.Count > 1) return $"The -Key scriptblock returned {results.Count} values for {Describe(input)}; it must return one string.";
            var result = results[0]?.BaseObject;
            if (result == null) return $"The -Key scriptblock returned $null for {Describe(input)}; it must return one string.";
            if (!(result is string text))
                return $"The -Key scriptblock returned a {result.GetType().FullName} for {Describe(input)}, not a string; make it one, as in {{ \"product:$($_.id)\" }}.";
            if (text.Length == 0) return $"The -Key scriptblock returned an empty string for {Describe(input)}.";
            key = text;
            return null;
        }

        /// <summary>The -KeyProperty of <paramref name="input"/> (a string, an integer or a Guid), formatted by <paramref name="format"/>.</summary>
        /// <param name="found">When the command has read the object's properties (<see cref="Values.PropertyView"/>): the
        /// property it found under that name, or null for none.</param>
        public static string? FromProperty(object? input, string property, string? format, out string key, PSPropertyInfo? found = null, bool lookedUp = false)
        {
            key = string.Empty;
            if (input == null) return $"-KeyProperty '{property}' reads the key from piped objects; pipe them in.";
            var property_ = lookedUp ? found : (input as PSObject ?? PSObject.AsPSObject(input)).Properties[property];
            if (property_ == null) return $"The piped object {Describe(input)} has no property '{property}' to make its key from.";
            object? value;
            try
            {
                value = property_.Value;
            }
            catch (GetValueException e)
            {
                return $"The property '{property}' of {Describe(input)} could not be read: {e.Message}";
            }
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            string text;
            switch (value)
            {
                case null:
                    return $"The property '{property}' of {Describe(input)} is $null, so it has no key.";
                case string s:
                    text = s;
                    break;
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _: case System.Numerics.BigInteger _: case Guid _:
                    text = ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
                    break;
                default:
                    return $"The property '{property}' of {Describe(input)} is a {value.GetType().FullName}; a key is made from a string, an integer or a Guid.";
            }
            if (text.Length == 0) return $"The property '{property}' of {Describe(input)} is empty, so it has no key.";
            key = format == null ? text : string.Format(CultureInfo.InvariantCulture, format, text);
            return null;
        }

        /// <summary>-Key as bound (a string, or from a Key property): one value as a string, as a string parameter would take it; never several joined.</summary>
        public static string? FromBound(object? bound, out string key)
        {
            key = string.Empty;
            var value = bound is PSObject wrapped ? wrapped.BaseObject : bound;
            if (value == null) return "The key is $null.";
            if (!(value is string) && value is IEnumerable)
                return "The key is a collection of values, not one key; pipe the keys in one at a time.";
            key = LanguagePrimitives.ConvertTo<string>(value);
            return null;
        }

        /// <summary>
        /// The keys a piped object names for the key commands (Get-, Remove-, Update-, Test-, Copy-MemcachedItem,
        /// Step-MemcachedCounter), read by the command rather than bound by PowerShell: a string is a key; an object with a
        /// Key property (any case: Get-MemcachedKey's and Get-MemcachedItem's objects, a CSV row, a dictionary entry) gives
        /// that property's key or keys; a bare integer, character or Guid is its invariant text. Anything else, $null, an
        /// empty key and a Key that is not a string, integer or Guid (or a collection of them) is refused, never turned into
        /// a key by its ToString (binding made "@{Key=5}" of [pscustomobject]@{ Key = 5 }). Null when it gave keys.
        /// </summary>
        /// <param name="server">The object's Server (or else ListedServer) property as text; null when it has none, or it is $null or empty.</param>
        public static string? FromPipedKeyObject(object? input, List<string> keys, out string? server)
        {
            keys.Clear();
            server = null;
            var value = input is PSObject wrapped ? wrapped.BaseObject : input;
            if (value == null) return "A piped $null is not a key.";
            if (value is string text)
                return text.Length == 0 ? "A piped empty string is not a key." : Add(keys, text);
            var row = input as PSObject ?? PSObject.AsPSObject(input);
            var keyProperty = row.Properties["Key"];
            if (keyProperty == null)
            {
                if (IsScalarKey(value) || (value is IEnumerable && !(value is IDictionary)))
                    return FromKeyValue(value, keys, input, ofKeyProperty: false);
                return $"The piped object {Describe(input)} is not a key and has no Key property: pipe keys (strings), or objects with a Key property such as Get-MemcachedKey's.";
            }
            object? keyValue;
            try
            {
                keyValue = keyProperty.Value;
            }
            catch (GetValueException e)
            {
                return $"The Key property of {Describe(input)} could not be read: {e.Message}";
            }
            string? problem = FromKeyValue(keyValue, keys, input, ofKeyProperty: true);
            if (problem != null) return problem;
            var serverProperty = row.Properties["Server"] ?? row.Properties["ListedServer"];
            if (serverProperty != null)
            {
                object? named;
                try
                {
                    named = serverProperty.Value;
                }
                catch (GetValueException e)
                {
                    keys.Clear();
                    return $"The {serverProperty.Name} property of {Describe(input)} could not be read: {e.Message}";
                }
                if (named is PSObject w) named = w.BaseObject;
                // As binding converted it: a server that is not text (Server = 5) is looked up by its text and not found.
                if (named != null) server = named as string ?? LanguagePrimitives.ConvertTo<string>(named);
                if (string.IsNullOrEmpty(server)) server = null;
            }
            return null;
        }

        /// <summary>One key, or a collection of keys (each a string, integer or Guid: not a collection again).</summary>
        private static string? FromKeyValue(object? value, List<string> keys, object? input, bool ofKeyProperty)
        {
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            if (!(value is string) && !(value is IDictionary) && value is IEnumerable items)
            {
                foreach (var item in items)
                {
                    string? problem = ScalarKey(item is PSObject w ? w.BaseObject : item, keys, input, ofKeyProperty, "holds");
                    if (problem != null)
                    {
                        keys.Clear();
                        return problem;
                    }
                }
                return keys.Count == 0 ? What(input, ofKeyProperty) + " is an empty collection, so it has no key." : null;
            }
            return ScalarKey(value, keys, input, ofKeyProperty, "is");
        }

        private static string? ScalarKey(object? value, List<string> keys, object? input, bool ofKeyProperty, string verb)
        {
            switch (value)
            {
                case null:
                    return $"{What(input, ofKeyProperty)} {verb} $null, which is not a key.";
                case string text:
                    return text.Length == 0 ? $"{What(input, ofKeyProperty)} {verb} an empty string, which is not a key." : Add(keys, text);
                default:
                    if (!IsScalarKey(value)) return $"{What(input, ofKeyProperty)} {verb} a {value.GetType().FullName}; a key is a string, an integer or a Guid.";
                    return Add(keys, value is char c ? c.ToString() : ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
            }
        }

        /// <summary>What a refusal is about, described only when refused: describing an object runs its ToString, too dear for every piped key.</summary>
        private static string What(object? input, bool ofKeyProperty) =>
            ofKeyProperty ? $"The Key property of {Describe(input)}" : $"The piped object {Describe(input)}";

        private static bool IsScalarKey(object value) =>
            value is char || value is sbyte || value is byte || value is short || value is ushort || value is int || value is uint ||
            value is long || value is ulong || value is System.Numerics.BigInteger || value is Guid;

        private static string? Add(List<string> keys, string key)
        {
            keys.Add(key);
            return null;
        }

        private static string Describe(object? input)
        {
            if (input == null) return "no piped object";
            string text;
            try
            {
                text = LanguagePrimitives.ConvertTo<string>(input is PSObject p && p.BaseObject is PSCustomObject ? p : input) ?? string.Empty;
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                text = input.GetType().Name;
            }
            return "'" + (text.Length > 80 ? text.Substring(0, 77) + "..." : text) + "'";
        }
    }
}
