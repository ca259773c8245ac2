using System;
using MemcachePS.Core.KeyDump;
using Xunit;

namespace MemcachePS.Tests.Module.Output
{
    public class MemcachedKeyInfoTests
    {
        [Fact]
        public void A_listed_key_shows_the_dump_entry_with_local_times_and_the_lifetime_left_when_listed()
        {
            var expires = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
            var lastAccess = new DateTimeOffset(2029, 12, 31, 23, 0, 0, TimeSpan.Zero);
            var entry = new KeyDumpEntry("user:1", expires, lastAccess, 42UL, true, 3, 96);

            var info = new MemcachedKeyInfo(entry, "127.0.0.1:11211", expires.AddSeconds(-90.5));

            Assert.Equal("user:1", info.Key);
            Assert.Equal("127.0.0.1:11211", info.Server);
            Assert.Equal(expires.LocalDateTime, info.Expires);
            Assert.Equal(DateTimeKind.Local, info.Expires!.Value.Kind);
            Assert.Equal(lastAccess.LocalDateTime, info.LastAccess);
            Assert.Equal(TimeSpan.FromSeconds(91), info.TimeToLive);
            Assert.Equal(42UL, info.Cas);
            Assert.True(info.Fetched);
            Assert.Equal(3, info.SlabClass);
            Assert.Equal(96, info.Size);
            Assert.Equal("user:1", info.ToString());
        }

        [Fact]
        public void A_listed_key_that_never_expires_has_no_expiry_and_no_lifetime()
        {
            var info = new MemcachedKeyInfo(new KeyDumpEntry("k", null, null, 0UL, null, 1, 70), "s", default);

            Assert.Null(info.Expires);
            Assert.Null(info.TimeToLive);
            Assert.Null(info.LastAccess);
            Assert.Null(info.Fetched);
        }

        [Fact]
        public void A_key_made_by_a_script_shows_exactly_what_it_was_given()
        {
            var expires = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Unspecified);
            var lastAccess = new DateTime(2029, 1, 1, 0, 0, 0, DateTimeKind.Utc);

            var info = new MemcachedKeyInfo("a", "srv", expires, lastAccess, 10, 2, 7UL, false, TimeSpan.FromMinutes(5));

            Assert.Equal("a", info.Key);
            Assert.Equal("srv", info.Server);
            Assert.Equal(expires, info.Expires);
            Assert.Equal(DateTimeKind.Unspecified, info.Expires!.Value.Kind);
            Assert.Equal(lastAccess, info.LastAccess);
            Assert.Equal(DateTimeKind.Utc, info.LastAccess!.Value.Kind);
            Assert.Equal(TimeSpan.FromMinutes(5), info.TimeToLive);
            Assert.Equal(10, info.Size);
            Assert.Equal(2, info.SlabClass);
            Assert.Equal(7UL, info.Cas);
            Assert.False(info.Fetched);
            Assert.Null(new MemcachedKeyInfo("b", "srv", null, null, 0, 0, 0UL, null).TimeToLive);
        }
    }
}
