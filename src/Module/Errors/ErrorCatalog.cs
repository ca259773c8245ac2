using System;
using System.Management.Automation;
using MemcachePS.Core;

namespace MemcachePS.Errors
{
    /// <summary>
    /// Every error the cmdlets report, with its stable id and category: per-key outcomes (miss, not stored, CAS
    /// conflict), Core exceptions, and setup problems. Scripts match on these ids, so they never change.
    /// </summary>
    internal static class ErrorCatalog
    {
        public const string ItemNotFound = "ItemNotFound";
        public const string ItemExists = "ItemExists";
        public const string CasMismatch = "CasMismatch";
        public const string ItemNotStored = "ItemNotStored";
        public const string InvalidKey = "InvalidKey";
        /// <summary>Set-MemcachedItem could not make a piped object's key: its -Key scriptblock failed or did not return one
        /// non-empty string, or its -KeyProperty is missing, $null, empty or not a string, integer or Guid; or an object piped
        /// into a key command names no key (PipedKey.FromPipedKeyObject).</summary>
        public const string KeyNotComputed = "KeyNotComputed";
        /// <summary>A piped object to a key command that got its keys on the command line (the id PowerShell's binder used).</summary>
        public const string InputObjectNotBound = "InputObjectNotBound";
        public const string ValueTooLarge = "ValueTooLarge";
        public const string InvalidRequest = "InvalidRequest";
        /// <summary>A lifetime, expiry time or flush delay memcached cannot hold: after 2038-01-19 03:14:07 UTC, or already past.</summary>
        public const string ExpirationOutOfRange = "ExpirationOutOfRange";
        /// <summary>A compare-and-swap sent to a server that keeps no CAS tokens (memcached -C).</summary>
        public const string CasDisabled = "CasDisabled";
        public const string ValueNotStorable = "ValueNotStorable";
        public const string ValueNotDecodable = "ValueNotDecodable";
        public const string SerializationFailed = "SerializationFailed";
        public const string CounterNotNumeric = "CounterNotNumeric";
        public const string ServerError = "ServerError";
        public const string ConnectionFailed = "ConnectionFailed";
        public const string OperationTimeout = "OperationTimeout";
        public const string ServerDead = "ServerDead";
        public const string ProtocolError = "ProtocolError";
        public const string AuthenticationFailed = "AuthenticationFailed";
        public const string TlsFailed = "TlsFailed";
        public const string NoConnection = "NoConnection";
        public const string ConnectionNotFound = "ConnectionNotFound";
        public const string ConnectionClosed = "ConnectionClosed";
        public const string InvalidServerAddress = "InvalidServerAddress";
        public const string ServerNotInConnection = "ServerNotInConnection";
        public const string UnexpectedError = "UnexpectedError";
        public const string JoinRefused = "JoinRefused";
        public const string CounterWrapped = "CounterWrapped";
        /// <summary>An item read with a lifetime that has run out by the time it was to be written: skipped, never written as "never expires".</summary>
        public const string ItemExpired = "ItemExpired";
        /// <summary>An item read over the classic or binary protocol (which carry no lifetime) to be written back without a lifetime given.</summary>
        public const string LifetimeUnknown = "LifetimeUnknown";
        /// <summary>A line of an import file that is not a record (or is cut off); the error names the line.</summary>
        public const string ImportLineMalformed = "ImportLineMalformed";
        /// <summary>An export or import file that cannot be opened, read or written.</summary>
        public const string FileFailed = "FileFailed";

