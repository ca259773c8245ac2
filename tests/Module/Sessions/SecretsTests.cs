using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Security;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    /// <summary>
    /// A password given to Connect-Memcached authenticates connections and is reachable from nothing a script can print,
    /// serialize or walk: not ConvertTo-Json, not Export-Clixml, not any public property of the connection object.
    /// </summary>
    public sealed class SecretsTests : IDisposable
    {
        private const string User = "alice";
        private const string Password = "Pa55-w0rd-XYZZY-7431";
        private readonly string _authFile;
        private readonly MemcachedProcess _server;
        private readonly ModuleRunspace _shell = new ModuleRunspace();

        public SecretsTests()
        {
            _authFile = Path.Combine(Path.GetTempPath(), "mcps-secret-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            File.WriteAllText(_authFile, $"{User}:{Password}\n");
            _server = MemcachedProcess.Start("-Y", _authFile);
        }

        public void Dispose()
        {
            _shell.Dispose();
            _server.Dispose();
            File.Delete(_authFile);
        }

        private static PSCredential Credential()
        {
            var secure = new SecureString();
            foreach (char c in Password) secure.AppendChar(c);
            return new PSCredential(User, secure);
        }

        private ModuleRunspace.Result Connect(string server) =>
            _shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = server, ["Credential"] = Credential() });

        private MemcachedConnection ConnectAndUse()
        {
            var connection = Connect(_server.Address).Single<MemcachedConnection>();
            // The password did its work: the server let us in.
            _shell.Invoke("Set-MemcachedItem", new Hashtable { ["Key"] = "secret-test", ["Value"] = "in" });
            Assert.Equal("in", _shell.Invoke("Get-MemcachedItem", new Hashtable { ["Key"] = "secret-test" }).Single<MemcachedItem>().Value);
            return connection;
        }

        [Fact]
        public void ConvertTo_Json_of_the_connection_does_not_contain_the_password()
        {
            ConnectAndUse();

            var json = _shell.Run("Get-MemcachedConnection | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue");

            string text = string.Join("\n", json.Objects);
            Assert.Contains(User, text);
            Assert.DoesNotContain(Password, text);
        }

        [Fact]
        public void Export_Clixml_of_the_connection_does_not_contain_the_password()
        {
            ConnectAndUse();
            string file = Path.Combine(Path.GetTempPath(), "mcps-secret-" + Guid.NewGuid().ToString("N") + ".xml");
            try
            {
                _shell.Run("param($Path) Get-MemcachedConnection | Export-Clixml -Path $Path -Depth 6", new Hashtable { ["Path"] = file });

                string text = File.ReadAllText(file);
                Assert.Contains(User, text);
                Assert.DoesNotContain(Password, text);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void No_public_property_path_from_the_connection_reaches_the_password()
        {
            var connection = ConnectAndUse();

            var found = PublicStrings(connection, depth: 8).Where(s => s.Value.Contains(Password)).Select(s => s.Path).ToList();

            Assert.True(found.Count == 0, string.Join("\n", found));
            var password = _shell.Run("(Get-MemcachedConnection).Client.Options.Credential.Password").Output;
            Assert.All(password, o => Assert.Null(o?.BaseObject));
        }

        [Fact]
        public void Credentials_over_plain_tcp_warn_once_on_connect_and_name_the_remedy()
        {
            var result = Connect(_server.Address);

            var warning = Assert.Single(result.Warnings);
            Assert.Contains("clear text", warning);
            Assert.Contains(_server.Address, warning);
            Assert.Contains("-UseTls", warning);
            Assert.DoesNotContain(Password, warning);
        }

        [Fact]
        public void Credentials_for_discovered_nodes_warn_too()
        {
            using var endpoint = new FakeConfigurationEndpoint();
            endpoint.Publish(1, FakeConfigurationEndpoint.Node(_server.Port));

            var result = _shell.Invoke("Connect-Memcached", new Hashtable { ["ConfigurationEndpoint"] = endpoint.Address, ["Credential"] = Credential() });

            var warning = Assert.Single(result.Warnings);
            Assert.Contains("clear text", warning);
            Assert.Contains(endpoint.Address, warning);
        }

        [Fact]
        public void Credentials_over_a_unix_socket_do_not_warn()
        {
            using var local = MemcachedProcess.StartUnixSocket("-Y", _authFile);

            var result = Connect(local.Address);

            Assert.Empty(result.Errors);
            Assert.Empty(result.Warnings);
        }

        /// <summary>Every string (and char array) reachable through public instance properties and fields, with its path.</summary>
        private static IEnumerable<(string Path, string Value)> PublicStrings(object root, int depth)
        {
            var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<(object Value, string Path, int Depth)>();
            pending.Push((root, "$connection", 0));
            while (pending.Count > 0)
            {
                var (value, path, level) = pending.Pop();
                if (value is string s) { yield return (path, s); continue; }
                if (value is char[] chars) { yield return (path, new string(chars)); continue; }
                var type = value.GetType();
                if (type.IsPrimitive || type.IsEnum || value is decimal || value is Delegate || value is Type || value is MemberInfo || value is Assembly) continue;
                if (!seen.Add(value) || level >= depth) continue;
                if (value is IEnumerable sequence && !(value is IDictionary))
                {
                    int i = 0;
                    foreach (var item in sequence)
                    {
                        if (i++ >= 64) break;
                        if (item != null) pending.Push((item, $"{path}[{i - 1}]", level + 1));
                    }
                }
                foreach (var member in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (member.GetIndexParameters().Length > 0) continue;
                    object? child;
                    try { child = member.GetValue(value); }
                    catch { continue; }
                    if (child != null) pending.Push((child, $"{path}.{member.Name}", level + 1));
                }
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
                {
                    var child = field.GetValue(value);
                    if (child != null) pending.Push((child, $"{path}.{field.Name}", level + 1));
                }
            }
        }
    }
}
