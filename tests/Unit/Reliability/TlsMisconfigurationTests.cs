using System;
using System.Diagnostics;
using System.Net.Security;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// What a caller is told when TLS is set up wrong on either side: each message says what happened and what to do.
    /// Real memcached -Z where it can show the case; a silent scripted server for the handshake timeout.
    /// </summary>
    public sealed class TlsMisconfigurationTests : IClassFixture<TestCertificates>
    {
        private readonly TestCertificates _certs;
        private readonly ITestOutputHelper _output;

        public TlsMisconfigurationTests(TestCertificates certs, ITestOutputHelper output)
        {
            _certs = certs;
            _output = output;
        }

        private MemcachedClientOptions Options(string address, Action<MemcachedClientOptions>? configure = null)
        {
            var options = new MemcachedClientOptions
            {
                UseTls = true,
                CaCertificateFile = _certs.CaFile,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                OperationTimeout = TimeSpan.FromSeconds(5),
            }.AddServer(address);
            configure?.Invoke(options);
            return options;
        }

        private T Caught<T>(Func<object?> call) where T : Exception
        {
            var e = Assert.ThrowsAny<T>(() => call());
            _output.WriteLine($"{e.GetType().Name}: {e.Message}");
            return e;
        }

        [Fact]
        public void A_CA_signed_certificate_only_for_client_authentication_is_refused_as_a_server_certificate()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("client-only"));
            using var client = new MemcachedClient(Options(server.Address));

            var e = Caught<MemcachedTlsException>(() => client.Get("k"));

            Assert.Contains("not valid for server authentication", e.Message);
            Assert.Contains("1.3.6.1.5.5.7.3.1", e.Message);
            Assert.True(e.PolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors));
        }

        [Fact]
        public async Task The_async_path_refuses_a_client_authentication_certificate_too()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("client-only"));
            using var client = new MemcachedClient(Options(server.Address));

            var e = await Assert.ThrowsAsync<MemcachedTlsException>(() => client.GetAsync("k"));

            Assert.Contains("not valid for server authentication", e.Message);
        }

        [Fact]
        public void A_server_that_requires_a_client_certificate_says_so_when_none_is_given()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server", "ssl_verify_mode=2", $"ssl_ca_cert={_certs.CaFile}"));
            using var client = new MemcachedClient(Options(server.Address));

            var e = Caught<MemcachedConnectionException>(() => client.Set("k", new byte[] { 1 }));

            Assert.IsType<MemcachedTlsException>(e);
            Assert.Contains("client certificate", e.Message);
            Assert.Contains("ClientCertificate", e.Message);
        }

        [Fact]
        public async Task The_async_path_says_the_same_of_a_missing_client_certificate()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server", "ssl_verify_mode=2", $"ssl_ca_cert={_certs.CaFile}"));
            using var client = new MemcachedClient(Options(server.Address));

            var e = await Assert.ThrowsAsync<MemcachedTlsException>(() => client.SetAsync("k", new byte[] { 1 }));

            Assert.Contains("ClientCertificate", e.Message);
        }

        [Fact]
        public void A_plain_client_answered_with_a_TLS_record_is_told_to_use_TLS()
        {
            // A TLS server that answers the plain "stats settings" with a TLS alert record instead of closing.
            using var server = FakeServer.WithScripts(async c =>
            {
                await c.ReadLineAsync();
                await c.WriteAsync(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46 });
                await c.SwallowAsync();
            });
            using var client = new MemcachedClient(new MemcachedClientOptions { OperationTimeout = TimeSpan.FromSeconds(5), ServerFailureLimit = 10 }.AddServer(server.Address));

            var e = Caught<MemcachedProtocolException>(() => client.Get("k"));

            Assert.Contains("answered in TLS", e.Message);
            Assert.Contains("UseTls", e.Message);
        }

        [Fact]
        public void A_plain_client_on_a_TLS_port_is_told_to_use_TLS()
        {
            using var server = MemcachedProcess.Start(_certs.ServerArgs("server"));
            using var client = new MemcachedClient(new MemcachedClientOptions
            {
                ConnectTimeout = TimeSpan.FromSeconds(3),
                OperationTimeout = TimeSpan.FromSeconds(3),
            }.AddServer(server.Address));

            var watch = Stopwatch.StartNew();
            var e = Caught<MemcachedException>(() => client.Get("k"));

            Assert.Contains("UseTls", e.Message);
            Assert.Contains("TLS", e.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        }

        [Fact]
        public void A_TLS_client_on_a_plain_port_is_told_the_server_does_not_speak_TLS()
        {
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(Options(server.Address, o =>
            {
                o.ConnectTimeout = TimeSpan.FromSeconds(3);
                o.OperationTimeout = TimeSpan.FromSeconds(3);
            }));

            var e = Caught<MemcachedConnectionException>(() => client.Get("k"));

            Assert.IsType<MemcachedTlsException>(e);
            Assert.Contains("does not speak TLS", e.Message);
            Assert.Contains("-Z", e.Message);
        }

        [Fact]
        public void A_TLS_handshake_the_server_never_answers_ends_at_the_timeout_and_says_it_was_the_TLS_handshake()
        {
            using var server = FakeServer.WithScripts(c => c.SwallowAsync());
            using var client = new MemcachedClient(Options(server.Address, o =>
            {
                o.ConnectTimeout = TimeSpan.FromMilliseconds(600);
                o.OperationTimeout = TimeSpan.FromSeconds(5);
            }));

            var watch = Stopwatch.StartNew();
            var e = Caught<MemcachedTimeoutException>(() => client.Get("k"));

            Assert.Contains("TLS handshake", e.Message);
            Assert.Contains("600 ms", e.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
        }

        [Fact]
        public async Task The_async_TLS_handshake_timeout_says_the_same()
        {
            using var server = FakeServer.WithScripts(c => c.SwallowAsync());
            using var client = new MemcachedClient(Options(server.Address, o =>
            {
                o.ConnectTimeout = TimeSpan.FromMilliseconds(600);
                o.OperationTimeout = TimeSpan.FromSeconds(5);
            }));

            var e = await Assert.ThrowsAsync<MemcachedTimeoutException>(() => client.GetAsync("k"));
            _output.WriteLine(e.Message);

            Assert.Contains("TLS handshake", e.Message);
        }
    }
}
