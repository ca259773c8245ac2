using System.Collections.Generic;
using System.Management.Automation;
using MemcachePS.Core.Values;

namespace MemcachePS.Values
{
    /// <summary>PowerShell's view of objects for Core's value conversion: PSObject is a wrapper, PSCustomObject a property bag.</summary>
    internal sealed class PowerShellObjectAdapter : IObjectAdapter
    {
        public static readonly PowerShellObjectAdapter Instance = new PowerShellObjectAdapter();

        public object? Unwrap(object? value)
        {
            // A PSCustomObject's base object carries none of its properties: keep the PSObject that has them.
            if (value is PSObject wrapped) return wrapped.BaseObject is PSCustomObject ? wrapped : wrapped.BaseObject;
            return value;
        }

        public bool TryGetProperties(object value, out IEnumerable<KeyValuePair<string, object?>> properties)
        {
            if (value is PSObject bag && bag.BaseObject is PSCustomObject)
            {
                properties = Properties(bag);
                return true;
            }
            properties = null!;
            return false;
        }

        private static IEnumerable<KeyValuePair<string, object?>> Properties(PSObject bag)
        {
            foreach (var property in bag.Properties)
            {
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    value = null; // a script property that throws stores as null rather than failing the item
                }
                yield return new KeyValuePair<string, object?>(property.Name, value);
            }
        }
    }
}
