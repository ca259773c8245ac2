using System;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Protocol;
using Xunit;

namespace MemcachePS.Tests.Unit.Protocol
{
    /// <summary>The exact bytes each command puts on the wire.</summary>
    public sealed class RequestEncodingTests
    {
        private static string Encode(Action<RequestBuffer> write)
        {
            var b = new RequestBuffer(4);
            write(b);
            return Encoding.UTF8.GetString(b.Bytes, 0, b.Length);
        }

        [Fact]
        public void Meta_get_asks_for_value_flags_cas_and_echoes_an_opaque()
        {
            Assert.Equal("mg p:k v f t c T30 O9\r\n", Encode(b => MetaRequestWriter.Get(b, "p:", "k", false, true, true, 30, 9)));
        }

        [Fact]
        public void Meta_set_carries_length_flags_ttl_mode_and_cas()
        {
            var value = new ArraySegment<byte>(Encoding.ASCII.GetBytes("abc"));
            Assert.Equal("ms k 3 F16 T60 ME C5 c O1\r\nabc\r\n", Encode(b => MetaRequestWriter.Set(b, "", "k", false, StoreMode.Add, value, 16, 60, 5, 1)));
            Assert.Equal("ms k 3 O2 q\r\nabc\r\n", Encode(b => MetaRequestWriter.Set(b, "", "k", false, StoreMode.Set, value, 0, 0, 0, 2, quiet: true)));
        }

        [Fact]
        public void Meta_arithmetic_carries_mode_delta_and_opaque_and_never_autovivifies()
        {
            // No N/J: a counter memcached creates itself has client flags 0 (the client adds missing counters instead).
            Assert.Equal("ma k MD D3 v O4\r\n", Encode(b => MetaRequestWriter.Arithmetic(b, "", "k", false, true, 3, 4)));
            Assert.Equal("ma k D1 v O5\r\n", Encode(b => MetaRequestWriter.Arithmetic(b, "", "k", false, false, 1, 5)));
        }

        [Fact]
        public void Base64_keys_are_encoded_and_flagged()
        {
            Assert.Equal("md YSBi b O1\r\n", Encode(b => MetaRequestWriter.Delete(b, "", "a b", true, 1)));
        }

        [Fact]
        public void Classic_cas_uses_the_cas_command()
        {
            var value = new ArraySegment<byte>(Encoding.ASCII.GetBytes("x"));
            Assert.Equal("cas k 2 0 1 77\r\nx\r\n", Encode(b => TextRequestWriter.Store(b, "", "k", StoreMode.Set, value, 2, 0, 77)));
            Assert.Equal("prepend k 0 5 1\r\nx\r\n", Encode(b => TextRequestWriter.Store(b, "", "k", StoreMode.Prepend, value, 0, 5, 0)));
        }

        [Fact]
        public void Classic_get_and_touch_puts_the_time_before_the_key()
        {
            Assert.Equal("gats 100 k\r\n", Encode(b => TextRequestWriter.Get(b, "", "k", true, 100)));
        }

        [Fact]
        public void A_command_argument_cannot_smuggle_a_second_command()
        {
            Assert.Throws<MemcachedClientException>(() => Encode(b => TextRequestWriter.Command(b, "stats", "items\r\nflush_all")));
        }

        [Fact]
        public void Numbers_are_written_in_decimal_including_extremes()
        {
            Assert.Equal("18446744073709551615 -9223372036854775808 0", Encode(b =>
            {
                b.WriteNumber(ulong.MaxValue); b.WriteByte((byte)' ');
                b.WriteNumber(long.MinValue); b.WriteByte((byte)' ');
                b.WriteNumber(0UL);
            }));
        }
    }
}
