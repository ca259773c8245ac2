using System;

namespace MemcachePS.Core
{
    /// <summary>Base of every error MemcachePS.Core raises. Per-item outcomes (miss, not stored, exists) are results, not exceptions.</summary>
    public class MemcachedException : Exception
    {
        public MemcachedException(string message) : base(message) { }
        public MemcachedException(string message, Exception? inner) : base(message, inner) { }

        /// <summary>The server ("host:port" or unix path) the error concerns, when there is one.</summary>
        public string? Server { get; set; }
    }

    /// <summary>The caller asked for something that cannot be sent: an illegal key, a value over the size limit, a bad option.</summary>
    public class MemcachedClientException : MemcachedException
    {
        public MemcachedClientException(string message) : base(message) { }
        public MemcachedClientException(string message, Exception? inner) : base(message, inner) { }
    }

    /// <summary>The server answered <c>SERVER_ERROR</c> or <c>CLIENT_ERROR</c>; the connection stays usable.</summary>
    public class MemcachedServerException : MemcachedException
    {
        public MemcachedServerException(string message) : base(message) { }
    }

    /// <summary>The server could not be reached, or the connection broke.</summary>
    public class MemcachedConnectionException : MemcachedException
    {
        public MemcachedConnectionException(string message) : base(message) { }
        public MemcachedConnectionException(string message, Exception? inner) : base(message, inner) { }
    }

    /// <summary>A connect or an operation did not complete within its configured time.</summary>
    public class MemcachedTimeoutException : MemcachedConnectionException
    {
        public MemcachedTimeoutException(string message) : base(message) { }
        public MemcachedTimeoutException(string message, Exception? inner) : base(message, inner) { }
    }

    /// <summary>The server sent bytes that are not a valid reply; the connection that read them is discarded.</summary>
    public class MemcachedProtocolException : MemcachedException
    {
        public MemcachedProtocolException(string message) : base(message) { }
    }

    /// <summary>The server refused the credentials, or requires credentials that were not given.</summary>
    public class MemcachedAuthenticationException : MemcachedException
    {
        public MemcachedAuthenticationException(string message) : base(message) { }
    }
}
