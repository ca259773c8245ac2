using System.Collections.Generic;

namespace MemcachePS.Core.Values
{
    /// <summary>
    /// How a host sees objects: PowerShell wraps values in PSObject and builds property bags (PSCustomObject) that are
    /// neither dictionaries nor plain .NET types. The module supplies an adapter; Core's conversion rules stay host-free.
    /// </summary>
    public interface IObjectAdapter
    {
        /// <summary>The value inside a host wrapper (PSObject's BaseObject), or the value itself.</summary>
        object? Unwrap(object? value);

        /// <summary>The name/value pairs of a property bag (PSCustomObject), in declaration order; false for anything else.</summary>
        bool TryGetProperties(object value, out IEnumerable<KeyValuePair<string, object?>> properties);
    }
}