        /// <summary>
        /// A Core exception as an error. <paramref name="keyPrefix"/> lets an illegal key be told apart from other
        /// refused input; authentication and TLS failures end the command (they are set-up problems that every other
        /// item would hit too), everything else concerns the item only.
        /// </summary>
        public static ErrorDescription ForException(Exception exception, string? key = null, string keyPrefix = "")
        {
            string? server = (exception as MemcachedException)?.Server;
            switch (exception)
            {
                case MemcachedAuthenticationException e:
                    return new ErrorDescription(AuthenticationFailed, ErrorCategory.AuthenticationError, e.Message, true, key, server, e);
                case MemcachedTlsException e:
                    return new ErrorDescription(TlsFailed, ErrorCategory.SecurityError, e.Message, true, key, server, e);
                case MemcachedServerDeadException e:
                    return new ErrorDescription(ServerDead, ErrorCategory.ResourceUnavailable, e.Message, false, key, server, e);
                case MemcachedTimeoutException e:
                    return new ErrorDescription(OperationTimeout, ErrorCategory.OperationTimeout, e.Message, false, key, server, e);
                case MemcachedConnectionException e:
                    return new ErrorDescription(ConnectionFailed, ErrorCategory.ConnectionError, e.Message, false, key, server, e);
                case MemcachedProtocolException e:
                    return new ErrorDescription(ProtocolError, ErrorCategory.ProtocolError, e.Message, false, key, server, e);
                case Core.Serialization.MemcachedSerializationException e:
                    return new ErrorDescription(SerializationFailed, ErrorCategory.InvalidData, e.Message, false, key, server, e);
                case MemcachedServerException e when IsNonNumericCounter(e.Message):
                    return new ErrorDescription(CounterNotNumeric, ErrorCategory.InvalidData,
                        key == null ? "The value is not a decimal counter." : $"The value of '{key}' is not a decimal counter, so it cannot be incremented or decremented.",
                        false, key, server, e);
                case MemcachedServerException e:
                    return new ErrorDescription(ServerError, ErrorCategory.ResourceUnavailable, e.Message, false, key, server, e);
                case MemcachedClientException e when key != null && !KeyValidator.IsValid(keyPrefix ?? string.Empty, key, false, out _):
                    return new ErrorDescription(InvalidKey, ErrorCategory.InvalidArgument, e.Message, false, key, server, e);
                case MemcachedClientException e when IsExpirationOutOfRange(e.Message):
                    return new ErrorDescription(ExpirationOutOfRange, ErrorCategory.InvalidArgument, e.Message, false, key, server, e);
                case MemcachedClientException e when e.Message.IndexOf("runs with CAS disabled", StringComparison.Ordinal) >= 0:
                    return new ErrorDescription(CasDisabled, ErrorCategory.InvalidOperation, e.Message, false, key, server, e);
                case MemcachedClientException e when e.Message.IndexOf("item_size_max", StringComparison.Ordinal) >= 0:
                    return new ErrorDescription(ValueTooLarge, ErrorCategory.LimitsExceeded, e.Message, false, key, server, e);
                case MemcachedClientException e:
                    return new ErrorDescription(InvalidRequest, ErrorCategory.InvalidArgument, e.Message, false, key, server, e);
                case ObjectDisposedException e:
                    return ClosedConnection(e);
                default:
                    return new ErrorDescription(UnexpectedError, ErrorCategory.NotSpecified, exception.Message, false, key, server, exception);
            }
        }

        /// <summary>What a write's status means for the caller: null when stored.</summary>
        public static ErrorDescription? ForStore(StoreStatus status, StoreMode mode, string key, ulong cas, string? server = null)
        {
            switch (status)
            {
                case StoreStatus.Stored:
                    return null;
                case StoreStatus.Exists:
                    return new ErrorDescription(CasMismatch, ErrorCategory.InvalidOperation,
                        $"'{key}' changed since CAS token {cas} was read; read it again and retry.", false, key, server);
                case StoreStatus.NotFound:
                    return new ErrorDescription(ItemNotFound, ErrorCategory.ObjectNotFound,
                        cas != 0 ? $"'{key}' does not exist (any more), so CAS token {cas} does not apply." : $"'{key}' does not exist.", false, key, server);
                case StoreStatus.NotStored when mode == StoreMode.Add:
                    return new ErrorDescription(ItemExists, ErrorCategory.ResourceExists,
                        $"'{key}' already exists; Add stores only keys that are absent (use -Mode Set to overwrite).", false, key, server);
                case StoreStatus.NotStored when mode == StoreMode.Replace || mode == StoreMode.Append || mode == StoreMode.Prepend:
                    return new ErrorDescription(ItemNotFound, ErrorCategory.ObjectNotFound,
                        $"'{key}' does not exist; {mode} works only on keys that are present.", false, key, server);
                default:
                    return new ErrorDescription(ItemNotStored, ErrorCategory.WriteError, $"'{key}' was not stored.", false, key, server);
            }
        }

