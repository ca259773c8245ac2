using System;
using MemcachePS.Core.Serialization;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>Integer values after memcached's own arithmetic, read from a real server.</summary>
    public class MemcachedIntegerValueTests
    {
        [Fact]
        public void A_value_shortened_by_decr_keeps_memcached_space_padding_and_still_decodes()
        {
            using var server = MemcachedProcess.Start();
            using var raw = new RawMemcached(server.Port);
            var transcoder = new DefaultTranscoder();
            EncodedValue encoded = transcoder.Encode(100);
            raw.SetRaw("counter", encoded.Data, encoded.Flags);

            raw.Send("decr counter 95\r\n");
            var (stored, flags) = raw.GetRaw("counter")!.Value;

            Assert.Equal(("5  ", 5L), (System.Text.Encoding.ASCII.GetString(stored), transcoder.Decode(new ArraySegment<byte>(stored), flags)));
        }

        [Fact]
        public void Incr_works_on_the_digits_we_store_for_an_integer()
        {
            using var server = MemcachedProcess.Start();
            using var raw = new RawMemcached(server.Port);
            var transcoder = new DefaultTranscoder { CompressionThreshold = 1 };
            EncodedValue encoded = transcoder.Encode(41L);
            raw.SetRaw("counter", encoded.Data, encoded.Flags);

            string reply = raw.Send("incr counter 1\r\n");
            var (stored, flags) = raw.GetRaw("counter")!.Value;

            Assert.Equal(("42\r\n", 42L), (reply, transcoder.Decode(new ArraySegment<byte>(stored), flags)));
        }
    }
}
