using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Security;
using MemcachePS.Core;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>A real memcached -S (SASL, binary protocol only) that holds the user alice, for the cmdlet tests.</summary>
    public sealed class SaslServerFixture : IDisposable
    {
        public const string User = "alice";
        public const string Password = "s3cret-Pw";

        public MemcachedProcess Server { get; } = MemcachedProcess.StartSasl(new[] { (User, Password) });

        public void Dispose() => Server.Dispose();
    }

    /// <summary>
    /// The cmdlets against memcached -S: Connect-Memcached -Credential with -Protocol Binary, and with Auto (which finds
    /// the SASL server by itself); Set / Get / Remove / Step / Stats through it; the clear-text warning; wrong and missing
    /// credentials as a terminating authentication error that names the user, never the password.
    /// </summary>
    public sealed class SaslConnectionTests : IClassFixture<SaslServerFixture>, IDisposable
    {
        private readonly SaslServerFixture _fixture;
        private readonly ModuleRunspace _shell = new ModuleRunspace();
        private readonly string _prefix = "sasl-" + Guid.NewGuid().ToString("N").Substring(0, 6) + "-";

        public SaslConnectionTests(SaslServerFixture fixture) => _fixture = fixture;

        public void Dispose() => _shell.Dispose();

        private static PSCredential Credential(string user, string password)
        {
            var secure = new SecureString();
            foreach (char c in password) secure.AppendChar(c);
            return new PSCredential(user, secure);
        }

        [Theory]
        [InlineData("Binary")]
        [InlineData("Auto")]
        public void Set_get_step_remove_and_stats_work_through_a_SASL_connection(string protocol)
        {
            var connect = _shell.Invoke("Connect-Memcached", new Hashtable
            {
                ["Server"] = new[] { _fixture.Server.Address },
                ["Credential"] = Credential(SaslServerFixture.User, SaslServerFixture.Password),
                ["Protocol"] = protocol,
            });
            Assert.Empty(connect.Errors);
            Assert.Contains("clear text", Assert.Single(connect.Warnings)); // plain TCP: the password crosses it as it is
            string key = _prefix + protocol;

            Assert.Empty(_shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = key, ["Value"] = "hello" }).Errors);
            var item = _shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = new[] { key } }).Single<MemcachePS.MemcachedItem>();
            Assert.Equal("hello", item.Value);
            var counter = _shell.Invoke("Step-MemcachedCounter", new Hashtable { ["Key"] = new[] { key + "-n" }, ["InitialValue"] = 10UL });
            Assert.Empty(counter.Errors);
            Assert.Equal(10UL, counter.Single<MemcachePS.MemcachedCounter>().Value);
            Assert.Equal(12UL, _shell.Invoke("Step-MemcachedCounter", new Hashtable { ["Key"] = new[] { key + "-n" }, ["By"] = 2UL }).Single<MemcachePS.MemcachedCounter>().Value);
            var many = _shell.Run("param($p) 1..300 | % { [pscustomobject]@{ Key = \"$p$_\"; Value = $_ } } | Set-MemcachedItem -PassThru | Get-MemcachedItem", new Hashtable { ["p"] = key + "-m" });
            Assert.Empty(many.Errors);
            Assert.Equal(300, many.Output.Count);
            Assert.Empty(_shell.Invoke("Remove-MemcachedItem", new Hashtable { ["Key"] = new[] { key } }).Errors);
            var gone = _shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = new[] { key } });
            Assert.StartsWith("ItemNotFound,", Assert.Single(gone.Errors).FullyQualifiedErrorId);
            var stats = _shell.Invoke("Get-MemcachedStats");
            Assert.Empty(stats.Errors);
            Assert.NotEmpty(stats.Output);
            Assert.Equal((long)_fixture.Server.ProcessId, Assert.IsType<MemcachePS.Core.Stats.GeneralStats>(Assert.Single(stats.Output).BaseObject).ProcessId);
            var settings = _shell.Invoke("Get-MemcachedStats", new Hashtable { ["Type"] = "Settings" });
            Assert.Empty(settings.Errors);
        }

        [Theory]
        [InlineData("Binary", "wrong-Pw-1", "refused the SASL PLAIN credentials of user 'alice'")]
        [InlineData("Auto", "wrong-Pw-1", "refused the SASL PLAIN credentials of user 'alice'")]
        [InlineData("Binary", null, "requires SASL authentication")]
        [InlineData("Auto", null, "requires SASL authentication")]
        public void Wrong_or_missing_credentials_fail_the_connect_with_an_authentication_error_that_hides_the_password(string protocol, string? password, string expected)
        {
            var parameters = new Hashtable { ["Server"] = new[] { _fixture.Server.Address }, ["Protocol"] = protocol };
            if (password != null) parameters["Credential"] = Credential(SaslServerFixture.User, password);
            var error = _shell.Terminating("Connect-Memcached", parameters);
            Assert.Contains(expected, error.Exception.Message);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            if (password != null) Assert.DoesNotContain(password, error.ToString() + error.Exception);
        }
    }
}
