using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using MemcachePS.Core;
using MemcachePS.Core.Stats;
using MemcachePS.Stats;
using MemcachePS.Tests.Module.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Module.Stats
{
    /// <summary>
    /// Watch-MemcachedStats' rates are computed from what the server recorded between two replies, Reset-MemcachedStats
    /// zeroes the server's counters, and Get-MemcachedStats -Type SlabUsage shows what memcached-tool display shows.
    /// </summary>
    public sealed class WatchAndResetTests
    {
        private static StatsResult Stats(MemcachedClient client) => client.Stats()[0].Result;

        [Fact]
        public void Rates_are_what_the_server_counted_over_the_measured_interval()
        {
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(server.Address);
            for (int i = 0; i < 10; i++) client.Set("rate:" + i, "v");
            var before = new StatsRates.Reading(Stats(client));
            for (int i = 0; i < 10; i++) client.Set("rate:" + i, "w");
            for (int i = 0; i < 100; i++) client.Get("rate:" + (i % 20)); // keys 0-9 hit, 10-19 miss: 50 hits, 50 misses
            var after = new StatsRates.Reading(Stats(client));

            var row = StatsRates.Interval("s", DateTime.Now, before, after, seconds: 2, out bool reset);

            Assert.False(reset);
            Assert.Equal(50, row.GetsPerSecond);
            Assert.Equal(5, row.SetsPerSecond);
            Assert.Equal(0.5, row.HitRatio);
            Assert.Equal(0, row.EvictionsPerSecond);
            Assert.True(row.BytesReadPerSecond > 0);
            Assert.Equal(10, row.Items);
        }

        [Fact]
        public void An_interval_over_a_stats_reset_has_no_rates_rather_than_negative_ones()
        {
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(server.Address);
            for (int i = 0; i < 10; i++) client.Get("reset:" + i);
            var before = new StatsRates.Reading(Stats(client));
            Assert.True(client.ResetStats()[0].Result);
            var after = new StatsRates.Reading(Stats(client));

            var row = StatsRates.Interval("s", DateTime.Now, before, after, seconds: 1, out bool reset);

            Assert.True(reset);
            Assert.Null(row.GetsPerSecond);
            Assert.Null(row.HitRatio);
            Assert.Null(row.BytesWrittenPerSecond);
        }

        [Theory]
        [InlineData(ProtocolMode.Meta)]
        [InlineData(ProtocolMode.Classic)]
        [InlineData(ProtocolMode.Binary)]
        public void ResetStats_zeroes_the_servers_counters_in_every_protocol(ProtocolMode protocol)
        {
            using var server = MemcachedProcess.Start();
            using var client = new MemcachedClient(new MemcachedClientOptions { Protocol = protocol }.AddServer(server.Address));
            for (int i = 0; i < 10; i++) client.Get("reset:" + i);
            Assert.Equal(10, Stats(client).GetInt64("cmd_get"));

            Assert.True(client.ResetStats()[0].Result);

            Assert.Equal(0, Stats(client).GetInt64("cmd_get"));
        }

        [Fact]
        public void The_total_adds_rates_and_weighs_the_hit_ratio_by_each_servers_lookups()
        {
            var busy = Row("a", gets: 90, hits: 90, misses: 0);
            var idle = Row("b", gets: 10, hits: 0, misses: 10);

            var total = StatsRates.Total(DateTime.Now, new[] { busy, idle })!;

            Assert.Equal(MemcachedStatsSample.TotalServer, total.Server);
            Assert.Equal(2, total.Servers);
            Assert.Equal(100, total.GetsPerSecond);
            Assert.Equal(0.9, total.HitRatio!.Value, 10);
            Assert.Equal(20, total.Items);
        }

        [Fact]
        public void A_total_over_a_server_whose_counters_went_back_has_no_rates()
        {
            var ok = Row("a", gets: 90, hits: 90, misses: 0);
            var wentBack = new MemcachedStatsSample(DateTime.Now, "b", 1, 1, null, null, null, null, null, null, 10, 1);

            var total = StatsRates.Total(DateTime.Now, new[] { ok, wentBack })!;

            Assert.Null(total.GetsPerSecond);
            Assert.Equal(20, total.Items);
        }

        private static MemcachedStatsSample Row(string server, double gets, double hits, double misses) =>
            new MemcachedStatsSample(DateTime.Now, server, 1, 1, gets, 0, hits + misses == 0 ? (double?)null : hits / (hits + misses), 0, 0, 0, 10, 1)
            { HitsPerSecond = hits, LookupsPerSecond = hits + misses };

        [Fact]
        public void Watch_writes_one_row_per_server_and_a_total_per_interval_then_stops_at_Count()
        {
            using var a = MemcachedProcess.Start();
            using var b = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { a.Address, b.Address } });

            var result = shell.Run("Watch-MemcachedStats -Interval 0.1 -Count 2 | ConvertTo-Csv -NoTypeInformation");

            Assert.Empty(result.Errors);
            var lines = result.Objects.Cast<string>().ToArray();
            Assert.Equal(1 + 2 * 3, lines.Length);
            var header = lines[0].Replace("\"", "").Split(',');
            Assert.Equal(new[] { "Timestamp", "Server", "Servers", "Seconds", "GetsPerSecond", "SetsPerSecond", "HitRatio", "EvictionsPerSecond",
                "BytesReadPerSecond", "BytesWrittenPerSecond", "Items", "Connections" }, header);
            var servers = lines.Skip(1).Select(l => l.Split(',')[1].Trim('"')).ToArray();
            Assert.Equal(new[] { a.Address, b.Address, MemcachedStatsSample.TotalServer, a.Address, b.Address, MemcachedStatsSample.TotalServer }, servers);
            var seconds = lines.Skip(1).Select(l => double.Parse(l.Split(',')[3].Trim('"'), CultureInfo.InvariantCulture)).ToArray();
            Assert.All(seconds, s => Assert.True(s > 0));
        }

        [Fact]
        public void Stopping_a_watch_without_Count_ends_it_cleanly()
        {
            using var server = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = server.Address });
            using var ps = PowerShell.Create();
            ps.Runspace = shell.Runspace;
            ps.AddCommand("Watch-MemcachedStats").AddParameter("Interval", 0.1);
            var output = new PSDataCollection<PSObject>();
            using var first = new ManualResetEventSlim();
            output.DataAdded += (_, __) => first.Set();

            var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
            Assert.True(first.Wait(TimeSpan.FromSeconds(30)), "no sample was written");
            ps.Stop();

            Assert.True(running.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the watch did not stop");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            Assert.IsType<MemcachedStatsSample>(output[0].BaseObject);
        }

        [Fact]
        public void Reset_MemcachedStats_zeroes_the_counters_and_keeps_the_items()
        {
            using var a = MemcachedProcess.Start();
            using var b = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = new[] { a.Address, b.Address } });
            shell.Run("1..20 | ForEach-Object { Set-MemcachedItem -Key \"r$_\" -Value $_ }; 1..20 | ForEach-Object { \"r$_\" } | Get-MemcachedItem | Out-Null");

            var whatIf = shell.Run("Reset-MemcachedStats -WhatIf");
            Assert.Empty(whatIf.Errors);
            Assert.Equal(20, General(shell).Sum(s => s.CmdGet));

            var reset = shell.Run("Reset-MemcachedStats -Force");

            Assert.Empty(reset.Errors);
            var stats = General(shell);
            Assert.All(stats, s => Assert.Equal(0, s.CmdGet));
            Assert.All(stats, s => Assert.Equal(0, s.CmdSet));
            Assert.Equal(20, stats.Sum(s => s.CurrItems));
        }

        [Fact]
        public void Reset_MemcachedStats_works_in_memory_too()
        {
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["InMemory"] = true });
            shell.Run("Set-MemcachedItem -Key k -Value 1; Get-MemcachedItem k | Out-Null");

            shell.Run("Reset-MemcachedStats -Force");

            var stats = General(shell).Single();
            Assert.Equal(0, stats.CmdGet);
            Assert.Equal(1, stats.CurrItems);
        }

        private static GeneralStats[] General(ModuleRunspace shell) => shell.Invoke("Get-MemcachedStats").Objects.Cast<GeneralStats>().ToArray();

        [Fact]
        public void SlabUsage_shows_the_classes_memcached_tool_display_shows()
        {
            using var server = MemcachedProcess.Start();
            using var shell = new ModuleRunspace();
            shell.Invoke("Connect-Memcached", new Hashtable { ["Server"] = server.Address });
            // Three sizes, so three slab classes hold items: 30 small, 20 of 2 KB, 5 of 100 KB.
            shell.Run("1..30 | % { Set-MemcachedItem \"s$_\" 'x' }; 1..20 | % { Set-MemcachedItem \"m$_\" ('y' * 2000) }; 1..5 | % { Set-MemcachedItem \"l$_\" ('z' * 100000) }");

            var usage = shell.Invoke("Get-MemcachedStats", new Hashtable { ["Type"] = "SlabUsage" }).Objects.Cast<SlabClassUsage>().ToArray();
            var tool = MemcachedToolDisplay(server.Address);

            Assert.Equal(tool.Select(t => t.Class), usage.Select(u => u.SlabClass));
            Assert.Equal(tool.Select(t => t.Pages), usage.Select(u => u.Pages));
            Assert.Equal(tool.Select(t => t.Count), usage.Select(u => u.Count));
            Assert.Equal(tool.Select(t => t.Full), usage.Select(u => u.Full));
            Assert.Equal(new long[] { 5, 20, 30 }, usage.Select(u => u.Count).Where(c => c > 0).OrderBy(c => c));
            Assert.All(usage, u => Assert.Equal(server.Address, u.Server));
        }

        /// <summary>memcached-tool (Debian's memcached package) HOST display, parsed: class, pages, count, full.</summary>
        private static List<(int Class, long Pages, long Count, bool Full)> MemcachedToolDisplay(string address)
        {
            const string tool = "/usr/share/memcached/scripts/memcached-tool";
            var text = PeerProcess.Run("/usr/bin/perl", new[] { tool, address, "display" }, "", "memcached-tool comes with Debian's memcached package.");
            var rows = new List<(int, long, long, bool)>();
            foreach (var line in text.Split('\n').Skip(1))
            {
                var f = line.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 9) continue;
                rows.Add((int.Parse(f[0]), long.Parse(f[3]), long.Parse(f[4]), f[5] == "yes"));
            }
            Assert.NotEmpty(rows);
            return rows;
        }
    }
}
