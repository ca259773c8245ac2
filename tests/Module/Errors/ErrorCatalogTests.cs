using System;
using System.Management.Automation;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Errors;
using Xunit;

namespace MemcachePS.Tests.Module.Errors
{
    public class ErrorCatalogTests
    {
        /// <summary>Every Core exception, the id scripts match on, its category, and whether it ends the command.</summary>
        public static TheoryData<Exception, string, ErrorCategory, bool> CoreExceptions => new TheoryData<Exception, string, ErrorCategory, bool>
        {
            { new MemcachedClientException("refused before sending"), "InvalidRequest", ErrorCategory.InvalidArgument, false },
            { new MemcachedServerException("SERVER_ERROR busy"), "ServerError", ErrorCategory.ResourceUnavailable, false },
            { new MemcachedConnectionException("refused"), "ConnectionFailed", ErrorCategory.ConnectionError, false },
            { new MemcachedTimeoutException("slow"), "OperationTimeout", ErrorCategory.OperationTimeout, false },
            { new MemcachedServerDeadException(new ServerAddress("h", 1), DateTime.UtcNow), "ServerDead", ErrorCategory.ResourceUnavailable, false },
            { new MemcachedProtocolException("garbage"), "ProtocolError", ErrorCategory.ProtocolError, false },
            { new MemcachedAuthenticationException("denied"), "AuthenticationFailed", ErrorCategory.AuthenticationError, true },
            { new MemcachedTlsException("untrusted", System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors), "TlsFailed", ErrorCategory.SecurityError, true },
            { new MemcachePS.Core.Serialization.MemcachedSerializationException("not UTF-8"), "SerializationFailed", ErrorCategory.InvalidData, false },
            { new ObjectDisposedException("MemcachedClient"), "ConnectionClosed", ErrorCategory.InvalidOperation, true },
            { new InvalidOperationException("a bug"), "UnexpectedError", ErrorCategory.NotSpecified, false },
        };

        [Theory]
        [MemberData(nameof(CoreExceptions))]
        public void Each_Core_exception_has_its_id_category_and_reach(Exception exception, string id, ErrorCategory category, bool terminating)
        {
            var error = ErrorCatalog.ForException(exception);

            Assert.Equal(id, error.ErrorId);
            Assert.Equal(category, error.Category);
            Assert.Equal(terminating, error.IsTerminating);
            Assert.Same(exception, error.Exception);
        }

        [Fact]
        public void A_miss_is_ItemNotFound_in_ObjectNotFound()
        {
            var error = ErrorCatalog.Miss("k", "h:1");

            Assert.Equal("ItemNotFound", error.ErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.Category);
            Assert.Equal("k", error.Key);
            Assert.False(error.IsTerminating);
        }

        [Theory]
        [InlineData(StoreStatus.NotStored, StoreMode.Add, "ItemExists", ErrorCategory.ResourceExists)]
        [InlineData(StoreStatus.NotStored, StoreMode.Replace, "ItemNotFound", ErrorCategory.ObjectNotFound)]
        [InlineData(StoreStatus.NotStored, StoreMode.Append, "ItemNotFound", ErrorCategory.ObjectNotFound)]
        [InlineData(StoreStatus.NotStored, StoreMode.Prepend, "ItemNotFound", ErrorCategory.ObjectNotFound)]
        [InlineData(StoreStatus.NotStored, StoreMode.Set, "ItemNotStored", ErrorCategory.WriteError)]
        [InlineData(StoreStatus.Exists, StoreMode.Set, "CasMismatch", ErrorCategory.InvalidOperation)]
        [InlineData(StoreStatus.NotFound, StoreMode.Set, "ItemNotFound", ErrorCategory.ObjectNotFound)]
        public void Store_statuses_map_to_distinct_ids(StoreStatus status, StoreMode mode, string id, ErrorCategory category)
        {
            var error = ErrorCatalog.ForStore(status, mode, "k", 5)!;

            Assert.Equal(id, error.ErrorId);
            Assert.Equal(category, error.Category);
            Assert.False(error.IsTerminating);
        }

        [Fact]
        public void Stored_is_no_error()
        {
            Assert.Null(ErrorCatalog.ForStore(StoreStatus.Stored, StoreMode.Add, "k", 0));
        }

        [Fact]
        public void Connection_failures_are_per_item_ConnectionError()
        {
            var error = ErrorCatalog.ForException(new MemcachedConnectionException("refused") { Server = "h:1" }, "k");

            Assert.Equal("ConnectionFailed", error.ErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, error.Category);
            Assert.Equal("h:1", error.Server);
            Assert.False(error.IsTerminating);
        }

