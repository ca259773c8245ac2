using System;
using System.Linq;
using System.Net.Security;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>TLS against memcached started with -Z, on certificates made for the test by openssl.</summary>
    public sealed class TlsTests : IClassFixture<TestCertificates>
    {
        private readonly TestCertificates _certs;

        public TlsTests(TestCertificates certs) => _certs = certs;

        private MemcachedClientOptions TlsOptions(MemcachedProcess server, Action<MemcachedClientOptions>? configure = null)
        {
            var options = new MemcachedClientOptions
            {
                UseTls = true,
                CaCertificateFile = _certs.CaFile,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                OperationTimeout = TimeSpan.FromSeconds(5),
            }.AddServer(server.Address);
            configure?.Invoke(options);
            return options;
        }

        [Fact]
        public void Handshake_with_the_CA_file_works_and_items_round_trip_on_the_sync_path()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server"));
            using var client = new MemcachedClient(TlsOptions(server));

            Assert.True(client.Set("tls-key", Encoding.UTF8.GetBytes("over tls")).IsStored);
            Assert.Equal("over tls", Encoding.UTF8.GetString(client.Get("tls-key")!.Value));
        }

        [Fact]
        public async Task Handshake_with_the_CA_file_works_on_the_async_path_and_for_batches()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server"));
            using var client = new MemcachedClient(TlsOptions(server));

            var keys = Enumerable.Range(0, 1000).Select(i => "tls-batch-" + i).ToArray();
            var stored = await client.StoreManyAsync(keys.Select(k => StoreRequest.Raw(k, new ArraySegment<byte>(Encoding.UTF8.GetBytes("v:" + k)), 0)));
            Assert.All(stored, o => Assert.True(o.Result.IsStored, o.ToString()));

            var read = await client.GetManyAsync(keys);
            Assert.All(read, o => Assert.Equal("v:" + o.Key, Encoding.UTF8.GetString(o.Result!.Value)));
        }

        [Fact]
        public void Authentication_runs_inside_TLS_on_a_server_that_requires_both()
        {
            string authFile = _certs.PathOf("authfile");
            System.IO.File.WriteAllText(authFile, "alice:tls-and-password\n");
            var args = _certs.ServerArgs("server").Concat(new[] { "-Y", authFile }).ToArray();
            using var server = MemcachedProcess.Start(args);
            using var client = new MemcachedClient(TlsOptions(server, o => o.Credential = new MemcachedCredential("alice", "tls-and-password")));
            using var wrong = new MemcachedClient(TlsOptions(server, o => o.Credential = new MemcachedCredential("alice", "nope")));

            Assert.True(client.Set("k", "v").IsStored);
            Assert.Equal("v", client.GetValue("k"));
            Assert.Throws<MemcachedAuthenticationException>(() => wrong.Get("k"));
        }

        [Fact]
        public void A_DER_CA_file_is_accepted_as_well_as_PEM()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server"));
            using var client = new MemcachedClient(TlsOptions(server, o => o.CaCertificateFile = _certs.CaDerFile));

            Assert.StartsWith("1.", client.Version().Single().Result);
        }

        [Fact]
        public void A_TLS_connection_is_reused_from_the_pool_not_reopened_per_operation()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server"));
            using var client = new MemcachedClient(TlsOptions(server));
            client.Set("warm", new byte[] { 1 });
            long connections = TotalConnections(client);

            for (int i = 0; i < 50; i++) Assert.NotNull(client.Get("warm"));

            Assert.Equal(connections, TotalConnections(client));
            Assert.Equal(1, client.GetPoolStatistics(client.Servers[0]).Peak);
        }

        private static long TotalConnections(MemcachedClient client) =>
            client.Stats().Single().Result.GetInt64("total_connections");

        [Fact]
        public void A_certificate_for_another_host_name_is_refused_with_a_name_mismatch_error()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("wrong-host"));
            using var client = new MemcachedClient(TlsOptions(server));

            var e = Assert.Throws<MemcachedTlsException>(() => client.Get("k"));

            Assert.Contains("name mismatch", e.Message);
            Assert.Contains("wrong.example", e.Message);
            Assert.True(e.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
            Assert.IsAssignableFrom<MemcachedConnectionException>(e);
        }

        [Fact]
        public void TlsTargetHost_names_the_host_the_certificate_must_carry()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("wrong-host"));
            using var client = new MemcachedClient(TlsOptions(server, o => o.TlsTargetHost = "wrong.example"));

            Assert.True(client.Set("k", new byte[] { 7 }).IsStored);
        }

        [Fact]
        public void A_certificate_from_another_CA_is_refused_as_untrusted()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("untrusted"));
            using var client = new MemcachedClient(TlsOptions(server));

            var e = Assert.Throws<MemcachedTlsException>(() => client.Get("k"));

            Assert.Contains("untrusted CA", e.Message);
            Assert.Contains("Untrusted Test CA", e.Message);
        }

        [Fact]
        public async Task Without_a_CA_file_a_private_CA_is_refused_by_the_system_trust_store()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server"));
            using var client = new MemcachedClient(TlsOptions(server, o => o.CaCertificateFile = null));

            var e = await Assert.ThrowsAsync<MemcachedTlsException>(() => client.GetAsync("k"));

            Assert.Contains("is not trusted", e.Message);
            Assert.True(e.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors));
        }

        [Fact]
        public void SkipCertificateCheck_connects_to_a_server_with_an_untrusted_wrong_host_certificate()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("untrusted"));
            using var client = new MemcachedClient(TlsOptions(server, o =>
            {
                o.CaCertificateFile = null;
                o.TlsTargetHost = "not-the-name.example";
                o.SkipCertificateCheck = true;
            }));

            Assert.True(client.Set("k", new byte[] { 1 }).IsStored);
        }

        [Fact]
        public void Certificate_refusals_do_not_mark_the_server_dead_so_every_attempt_tells_the_real_cause()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("wrong-host"));
            using var client = new MemcachedClient(TlsOptions(server, o => o.ServerFailureLimit = 1));

            for (int i = 0; i < 3; i++) Assert.Throws<MemcachedTlsException>(() => client.Get("k"));

            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
        }

        [Fact]
        public void A_server_requiring_client_certificates_accepts_the_client_pfx_and_refuses_a_client_without_one()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server", "ssl_verify_mode=2", $"ssl_ca_cert={_certs.CaFile}"));

            using (var anonymous = new MemcachedClient(TlsOptions(server)))
                Assert.ThrowsAny<MemcachedConnectionException>(() => anonymous.Set("k", new byte[] { 1 }));

            var password = new SecureString();
            foreach (char c in TestCertificates.ClientPfxPassword) password.AppendChar(c);
            using var client = new MemcachedClient(TlsOptions(server, o =>
            {
                o.ClientCertificateFile = _certs.ClientPfx;
                o.ClientCertificatePassword = password;
            }));
            Assert.True(client.Set("k", new byte[] { 1 }).IsStored);
        }

        [Fact]
        public void A_wrong_client_certificate_password_fails_when_the_client_is_created()
        {
            var password = new SecureString();
            foreach (char c in "not-the-password") password.AppendChar(c);
            var options = new MemcachedClientOptions { UseTls = true, ClientCertificateFile = _certs.ClientPfx, ClientCertificatePassword = password }
                .AddServer("127.0.0.1:1");

            var e = Assert.Throws<MemcachedClientException>(() => new MemcachedClient(options));

            Assert.Contains("client certificate", e.Message);
            Assert.DoesNotContain("not-the-password", e.ToString());
        }

        [Fact]
        public void A_missing_CA_file_fails_when_the_client_is_created()
        {
            var options = new MemcachedClientOptions { UseTls = true, CaCertificateFile = _certs.PathOf("nope.pem") }.AddServer("127.0.0.1:1");

            var e = Assert.Throws<MemcachedClientException>(() => new MemcachedClient(options));

            Assert.Contains("nope.pem", e.Message);
        }

        [Fact]
        public void TLS_options_without_UseTls_are_refused_rather_than_silently_ignored()
        {
            var options = new MemcachedClientOptions { CaCertificateFile = _certs.CaFile }.AddServer("127.0.0.1:1");

            var e = Assert.Throws<MemcachedClientException>(() => new MemcachedClient(options));

            Assert.Contains("UseTls", e.Message);
        }

        [Fact]
        public void A_TLS_client_against_a_plain_server_fails_with_a_TLS_error_and_the_client_recovers_once_TLS_is_there()
        {
            using var plain = MemcachedProcess.Start();
            using var client = new MemcachedClient(TlsOptions(plain, o => o.ConnectTimeout = TimeSpan.FromSeconds(2)));

            Assert.ThrowsAny<MemcachedConnectionException>(() => client.Get("k"));

            plain.Kill();
            using var tls = MemcachedProcess.StartOnPort(plain.Port, _certs.ServerArgs("server"));
            Assert.Null(client.Get("k"));
        }
    }
}
