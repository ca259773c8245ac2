using MemcachePS.Core;
using MemcachePS.Sessions;
using Xunit;

namespace MemcachePS.Tests.Module.Sessions
{
    public class ConnectionRegistryTests
    {
        private sealed class Conn
        {
            public Conn(string label) => Label = label;
            public string Label { get; }
        }

        [Fact]
        public void The_newest_connection_becomes_the_default()
        {
            var registry = new ConnectionRegistry<Conn>();
            var a = new Conn("a");
            var b = new Conn("b");

            registry.Register("a", a);
            registry.Register("b", b);

            Assert.Same(b, registry.Default);
        }

        [Fact]
        public void Registering_a_name_again_replaces_and_returns_the_old_connection()
        {
            var registry = new ConnectionRegistry<Conn>();
            var old = new Conn("old");
            registry.Register("cache", old);

            var replaced = registry.Register("CACHE", new Conn("new"));

            Assert.Same(old, replaced);
            Assert.Equal(1, registry.Count);
            Assert.Equal("new", registry.Find("cache")!.Label);
        }

        [Fact]
        public void Removing_the_default_gives_the_previous_default_back()
        {
            var registry = new ConnectionRegistry<Conn>();
            var a = new Conn("a");
            var b = new Conn("b");
            registry.Register("a", a);
            registry.Register("b", b);

            registry.Remove(b);

            Assert.Same(a, registry.Default);
        }

        [Fact]
        public void Removing_the_last_connection_leaves_no_default()
        {
            var registry = new ConnectionRegistry<Conn>();
            var a = new Conn("a");
            registry.Register("a", a);

            Assert.True(registry.Remove(a));

            Assert.Null(registry.Default);
            Assert.False(registry.Remove(a));
        }

        [Fact]
        public void SetDefault_moves_the_default_to_an_older_connection()
        {
            var registry = new ConnectionRegistry<Conn>();
            var a = new Conn("a");
            var b = new Conn("b");
            registry.Register("a", a);
            registry.Register("b", b);

            registry.SetDefault(a);

            Assert.True(registry.IsDefault(a));
            registry.Remove(a);
            Assert.Same(b, registry.Default);
        }

        [Fact]
        public void Match_filters_names_with_wildcards_in_registration_order()
        {
            var registry = new ConnectionRegistry<Conn>();
            registry.Register("prod-1", new Conn("p1"));
            registry.Register("test", new Conn("t"));
            registry.Register("prod-2", new Conn("p2"));

            Assert.Equal(new[] { "p1", "p2" }, System.Linq.Enumerable.Select(registry.Match("PROD-*"), c => c.Label));
            Assert.Equal(3, registry.Match(null).Count);
        }

        [Theory]
        [InlineData("")]
        [InlineData("  ")]
        [InlineData("prod*")]
        public void Empty_and_wildcard_names_are_refused(string name)
        {
            Assert.Throws<MemcachedClientException>(() => new ConnectionRegistry<Conn>().Register(name, new Conn("x")));
        }

        [Fact]
        public void Clear_returns_every_connection_for_disposal()
        {
            var registry = new ConnectionRegistry<Conn>();
            registry.Register("a", new Conn("a"));
            registry.Register("b", new Conn("b"));

            Assert.Equal(2, registry.Clear().Count);
            Assert.Null(registry.Default);
        }
    }
}
