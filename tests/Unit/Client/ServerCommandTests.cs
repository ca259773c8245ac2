using System;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Client
{
    /// <summary>stats, flush_all, version, verbosity, cache_memlimit and quit: classic commands, used with either item protocol.</summary>
    public abstract class ServerCommandTests : ClientTestBase
    {
        protected ServerCommandTests(MemcachedFixture fixture, ProtocolMode mode) : base(fixture, mode) { }

        [Fact]
        public void Stats_parses_numbers_as_numbers_and_keeps_text_as_text()
        {
            var stats = Client.Stats().Single();
            Assert.Null(stats.Error);
            Assert.Equal((long)Server.ProcessId, stats.Result["pid"]);
            Assert.IsType<double>(stats.Result["rusage_user"]);
            Assert.Equal("1.6.18", stats.Result["version"]);
        }

        [Fact]
        public void Stats_with_an_argument_returns_that_group()
        {
            var settings = Client.Stats("settings").Single().Result;
            Assert.Equal(1024L * 1024, settings["item_size_max"]);
            Assert.Equal("yes", settings["cas_enabled"]);
        }

        [Fact]
        public void Stats_items_and_slabs_name_the_slab_classes()
        {
            Client.Set(Key("slab"), "x");
            Assert.Contains(Client.Stats("items").Single().Result.Keys, k => k.StartsWith("items:") && k.EndsWith(":number"));
            Assert.Contains(Client.Stats("slabs").Single().Result.Keys, k => k.EndsWith(":chunk_size"));
        }

        [Fact]
        public void Version_returns_the_server_version()
        {
            Assert.Equal("1.6.18", Client.Version().Single().Result);
        }

        [Fact]
        public void Verbosity_and_cache_memlimit_are_accepted()
        {
            Assert.True(Client.Verbosity(0).Single().Result);
            Assert.True(Client.CacheMemoryLimit(64).Single().Result);
        }

        [Fact]
        public void Execute_command_runs_any_classic_command()
        {
            var lines = Client.ExecuteCommand(Client.Servers[0], "stats", "conns", multiLine: true);
            Assert.Contains(lines, l => l.StartsWith("STAT ") && l.Contains(":addr "));
        }

        [Fact]
        public void Quit_closes_idle_connections_and_the_next_operation_reconnects()
        {
            Client.Set(Key("quit"), "x");
            Client.Quit();
            Assert.Equal(0, Client.GetPoolStatistics(Client.Servers[0]).Open);
            Assert.NotNull(Client.Get(Key("quit")));
        }
    }

    public sealed class MetaProtocolServerCommandTests : ServerCommandTests, IClassFixture<MemcachedFixture>
    {
        public MetaProtocolServerCommandTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Meta) { }
    }

    public sealed class ClassicProtocolServerCommandTests : ServerCommandTests, IClassFixture<MemcachedFixture>
    {
        public ClassicProtocolServerCommandTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Classic) { }
    }

    /// <summary>Flushes wipe the whole server, so these have a server to themselves.</summary>
    public sealed class FlushTests : ClientTestBase, IClassFixture<MemcachedFixture>
    {
        public FlushTests(MemcachedFixture fixture) : base(fixture, ProtocolMode.Auto) { }

        [Fact]
        public void Flush_all_with_a_delay_keeps_items_until_the_delay_passes()
        {
            string key = Key("flush");
            Client.Set(key, "x");
            Assert.True(Client.FlushAll(TimeSpan.FromSeconds(3)).Single().Result);
            Assert.NotNull(Client.Get(key));

            // memcached flushes a second early, at the tick of its clock that reaches now + delay - 1 (so flush_all 1
            // flushes at once): 1 to 2 s from now for this 3 s delay.
            Poll.Until(() => Client.Get(key) == null, TimeSpan.FromSeconds(4), "the delayed flush happened");

            string after = Key("after");
            Client.Set(after, "y");
            Assert.True(Client.FlushAll().Single().Result);
            Assert.Null(Client.Get(after));
        }
    }
}
