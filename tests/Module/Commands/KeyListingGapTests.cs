using System.Collections;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MemcachePS.Tests.Module.Infrastructure;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Commands
{
    /// <summary>
    /// memcached's LRU crawler misses items that move between LRU queues while it walks them (items read during the
    /// dump): on 1,000,000 keys with a read pass running, metadump listed 954,721 and 979,598 while curr_items stayed
    /// 1,000,000 before and after. A listing shorter than curr_items says so rather than pass for the whole cache.
    /// </summary>
    public sealed class KeyListingGapTests
    {
        /// <summary>A server that holds <paramref name="currItems"/> items by its stats and lists <paramref name="keys"/>.</summary>
        private static FakeServer Server(long currItems, params string[] keys) => Server(currItems, cutAfterKeys: false, keys);

        /// <param name="cutAfterKeys">Close the connection after the key lines, before END: a dump that breaks.</param>
        private static FakeServer Server(long currItems, bool cutAfterKeys, params string[] keys) => new FakeServer(_ => async conn =>
        {
            await conn.AnswerHandshakeAsync();
            try
            {
                while (true)
                {
                    string line = (await conn.ReadLineAsync()).TrimEnd(' ');
                    if (line == "stats") await conn.WriteAsync($"STAT pid 1\r\nSTAT curr_items {currItems}\r\nEND\r\n");
                    else if (line == "lru_crawler metadump all")
                    {
                        await conn.WriteAsync(string.Concat(keys.Select(k => $"key={k} exp=-1 la=1700000000 cas=1 fetch=no cls=1 size=60\n")) + (cutAfterKeys ? "" : "END\r\n"));
                        if (cutAfterKeys) { conn.Close(); return; }
                    }
                    else if (line == "mn") await conn.WriteAsync("MN\r\n");
                    else if (line.StartsWith("mg ")) { if (!line.Split(' ').Contains("q")) await conn.WriteAsync("EN" + FakeConnection.Opaque(line) + "\r\n"); }
                    else if (line == "version") await conn.WriteAsync("VERSION 1.6.18\r\n");
                    else await conn.WriteAsync("ERROR\r\n");
                }
            }
            catch (EndOfStreamException)
            {
            }
        });

        private static ModuleRunspace.Result List(FakeServer server, Hashtable? parameters = null)
        {
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = server.Address });
            return shell.Invoke("Get-MemcachedKey", parameters ?? new Hashtable());
        }

        [Fact]
        public void A_listing_shorter_than_curr_items_warns_with_the_gap()
        {
            using var server = Server(5, "a", "b", "c");

            var result = List(server);

            Assert.Equal(new[] { "a", "b", "c" }, result.Objects.Cast<MemcachedKeyInfo>().Select(k => k.Key).ToArray());
            var warning = Assert.Single(result.Warnings);
            Assert.Contains("listed 3 keys", warning);
            Assert.Contains("held 5 items", warning);
            Assert.Contains("2 not listed", warning);
            Assert.Contains(server.Address, warning);
        }

        [Fact]
        public void A_pattern_still_compares_every_key_read_not_only_those_that_match()
        {
            using var whole = Server(3, "a", "b", "c");
            using var shortOne = Server(4, "a", "b", "c");

            Assert.Empty(List(whole, new Hashtable { ["Pattern"] = "a" }).Warnings);
            Assert.Single(List(shortOne, new Hashtable { ["Pattern"] = "a" }).Warnings);
        }

        [Fact]
        public void A_whole_listing_or_one_cut_short_by_First_does_not_warn()
        {
            using var whole = Server(3, "a", "b", "c");
            using var many = Server(3, "a", "b", "c");

            Assert.Empty(List(whole).Warnings);
            Assert.Empty(List(many, new Hashtable { ["First"] = 1 }).Warnings);
        }
    
        [Fact]
        public void A_dump_that_breaks_gives_the_keys_read_before_it_then_an_error_and_no_gap_warning()
        {
            // The dump runs on a thread of its own: its failure must still reach the pipeline, after the keys it read.
            var keys = Enumerable.Range(1, 2500).Select(i => "k" + i).ToArray();
            using var server = Server(2500, cutAfterKeys: true, keys);

            var result = List(server);

            Assert.Equal(keys, result.Objects.Cast<MemcachedKeyInfo>().Select(k => k.Key).ToArray());
            var error = Assert.Single(result.Errors);
            Assert.Contains("closed the connection", error.Exception.Message);
            Assert.Empty(result.Warnings);
        }

        [Fact]
        public void Export_without_keys_warns_when_its_dump_was_short()
        {
            using var server = Server(5, "a", "b", "c");
            using var shell = new ModuleRunspace();
            string path = Path.Combine(Path.GetTempPath(), $"memcacheps-gap-{System.Guid.NewGuid():N}.jsonl");
            try
            {
                shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = server.Address });
                var result = shell.Invoke("Export-MemcachedItem", new Hashtable { ["Path"] = path });

                var warning = Assert.Single(result.Warnings);
                Assert.Contains("listed 3 keys", warning);
                Assert.Contains("2 not listed", warning);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }
}
