using System;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Core.Stats;
using MemcachePS.Stats;
using Xunit;

namespace MemcachePS.Tests.Module.Stats
{
    public class StatsReportTests
    {
        private static StatsResult Lines(params string[] lines) => StatsResult.Parse(lines);

        [Fact]
        public void General_stats_read_memcached_names_into_typed_properties()
        {
            var stats = Lines("STAT pid 4242", "STAT uptime 3725", "STAT time 1795316502", "STAT version 1.6.18",
                "STAT curr_items 10", "STAT total_items 25", "STAT bytes 2048", "STAT limit_maxbytes 67108864",
                "STAT curr_connections 3", "STAT get_hits 30", "STAT get_misses 10", "STAT evictions 2", "STAT rusage_user 0.123456");

            var general = Assert.IsType<GeneralStats>(StatsReport.Build(StatsType.General, "h:1", stats).Single());

            Assert.Equal("h:1", general.Server);
            Assert.Equal("1.6.18", general.Version);
            Assert.Equal(4242, general.ProcessId);
            Assert.Equal(TimeSpan.FromSeconds(3725), general.Uptime);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795316502), general.ServerTime);
            Assert.Equal(10, general.CurrItems);
            Assert.Equal(25, general.TotalItems);
            Assert.Equal(2048, general.Bytes);
            Assert.Equal(67108864, general.LimitMaxBytes);
            Assert.Equal(3, general.CurrConnections);
            Assert.Equal(30, general.GetHits);
            Assert.Equal(10, general.GetMisses);
            Assert.Equal(0.75, general.HitRatio);
            Assert.Equal(2, general.Evictions);
        }

        [Fact]
        public void Every_raw_stat_is_kept_under_its_own_name()
        {
            var general = (GeneralStats)StatsReport.Build(StatsType.General, "h:1", Lines("STAT rusage_user 0.123456", "STAT libevent 2.1.12-stable")).Single();

            Assert.Equal(0.123456, general.Raw["rusage_user"]);
            Assert.Equal("2.1.12-stable", general.Raw["libevent"]);
        }

        [Fact]
        public void The_hit_ratio_is_zero_before_the_first_read()
        {
            var general = (GeneralStats)StatsReport.Build(StatsType.General, "h:1", Lines("STAT get_hits 0", "STAT get_misses 0")).Single();

            Assert.Equal(0, general.HitRatio);
        }

        [Fact]
        public void Settings_read_yes_no_and_on_off_as_booleans()
        {
            var settings = (SettingsStats)StatsReport.Build(StatsType.Settings, "h:1",
                Lines("STAT maxbytes 67108864", "STAT item_size_max 1048576", "STAT evictions on", "STAT cas_enabled yes",
                    "STAT growth_factor 1.25", "STAT lru_crawler no", "STAT inter 127.0.0.1")).Single();

            Assert.Equal(67108864, settings.MaxBytes);
            Assert.Equal(1048576, settings.ItemSizeMax);
            Assert.True(settings.EvictionsEnabled);
            Assert.True(settings.CasEnabled);
            Assert.False(settings.LruCrawlerEnabled);
            Assert.Equal(1.25, settings.GrowthFactor);
            Assert.Equal("127.0.0.1", settings.ListenInterface);
        }

        [Fact]
        public void Items_give_one_record_per_slab_class_in_class_order()
        {
            var records = StatsReport.Build(StatsType.Items, "h:1", Lines(
                "STAT items:12:number 4", "STAT items:12:age 100",
                "STAT items:1:number 3", "STAT items:1:age 7", "STAT items:1:evicted 2")).Cast<ItemStats>().ToList();

            Assert.Equal(new[] { 1, 12 }, records.Select(r => r.SlabClass));
            Assert.Equal(3, records[0].Number);
            Assert.Equal(TimeSpan.FromSeconds(7), records[0].Age);
            Assert.Equal(2, records[0].Evicted);
            Assert.Equal(4L, records[1].Raw["number"]);
        }

        [Fact]
        public void Slabs_keep_the_report_totals_in_every_record()
        {
            var records = StatsReport.Build(StatsType.Slabs, "h:1", Lines(
                "STAT 1:chunk_size 96", "STAT 1:used_chunks 3", "STAT 5:chunk_size 240",
                "STAT active_slabs 2", "STAT total_malloced 2097152")).Cast<SlabStats>().ToList();

            Assert.Equal(new[] { 1, 5 }, records.Select(r => r.SlabClass));
            Assert.Equal(96, records[0].ChunkSize);
            Assert.Equal(3, records[0].UsedChunks);
            Assert.Equal(2097152L, records[1].Raw["total_malloced"]);
        }

        [Fact]
        public void Conns_give_one_record_per_connection()
        {
            var records = StatsReport.Build(StatsType.Conns, "h:1", Lines(
                "STAT 23:addr tcp:127.0.0.1:22122", "STAT 23:state conn_listening", "STAT 23:secs_since_last_cmd 237",
                "STAT 24:addr tcp:127.0.0.1:54430", "STAT 24:listen_addr tcp:127.0.0.1:22122", "STAT 24:state conn_parse_cmd",
                "STAT 24:secs_since_last_cmd 0")).Cast<ConnectionStats>().ToList();

            Assert.Equal(new[] { 23, 24 }, records.Select(r => r.Id));
            Assert.True(records[0].IsListener);
            Assert.Equal(TimeSpan.FromSeconds(237), records[0].IdleTime);
            Assert.Equal("tcp:127.0.0.1:54430", records[1].Address);
            Assert.Equal("tcp:127.0.0.1:22122", records[1].ListenAddress);
            Assert.Equal("conn_parse_cmd", records[1].State);
        }

        [Fact]
        public void Sizes_give_one_record_per_bucket_and_say_when_tracking_is_off()
        {
            var records = StatsReport.Build(StatsType.Sizes, "h:1", Lines("STAT 96 10", "STAT 64 3")).Cast<SizeStats>().ToList();
            var disabled = Lines("STAT sizes_status disabled");

            Assert.Equal(new[] { 64L, 96L }, records.Select(r => r.Size));
            Assert.Equal(new[] { 3L, 10L }, records.Select(r => r.Count));
            Assert.True(StatsReport.SizesDisabled(disabled));
            Assert.Empty(StatsReport.Build(StatsType.Sizes, "h:1", disabled));
        }

        [Theory]
        [InlineData(StatsType.General, null)]
        [InlineData(StatsType.Settings, "settings")]
        [InlineData(StatsType.Items, "items")]
        [InlineData(StatsType.Slabs, "slabs")]
        [InlineData(StatsType.Sizes, "sizes")]
        [InlineData(StatsType.Conns, "conns")]
        public void Each_type_asks_for_its_stats_argument(StatsType type, string? argument)
        {
            Assert.Equal(argument, StatsReport.Argument(type));
        }

        [Fact]
        public void A_real_server_fills_every_general_property_the_table_shows()
        {
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(server.Address);
            client.Set("k", "v");
            client.Get("k");
            client.Get("missing");

            var general = (GeneralStats)StatsReport.Build(StatsType.General, client.Servers[0], client.Stats()[0].Result).Single();

            Assert.Matches(@"^1\.\d+\.\d+", general.Version);
            Assert.Equal(1, general.CurrItems);
            Assert.Equal(64L * 1024 * 1024, general.LimitMaxBytes);
            Assert.Equal(0.5, general.HitRatio);
            Assert.True(general.CurrConnections >= 1);
            Assert.True(general.Bytes > 0);
        }

        [Fact]
        public void A_real_server_gives_items_and_slabs_per_class()
        {
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(server.Address);
            client.Set("small", "v");
            client.Set("large", new string('x', 5000));

            var items = StatsReport.Build(StatsType.Items, client.Servers[0], client.Stats("items")[0].Result).Cast<ItemStats>().ToList();
            var slabs = StatsReport.Build(StatsType.Slabs, client.Servers[0], client.Stats("slabs")[0].Result).Cast<SlabStats>().ToList();

            Assert.Equal(2, items.Sum(i => i.Number));
            Assert.True(items.Count >= 2);
            Assert.All(slabs, s => Assert.True(s.ChunkSize > 0));
        }
    }
}