        /// <summary>An increment that passed 2^64-1: memcached applied it and wrapped the counter to a small number.</summary>
        public static ErrorDescription CounterWrap(string key, ulong value, ulong by, string? server = null) =>
            new ErrorDescription(CounterWrapped, ErrorCategory.LimitsExceeded,
                $"'{key}' passed {ulong.MaxValue} when incremented by {by}, and memcached wrapped it: the counter now holds {value}.", false, key, server);

        /// <summary>An Append/Prepend that would leave bytes the item's flags cannot describe (see <c>JoinPiece</c>).</summary>
        public static ErrorDescription JoinRefusal(string key, string message, string? server = null, Exception? exception = null) =>
            new ErrorDescription(JoinRefused, ErrorCategory.InvalidOperation, message, false, key, server, exception);

        /// <summary>An Append/Prepend whose item changed between the check of its flags and the join: nothing was joined.</summary>
        public static ErrorDescription JoinRaced(string key, StoreMode mode, string? server = null) =>
            new ErrorDescription(CasMismatch, ErrorCategory.InvalidOperation,
                $"'{key}' changed between the check of its flags and the {mode}; nothing was joined. Run the command again.", false, key, server);

        /// <summary>
        /// NOT_STORED to an Append/Prepend whose item was there a moment before: memcached says that when the joined item
        /// would pass its item_size_max (or when the item went away in between), not only for a missing key.
        /// </summary>
        public static ErrorDescription JoinNotStored(string key, StoreMode mode, long joinedLength, string? server = null) =>
            new ErrorDescription(ItemNotStored, ErrorCategory.WriteError,
                $"'{key}' was not changed: the server refused the {mode} (NOT_STORED). The joined item would be {joinedLength:N0} bytes, " +
                "more than the server holds per item (item_size_max), unless the item was deleted or expired in between.", false, key, server);

        /// <summary>An item whose remaining lifetime ran out between its read and its write: not written (it would never expire).</summary>
        public static ErrorDescription Expired(string key, DateTime expired, string? server = null) =>
            new ErrorDescription(ItemExpired, ErrorCategory.ObjectNotFound,
                $"'{key}' was not written: its lifetime ran out at {expired:yyyy-MM-dd HH:mm:ss} UTC, after it was read. Give -TimeToLive or -ExpiresAt to write it anyway.",
                false, key, server);

        /// <summary>An item read over the classic or binary protocol, written back with no lifetime given: its lifetime is unknown, not "never".</summary>
        public static ErrorDescription UnknownLifetime(string key, string? server = null) =>
            new ErrorDescription(LifetimeUnknown, ErrorCategory.InvalidArgument,
                $"'{key}' was not written: it was read over the classic or binary protocol, which do not tell an item's lifetime, and writing it " +
                "without one would make it never expire. Give -TimeToLive (0 for never) or -ExpiresAt, or read it over the meta protocol.",
                false, key, server);

        /// <summary>A record of an import file that cannot be read; the message names the file and line.</summary>
        public static ErrorDescription MalformedLine(string path, long line, string message, bool terminating) =>
            new ErrorDescription(ImportLineMalformed, ErrorCategory.InvalidData, $"{path}: {message}", terminating, $"{path}:{line}");

        /// <summary>A file that cannot be opened, read or written: the command ends.</summary>
        public static ErrorDescription File(string path, Exception exception) =>
            new ErrorDescription(FileFailed, ErrorCategory.WriteError, $"{path}: {exception.Message}", true, path, null, exception);

        /// <summary>A key that is not in the cache (a read, delete or touch miss).</summary>
        public static ErrorDescription Miss(string key, string? server = null) =>
            new ErrorDescription(ItemNotFound, ErrorCategory.ObjectNotFound,
                server == null ? $"'{key}' was not found." : $"'{key}' was not found on {server}.", false, key, server);

        public static ErrorDescription CounterMiss(string key, string? server = null) =>
            new ErrorDescription(ItemNotFound, ErrorCategory.ObjectNotFound,
                $"The counter '{key}' was not found{(server == null ? "" : " on " + server)}; give an initial value to create missing counters.", false, key, server);

        public static ErrorDescription NotStorable(string key, Exception exception) =>
            new ErrorDescription(ValueNotStorable, ErrorCategory.InvalidType, exception.Message, false, key, null, exception);

