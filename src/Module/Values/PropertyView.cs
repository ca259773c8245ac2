using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;

namespace MemcachePS.Values
{
    /// <summary>
    /// The properties of piped objects as <c>PSObject.Properties</c> gives them, at a fraction of its cost for objects of
    /// one shape: 50,000 CSV rows through Set-MemcachedItem spent more time in PowerShell's integrating member collection
    /// (which builds the psextended/psbase member sets and consults the type table on every enumeration and every
    /// missed name) than in everything else the cmdlet does.
    /// </summary>
    /// <remarks>
    /// An object's own (instance) members are its whole property view when no type data (Update-TypeData, types.ps1xml)
    /// and no adapted .NET property adds to them, as for the PSCustomObjects Import-Csv, ConvertFrom-Json and
    /// [pscustomobject] make. That is checked, not assumed: the first object of each shape (its instance property names
    /// in order, and its type names) is read both ways, and only a shape whose two views have the same names in the same
    /// order is read the fast way afterwards; any other shape is read through <c>PSObject.Properties</c> every time. The
    /// instance members are reached through PowerShell's internal <c>PSObject.InstanceMembers</c> (the collection its own
    /// serializer reads); where that is missing the view always takes the public path. Not thread-safe: one per command
    /// invocation, so type data changed between commands is seen by the next one.
    /// </remarks>
    internal sealed class PropertyView
    {
        private const int MaxShapes = 16;

        /// <summary>
        /// The ordered dictionary behind PowerShell's internal PSObject.InstanceMembers (what its own serializer reads),
        /// read by position: the collection's enumerator copies its members into a new list under a lock for every
        /// object, which cost more per CSV row than the rest of the read.
        /// </summary>
        private static readonly Func<PSObject, OrderedDictionary>? OwnMembers = CompileOwnMembers();

        /// <summary>
        /// PSMemberInfo.IsHidden (PowerShell 5 and later; not in PowerShellStandard's reference): PowerShell hides the
        /// pstypenames property it adds to an object once its members were listed, and so does its property view. Where
        /// it cannot be read, an object with a hidden member is simply a shape read the public way.
        /// </summary>
        private static readonly Func<PSMemberInfo, bool>? IsHidden = CompileIsHidden();

        /// <summary>
        /// PowerShell's internal InternalTypeNames, which objects of one type share; the public TypeNames makes a private
        /// copy of them for every object it is asked about (to let the caller change them).
        /// </summary>
        private static readonly Func<PSObject, Collection<string>> TypeNamesOf =
            Internal<Func<PSObject, Collection<string>>>("InternalTypeNames", typeof(Collection<string>)) ?? (bag => bag.TypeNames);

        private readonly List<Shape> _shapes = new List<Shape>();
        private readonly List<List<PSPropertyInfo>> _lists = new List<List<PSPropertyInfo>>();
        private readonly List<PSObject?> _listOf = new List<PSObject?>();
        private int _nextSlot;

        /// <summary>
        /// A list of <paramref name="bag"/>'s properties in PSObject.Properties' order, valid until the next
        /// <see cref="Read"/> with the same <paramref name="level"/> (nested objects read at their own level).
        /// </summary>
        public List<PSPropertyInfo> Read(PSObject bag, int level = 0)
        {
            while (_lists.Count <= level)
            {
                _lists.Add(new List<PSPropertyInfo>());
                _listOf.Add(null);
            }
            var into = _lists[level];
            // The same object again at its level since the last Forget: a command reads a record's properties for its
            // key and lifetime, then the value's encoding reads them again.
            if (ReferenceEquals(_listOf[level], bag)) return into;
            _listOf[level] = bag;
            into.Clear();
            if (level == 0) LastShape = null;
            if (OwnMembers != null && ReadOwn(bag, into) && Vouched(bag, into, out var shape))
            {
                if (level == 0) LastShape = shape;
                return into;
            }
            into.Clear();
            foreach (var property in bag.Properties) into.Add(property);
            return into;
        }

        /// <summary>The object's own visible properties, in order; false when they could not be read that way.</summary>
        private static bool ReadOwn(PSObject bag, List<PSPropertyInfo> into)
        {
            try
            {
                var members = OwnMembers!(bag);
                int count = members.Count;
                for (int i = 0; i < count; i++)
                    if (members[i] is PSPropertyInfo property && !(IsHidden?.Invoke(property) ?? false)) into.Add(property);
                return true;
            }
            catch (Exception e) when (e is InvalidOperationException || e is ArgumentException || e is NullReferenceException)
            {
                into.Clear(); // changed while read (another thread adding members): the public path decides
                return false;
            }
        }

        /// <summary>
        /// The shape of the object last read at level 0 when it was read the fast way: objects of one shape list the same
        /// properties at the same positions, so a command can find a property's position once per shape. Null otherwise.
        /// </summary>
        public object? LastShape { get; private set; }

