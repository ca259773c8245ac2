using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Sessions;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    public class ConnectCheckTests
    {
        private static readonly ServerAddress A = new ServerAddress("a", 11211);
        private static readonly ServerAddress B = new ServerAddress("b", 11211);

        [Fact]
        public void Every_server_answering_keeps_the_connection_without_warnings()
        {
            var check = ConnectCheck.Evaluate("c", new[] { new ServerResult<string>(A, "1.6.18"), new ServerResult<string>(B, "1.6.18") }, ignoreErrors: false);

            Assert.Null(check.Failure);
            Assert.Empty(check.Warnings);
            Assert.Equal(2, check.Answered.Count);
        }

        [Fact]
        public void A_silent_server_among_answering_ones_is_a_warning()
        {
            var check = ConnectCheck.Evaluate("c", new[] { new ServerResult<string>(A, "1.6.18"), new ServerResult<string>(B, new MemcachedConnectionException("refused")) }, ignoreErrors: false);

            Assert.Null(check.Failure);
            Assert.Single(check.Warnings);
            Assert.Contains("b:11211", check.Warnings[0]);
        }

        [Fact]
        public void No_server_answering_ends_the_connect_with_ConnectionFailed()
        {
            var check = ConnectCheck.Evaluate("c", new[] { new ServerResult<string>(A, new MemcachedConnectionException("refused")) }, ignoreErrors: false);

            Assert.Equal("ConnectionFailed", check.Failure!.ErrorId);
            Assert.True(check.Failure.IsTerminating);
            Assert.Contains("-IgnoreErrors", check.Failure.Message);
        }

        [Fact]
        public void No_server_answering_is_only_a_warning_when_errors_are_ignored()
        {
            var check = ConnectCheck.Evaluate("c", new[] { new ServerResult<string>(A, new MemcachedTimeoutException("slow")) }, ignoreErrors: true);

            Assert.Null(check.Failure);
            Assert.Single(check.Warnings);
        }

        [Fact]
        public void Refused_credentials_end_the_connect_even_when_errors_are_ignored()
        {
            var check = ConnectCheck.Evaluate("c", new[] { new ServerResult<string>(A, "1.6.18"), new ServerResult<string>(B, new MemcachedAuthenticationException("denied")) }, ignoreErrors: true);

            Assert.Equal("AuthenticationFailed", check.Failure!.ErrorId);
        }
    }
}