        public static ErrorDescription NotDecodable(string key, string? server, Exception exception) =>
            new ErrorDescription(ValueNotDecodable, ErrorCategory.InvalidData,
                $"The value of '{key}' could not be decoded ({exception.Message}); read it with -AsByteArray.", false, key, server, exception);

        public static ErrorDescription NoDefaultConnection() =>
            new ErrorDescription(NoConnection, ErrorCategory.InvalidOperation,
                "There is no memcached connection in this runspace. Run Connect-Memcached first (Connect-Memcached -InMemory needs no server), " +
                "or pass -Connection (in ForEach-Object -Parallel or a thread job: -Connection $using:connection).", true);

        public static ErrorDescription UnknownConnection(string name) =>
            new ErrorDescription(ConnectionNotFound, ErrorCategory.ObjectNotFound,
                $"There is no memcached connection named '{name}' in this runspace. Get-MemcachedConnection lists the open ones.", false, name);

        public static ErrorDescription ClosedConnection(Exception? exception = null, string? name = null) =>
            new ErrorDescription(ConnectionClosed, ErrorCategory.InvalidOperation,
                $"The memcached connection{(name == null ? "" : " '" + name + "'")} was closed (by Disconnect-Memcached, or because the runspace " +
                "that made it removed the module or closed); connect again.", true, null, null, exception);

        public static ErrorDescription BadServerAddress(string text, string reason) =>
            new ErrorDescription(InvalidServerAddress, ErrorCategory.InvalidArgument, reason, true, text);

        public static ErrorDescription ServerNotConnected(string server, string connectionName) =>
            new ErrorDescription(ServerNotInConnection, ErrorCategory.InvalidArgument,
                $"'{server}' is not a server of the connection '{connectionName}'.", false, server);

        /// <summary>
        /// A piped object named a server (its Server property) that is not one of the connection's: the key is not sent,
        /// rather than placed by the connection's distribution on a server it was not listed on.
        /// </summary>
        public static ErrorDescription KeyServerNotConnected(string key, string server, string connectionName) =>
            new ErrorDescription(ServerNotInConnection, ErrorCategory.InvalidArgument,
                $"'{key}' came with the server '{server}', which is not a server of the connection '{connectionName}', so nothing was sent for it. " +
                "A key that names its server goes to that server only; use the connection the key was listed on, or pass the key alone to place it by the connection's distribution.",
                false, key, server);

        /// <summary>A piped object to a key command that got its keys with -Key: nothing binds it, as PowerShell's binder refused it.</summary>
        public static ErrorDescription PipedInputWithKeyGiven() =>
            new ErrorDescription(InputObjectNotBound, ErrorCategory.InvalidArgument,
                "-Key was given on the command line, so the piped input is not read as keys: give the keys one way, on the command line or through the pipeline.");

        /// <summary>A piped object that names no key (<see cref="Batching.PipedKey.FromPipedKeyObject"/> says why): nothing is sent for it.</summary>
        public static ErrorDescription PipedKeyRefused(string problem) =>
            new ErrorDescription(KeyNotComputed, ErrorCategory.InvalidArgument, problem);

        /// <summary>Core's refusals of an expiry memcached would answer with success and drop at once (see Core's Expiration).</summary>
        private static bool IsExpirationOutOfRange(string message) =>
            message.IndexOf("2038-01-19 03:14:07 UTC", StringComparison.Ordinal) >= 0 ||
            message.IndexOf("is not in the future", StringComparison.Ordinal) >= 0;

        /// <summary>
        /// <c>-Cas 0</c> given explicitly: 0 is no token (an item read from a memcached -C server, or without its token), and
        /// taking it as "no CAS" would overwrite blindly what the script meant to compare-and-swap.
        /// </summary>
        public static ErrorDescription NoCasToken(string key) =>
            new ErrorDescription(InvalidRequest, ErrorCategory.InvalidArgument,
                $"-Cas 0 is not a CAS token, so '{key}' was not written: items read from a server that keeps no CAS tokens (memcached -C) " +
                "carry Cas 0, and a compare-and-swap cannot be checked there. Omit -Cas to write unconditionally.", false, key);

        private static bool IsNonNumericCounter(string message) =>
            message.IndexOf("non-numeric", StringComparison.OrdinalIgnoreCase) >= 0 ||
            message.IndexOf("invalid numeric delta", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