        /// <summary>Reads every object afresh from now on (a command calls it for each record: its properties may have changed).</summary>
        public void Forget()
        {
            for (int i = 0; i < _listOf.Count; i++) _listOf[i] = null;
        }

        /// <summary>The property named <paramref name="name"/> (any case) in a list <see cref="Read"/> gave, as PSObject.Properties[name] finds it.</summary>
        public static PSPropertyInfo? Find(List<PSPropertyInfo> properties, string name)
        {
            int at = IndexOf(properties, name);
            return at < 0 ? null : properties[at];
        }

        /// <summary>Where <see cref="Find"/> finds <paramref name="name"/> in <paramref name="properties"/>; -1 when it is not there.</summary>
        public static int IndexOf(List<PSPropertyInfo> properties, string name)
        {
            for (int i = 0; i < properties.Count; i++)
                if (string.Equals(properties[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }

        /// <summary>Whether the instance properties in <paramref name="own"/> are the whole view of <paramref name="bag"/>.</summary>
        private bool Vouched(PSObject bag, List<PSPropertyInfo> own, out object shape)
        {
            var typeNames = TypeNamesOf(bag);
            foreach (var known in _shapes)
                if (known.Matches(own, typeNames))
                {
                    shape = known;
                    return known.Vouched;
                }

            var names = new string[own.Count];
            for (int i = 0; i < names.Length; i++) names[i] = own[i].Name;
            var types = new string[typeNames.Count];
            typeNames.CopyTo(types, 0);
            bool vouched = true;
            int at = 0;
            foreach (var property in bag.Properties)
            {
                if (at >= names.Length || !string.Equals(property.Name, names[at], StringComparison.Ordinal))
                {
                    vouched = false;
                    break;
                }
                at++;
            }
            vouched &= at == names.Length;
            var added = new Shape(names, types, vouched);
            shape = added;
            if (_shapes.Count < MaxShapes) _shapes.Add(added);
            else
            {
                _shapes[_nextSlot] = added;
                _nextSlot = (_nextSlot + 1) % MaxShapes;
            }
            return vouched;
        }

        private static Func<PSMemberInfo, bool>? CompileIsHidden()
        {
            var getter = typeof(PSMemberInfo).GetProperty("IsHidden", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.GetGetMethod(nonPublic: true);
            if (getter == null || getter.ReturnType != typeof(bool)) return null;
            try
            {
                return (Func<PSMemberInfo, bool>)Delegate.CreateDelegate(typeof(Func<PSMemberInfo, bool>), getter);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static Func<PSObject, OrderedDictionary>? CompileOwnMembers()
        {
            try
            {
                var instanceMembers = typeof(PSObject).GetProperty("InstanceMembers", BindingFlags.Instance | BindingFlags.NonPublic);
                var members = instanceMembers?.PropertyType.GetProperty("Members", BindingFlags.Instance | BindingFlags.NonPublic);
                if (members == null || members.PropertyType != typeof(OrderedDictionary)) return null;
                var bag = Expression.Parameter(typeof(PSObject), "bag");
                return Expression.Lambda<Func<PSObject, OrderedDictionary>>(Expression.Property(Expression.Property(bag, instanceMembers!), members), bag).Compile();
            }
            catch (Exception e) when (e is ArgumentException || e is InvalidOperationException || e is MemberAccessException || e is AmbiguousMatchException || e is NotSupportedException)
            {
                return null;
            }
        }

        /// <summary>A getter of PSObject's internal property <paramref name="name"/>, or null when this PowerShell has none of that type.</summary>
        private static T? Internal<T>(string name, Type returns) where T : Delegate
        {
            try
            {
                var getter = typeof(PSObject).GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic)?.GetGetMethod(nonPublic: true);
                if (getter == null || !returns.IsAssignableFrom(getter.ReturnType)) return null;
                return (T)Delegate.CreateDelegate(typeof(T), getter);
            }
            catch (Exception e) when (e is ArgumentException || e is MemberAccessException || e is AmbiguousMatchException)
            {
                return null;
            }
        }

        private sealed class Shape
        {
            private readonly string[] _names;
            private readonly string[] _typeNames;

            public Shape(string[] names, string[] typeNames, bool vouched)
            {
                _names = names;
                _typeNames = typeNames;
                Vouched = vouched;
            }

            public bool Vouched { get; }

            public bool Matches(List<PSPropertyInfo> own, Collection<string> typeNames)
            {
                if (own.Count != _names.Length) return false;
                for (int i = 0; i < _names.Length; i++)
                    if (!string.Equals(own[i].Name, _names[i], StringComparison.Ordinal)) return false;
                if (typeNames.Count != _typeNames.Length) return false;
                for (int i = 0; i < _typeNames.Length; i++)
                    if (!string.Equals(typeNames[i], _typeNames[i], StringComparison.Ordinal)) return false;
                return true;
            }
        }
    }
}
