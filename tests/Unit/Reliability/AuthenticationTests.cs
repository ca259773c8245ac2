using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>memcached's ASCII authentication (-Y authfile) against a real server.</summary>
    public sealed class AuthenticationTests : IDisposable
    {
        private const string User = "alice";
        private const string Password = "s3cret-Pa55";
        private const string WrongPassword = "wr0ng-Pa55";
        private readonly string _authFile;
        private readonly MemcachedProcess _server;

        public AuthenticationTests()
        {
            _authFile = Path.Combine(Path.GetTempPath(), "mcps-auth-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            File.WriteAllText(_authFile, $"{User}:{Password}\nbob:other\n");
            _server = MemcachedProcess.Start("-Y", _authFile);
        }

        public void Dispose()
        {
            _server.Dispose();
            File.Delete(_authFile);
        }

        private MemcachedClient Client(string? user, string? password, ProtocolMode mode = ProtocolMode.Auto, string? address = null)
        {
            var options = new MemcachedClientOptions { Protocol = mode, ServerFailureLimit = 1 }.AddServer(address ?? _server.Address);
            if (user != null) options.Credential = new MemcachedCredential(user, password!);
            return new MemcachedClient(options);
        }

        /// <summary>A stat read through a raw socket that authenticates itself first.</summary>
        private long ServerStat(string name)
        {
            using var raw = new RawMemcached(_server.Port);
            Assert.Equal("STORED\r\n", raw.Send($"set x 0 0 {User.Length + 1 + Password.Length}\r\n{User} {Password}\r\n"));
            return raw.Stat(name);
        }

        [Theory]
        [InlineData(ProtocolMode.Auto)]
        [InlineData(ProtocolMode.Classic)]
        public void The_right_credentials_authenticate_each_new_connection_before_anything_else(ProtocolMode mode)
        {
            using var client = Client(User, Password, mode);

            Assert.True(client.Set("auth-key", "hello").IsStored);
            Assert.Equal("hello", client.GetValue("auth-key"));
            Assert.Equal(1, ServerStat("auth_cmds") - 1); // ours, then the raw socket's own
            Assert.Equal(0, ServerStat("auth_errors"));
        }

        [Fact]
        public async Task The_right_credentials_work_for_async_batches_over_several_connections()
        {
            using var client = Client(User, Password);
            var keys = Enumerable.Range(0, 500).Select(i => "auth-batch-" + i).ToArray();

            var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                client.StoreManyAsync(keys.Select(k => new StoreRequest(k, "v-" + k)))));
            var read = await client.GetManyAsync(keys);

            Assert.All(stores.SelectMany(s => s), o => Assert.True(o.Result.IsStored, o.ToString()));
            Assert.All(read, o => Assert.Equal("v-" + o.Key, Encoding.UTF8.GetString(o.Result!.Value)));
        }

        [Fact]
        public void A_wrong_password_is_one_clear_authentication_error_that_never_shows_the_password()
        {
            using var client = Client(User, WrongPassword);

            var e = Assert.Throws<MemcachedAuthenticationException>(() => client.Get("k"));

            Assert.Contains("refused the credentials of user 'alice'", e.Message);
            Assert.DoesNotContain(WrongPassword, e.ToString());
            Assert.DoesNotContain(WrongPassword, client.Options.Credential!.ToString());
            Assert.Equal(1, ServerStat("auth_errors")); // one attempt, no retry loop
        }

        [Fact]
        public void Authentication_failures_do_not_mark_the_server_dead_nor_leave_connections_open()
        {
            using var client = Client(User, WrongPassword); // ServerFailureLimit = 1: one connection failure would kill it

            for (int i = 0; i < 3; i++) Assert.Throws<MemcachedAuthenticationException>(() => client.Set("k", "v"));

            Assert.Null(client.GetDeadUntil(client.Servers[0]));
            Assert.Equal(0, client.GetPoolStatistics(client.Servers[0]).Open);
            Assert.Equal(3, ServerStat("auth_errors")); // exactly one attempt per call
        }

        [Fact]
        public void A_multi_key_call_with_a_wrong_password_reports_the_authentication_error_on_every_key_after_one_attempt()
        {
            using var client = Client(User, WrongPassword);

            var outcomes = client.GetMany(Enumerable.Range(0, 100).Select(i => "k" + i));

            Assert.All(outcomes, o => Assert.IsType<MemcachedAuthenticationException>(o.Error));
            Assert.Equal(1, ServerStat("auth_errors"));
        }

        [Fact]
        public async Task Missing_credentials_give_a_clear_authentication_required_error()
        {
            using var client = Client(null, null);

            var e = await Assert.ThrowsAsync<MemcachedAuthenticationException>(() => client.GetAsync("k"));

            Assert.Contains("requires authentication", e.Message);
            Assert.Null(client.GetDeadUntil(client.Servers[0]));
        }

        [Fact]
        public void Credentials_are_never_sent_to_a_server_that_does_not_ask_for_them()
        {
            using var open = MemcachedProcess.Start();
            using var client = Client(User, Password, address: open.Address);

            Assert.True(client.Set("k", "v").IsStored);

            using var raw = new RawMemcached(open.Port);
            Assert.Equal(1, raw.Stat("cmd_set")); // our set only: no "set <key> … user password" stored the password
            Assert.Equal(1, raw.Stat("curr_items"));
        }

        [Theory]
        [InlineData("al ice", "pw")]
        [InlineData("al:ice", "pw")]
        [InlineData("alice", "pass word")]
        [InlineData("alice", "pass\r\nword")]
        [InlineData("alice", "")]
        public void Credentials_memcached_cannot_carry_are_refused_when_the_client_is_created(string user, string password)
        {
            var options = new MemcachedClientOptions { Credential = new MemcachedCredential(user, password) }.AddServer(_server.Address);

            var e = Assert.Throws<MemcachedClientException>(() => new MemcachedClient(options));

            if (password.Length > 2) Assert.DoesNotContain(password, e.Message);
        }
    
        [Fact]
        public void A_password_with_an_unpaired_surrogate_is_refused_not_sent_as_a_replacement_character()
        {
            // Built here, not in InlineData: xunit's serialization of theory data turns a lone surrogate into U+FFFD.
            string password = "pass" + (char)0xD800 + "word";
            var options = new MemcachedClientOptions { Credential = new MemcachedCredential(User, password) }.AddServer(_server.Address);

            var e = Assert.Throws<MemcachedClientException>(() => new MemcachedClient(options));

            Assert.Contains("unpaired surrogate", e.Message);
        }

        [Fact]
        public void A_credential_shows_its_user_name_and_password_length_only()
        {
            var secure = new System.Security.SecureString();
            foreach (char c in Password) secure.AppendChar(c);
            var credential = new MemcachedCredential(User, secure);
            secure.Dispose(); // the credential keeps its own copy

            var shown = typeof(MemcachedCredential).GetProperties().Select(p => $"{p.Name}={p.GetValue(credential)}").ToList();

            Assert.Equal(new[] { $"UserName={User}", $"PasswordLength={Password.Length}" }, shown.OrderByDescending(s => s.StartsWith("UserName")));
            Assert.Empty(typeof(MemcachedCredential).GetFields());
            Assert.DoesNotContain(Password, credential.ToString());
            using var client = new MemcachedClient(new MemcachedClientOptions { Credential = credential }.AddServer(_server.Address));
            Assert.True(client.Set("after-dispose", "v").IsStored); // the copy still authenticates
        }
    }
}
