using System;
using System.Collections.Generic;
using MemcachePS.Core;
using MemcachePS.Matching;

namespace MemcachePS.Sessions
{
    /// <summary>
    /// The named connections of one runspace and which one is the default (<see cref="RunspaceConnections"/> keeps one per
    /// runspace). Names are case-insensitive; registering a name
    /// again replaces the connection under it (the caller disposes the old one). The newest registration becomes the
    /// default; when the default is removed, the previous default still open takes over, like popping a stack.
    /// Thread-safe.
    /// </summary>
    internal sealed class ConnectionRegistry<T> where T : class
    {
        private readonly object _gate = new object();
        private readonly List<KeyValuePair<string, T>> _entries = new List<KeyValuePair<string, T>>();
        private readonly List<T> _defaults = new List<T>();

        public T? Default
        {
            get { lock (_gate) return _defaults.Count == 0 ? null : _defaults[_defaults.Count - 1]; }
        }

        public int Count
        {
            get { lock (_gate) return _entries.Count; }
        }

        /// <summary>Registers <paramref name="connection"/> under <paramref name="name"/> and makes it the default. Returns the connection it replaced, if any.</summary>
        public T? Register(string name, T connection)
        {
            if (string.IsNullOrWhiteSpace(name)) throw new MemcachedClientException("A connection name cannot be empty.");
            if (NamePattern.HasWildcards(name)) throw new MemcachedClientException($"A connection name cannot contain wildcard characters ('{name}').");
            if (connection == null) throw new ArgumentNullException(nameof(connection));
            lock (_gate)
            {
                T? replaced = null;
                int index = IndexOf(name);
                if (index >= 0)
                {
                    replaced = _entries[index].Value;
                    _entries.RemoveAt(index);
                    _defaults.RemoveAll(c => ReferenceEquals(c, replaced));
                }
                _entries.Add(new KeyValuePair<string, T>(name, connection));
                _defaults.Add(connection);
                return replaced;
            }
        }

        public void SetDefault(T connection)
        {
            lock (_gate)
            {
                if (!_entries.Exists(e => ReferenceEquals(e.Value, connection)))
                    throw new MemcachedClientException("Only a registered connection can be the default.");
                _defaults.RemoveAll(c => ReferenceEquals(c, connection));
                _defaults.Add(connection);
            }
        }

        public bool IsDefault(T connection) => ReferenceEquals(Default, connection);

        public bool Contains(T connection)
        {
            lock (_gate) return _entries.Exists(e => ReferenceEquals(e.Value, connection));
        }

        public T? Find(string name)
        {
            lock (_gate)
            {
                int index = IndexOf(name);
                return index < 0 ? null : _entries[index].Value;
            }
        }

        /// <summary>Connections whose name matches the wildcard pattern (all of them for null or empty), in registration order.</summary>
        public IReadOnlyList<T> Match(string? pattern)
        {
            var matcher = string.IsNullOrEmpty(pattern) ? null : NamePattern.Create(pattern!);
            lock (_gate)
            {
                var result = new List<T>();
                foreach (var e in _entries) if (matcher == null || matcher.IsMatch(e.Key)) result.Add(e.Value);
                return result;
            }
        }

        public IReadOnlyList<string> Names
        {
            get
            {
                lock (_gate) return _entries.ConvertAll(e => e.Key);
            }
        }

        /// <summary>Removes the connection; true when it was registered. If it was the default, the previous default takes over.</summary>
        public bool Remove(T connection)
        {
            lock (_gate)
            {
                int removed = _entries.RemoveAll(e => ReferenceEquals(e.Value, connection));
                _defaults.RemoveAll(c => ReferenceEquals(c, connection));
                return removed > 0;
            }
        }

        /// <summary>Removes every connection and returns them (to be disposed).</summary>
        public IReadOnlyList<T> Clear()
        {
            lock (_gate)
            {
                var all = _entries.ConvertAll(e => e.Value);
                _entries.Clear();
                _defaults.Clear();
                return all;
            }
        }

        private int IndexOf(string name) => _entries.FindIndex(e => string.Equals(e.Key, name, StringComparison.OrdinalIgnoreCase));
    }
}