        [Fact]
        public void Timeouts_dead_servers_and_protocol_errors_have_their_own_ids()
        {
            var timeout = ErrorCatalog.ForException(new MemcachedTimeoutException("slow"));
            var dead = ErrorCatalog.ForException(new MemcachedServerDeadException(new ServerAddress("h", 1), DateTime.UtcNow));
            var protocol = ErrorCatalog.ForException(new MemcachedProtocolException("garbage"));

            Assert.Equal(("OperationTimeout", ErrorCategory.OperationTimeout), (timeout.ErrorId, timeout.Category));
            Assert.Equal(("ServerDead", ErrorCategory.ResourceUnavailable), (dead.ErrorId, dead.Category));
            Assert.Equal(("ProtocolError", ErrorCategory.ProtocolError), (protocol.ErrorId, protocol.Category));
        }

        [Fact]
        public void Authentication_failures_end_the_command()
        {
            var error = ErrorCatalog.ForException(new MemcachedAuthenticationException("denied"));

            Assert.Equal("AuthenticationFailed", error.ErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.Category);
            Assert.True(error.IsTerminating);
        }

        [Fact]
        public void A_refused_certificate_is_TlsFailed_and_ends_the_command()
        {
            var error = ErrorCatalog.ForException(new MemcachedTlsException("untrusted", System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));

            Assert.Equal("TlsFailed", error.ErrorId);
            Assert.Equal(ErrorCategory.SecurityError, error.Category);
            Assert.True(error.IsTerminating);
        }

        [Fact]
        public void An_illegal_key_is_InvalidKey()
        {
            var error = ErrorCatalog.ForException(new MemcachedClientException("Key 'a b' contains a space"), "a b");

            Assert.Equal("InvalidKey", error.ErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
        }

        [Fact]
        public void A_key_too_long_only_with_the_prefix_is_InvalidKey()
        {
            string key = new string('k', 245);
            var error = ErrorCatalog.ForException(new MemcachedClientException("too long with its prefix"), key, keyPrefix: "prefix:");

            Assert.Equal("InvalidKey", error.ErrorId);
        }

        [Fact]
        public void A_value_over_item_size_max_is_ValueTooLarge()
        {
            var error = ErrorCatalog.ForException(
                new MemcachedClientException("The value for 'k' is 2000000 bytes; h:1 accepts items of at most 1048576 bytes (item_size_max)."), "k");

            Assert.Equal("ValueTooLarge", error.ErrorId);
            Assert.Equal(ErrorCategory.LimitsExceeded, error.Category);
        }

        [Fact]
        public void Incrementing_text_is_CounterNotNumeric()
        {
            var error = ErrorCatalog.ForException(new MemcachedServerException("CLIENT_ERROR cannot increment or decrement non-numeric value"), "k");

            Assert.Equal("CounterNotNumeric", error.ErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.Category);
        }

        [Fact]
        public void A_value_that_cannot_be_encoded_or_decoded_is_SerializationFailed()
        {
            var error = ErrorCatalog.ForException(new MemcachePS.Core.Serialization.MemcachedSerializationException("not valid UTF-8"), "k");

            Assert.Equal("SerializationFailed", error.ErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.Category);
            Assert.False(error.IsTerminating);
        }

        [Fact]
        public void Other_server_errors_are_ServerError()
        {
            var error = ErrorCatalog.ForException(new MemcachedServerException("SERVER_ERROR out of memory storing object"), "k");

            Assert.Equal("ServerError", error.ErrorId);
            Assert.Equal(ErrorCategory.ResourceUnavailable, error.Category);
        }

        [Fact]
        public void A_disposed_connection_is_ConnectionClosed_and_ends_the_command()
        {
            var error = ErrorCatalog.ForException(new ObjectDisposedException("MemcachedClient"));

            Assert.Equal("ConnectionClosed", error.ErrorId);
            Assert.True(error.IsTerminating);
        }

        [Fact]
        public void Having_no_connection_ends_the_command_and_says_to_run_Connect_Memcached()
        {
            var error = ErrorCatalog.NoDefaultConnection();

            Assert.Equal("NoConnection", error.ErrorId);
            Assert.True(error.IsTerminating);
            Assert.Contains("Connect-Memcached", error.Message);
        }

        [Fact]
        public void A_bad_server_string_ends_the_command()
        {
            var error = ErrorCatalog.BadServerAddress("host:99999", "not a port");

            Assert.Equal("InvalidServerAddress", error.ErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.Category);
            Assert.True(error.IsTerminating);
        }

        [Fact]
        public void A_missing_counter_says_how_to_create_it()
        {
            var error = ErrorCatalog.CounterMiss("hits");

            Assert.Equal("ItemNotFound", error.ErrorId);
            Assert.Contains("initial value", error.Message);
        }
    }
}
