using System;
using System.Collections;
using System.Management.Automation;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// A timeout longer than the runtime can wait (about 24.8 days) ends Connect-Memcached with an error that names the
    /// parameter and the limit, instead of a raw ArgumentOutOfRangeException from deep inside.
    /// </summary>
    public sealed class ConnectTimeoutLimitTests
    {
        [Theory]
        [InlineData("Timeout", "OperationTimeout")]
        [InlineData("ConnectTimeout", "ConnectTimeout")]
        public void TimeSpan_MaxValue_is_refused_with_the_limit(string parameter, string option)
        {
            using var shell = new ModuleRunspace();
            string address = "127.0.0.1:" + MemcachedProcess.FreeTcpPort();

            var error = shell.Terminating("Connect-Memcached", new Hashtable { ["Server"] = new[] { address }, [parameter] = TimeSpan.MaxValue });

            Assert.StartsWith("InvalidRequest,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains(option, error.Exception.Message);
            Assert.Contains("24.20:31:23.647", error.Exception.Message);
            Assert.DoesNotContain("ArgumentOutOfRange", error.Exception.ToString());
        }
    }
}
