using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MemcachePS.Core;
using MemcachePS.Core.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace MemcachePS.Tests.Unit.Reliability
{
    /// <summary>
    /// A seeded fuzzer over the two response parsers. The only outcomes allowed for any bytes are a reply that lies within
    /// the bytes it consumed, 0 (need more bytes), or <see cref="MemcachedProtocolException"/>. A failure prints the seed
    /// and the input, so it can be replayed.
    /// </summary>
    public sealed class ParserFuzzTests
    {
        private delegate int Parser(byte[] buffer, int offset, int count, out ParsedResponse reply);

        private static readonly Parser Meta = MetaResponseParser.TryParse;
        private static readonly Parser Text = TextResponseParser.TryParse;
        private static readonly Parser Binary = BinaryResponseParser.TryParse;

        /// <summary>Binary response packets: a hit (flags, CAS, key), a miss, a counter, a stat, a no-op, errors.</summary>
        private static readonly byte[][] BinaryReplies =
        {
            BinaryPacket(0x0c, 0, 7, 99, extras: new byte[] { 0, 0, 0, 16 }, key: "key", value: "hello"),
            BinaryPacket(0x0d, 0, 8, 1, extras: new byte[] { 0xff, 0xff, 0xff, 0xff }, key: "k", value: ""),
            BinaryPacket(0x0c, 1, 9, 0, value: "Not found"),
            BinaryPacket(0x05, 0, 10, 5, value: "\0\0\0\0\0\0\0\x2a"),
            BinaryPacket(0x10, 0, 11, 0, key: "pid", value: "1234"),
            BinaryPacket(0x10, 0, 11, 0),
            BinaryPacket(0x0a, 0, 12, 0),
            BinaryPacket(0x01, 2, 13, 0, value: "Data exists for key."),
            BinaryPacket(0x05, 6, 14, 0, value: "Non-numeric server-side value for incr or decr"),
            BinaryPacket(0x21, 0x20, 15, 0, value: "Auth failure."),
            BinaryPacket(0x01, 0x82, 16, 0, value: "Out of memory"),
        };

        /// <summary>A binary response packet (magic 0x81) with its lengths filled in.</summary>
        internal static byte[] BinaryPacket(byte opcode, ushort status, uint opaque, ulong cas, byte[]? extras = null, string key = "", string value = "")
        {
            extras ??= Array.Empty<byte>();
            byte[] k = Latin1(key), v = Latin1(value);
            int body = extras.Length + k.Length + v.Length;
            var p = new List<byte> { 0x81, opcode, (byte)(k.Length >> 8), (byte)k.Length, (byte)extras.Length, 0, (byte)(status >> 8), (byte)status };
            for (int i = 3; i >= 0; i--) p.Add((byte)(body >> (8 * i)));
            for (int i = 3; i >= 0; i--) p.Add((byte)(opaque >> (8 * i)));
            for (int i = 7; i >= 0; i--) p.Add((byte)(cas >> (8 * i)));
            p.AddRange(extras);
            p.AddRange(k);
            p.AddRange(v);
            return p.ToArray();
        }

        private readonly ITestOutputHelper _output;

        public ParserFuzzTests(ITestOutputHelper output) => _output = output;

        private static readonly string[] MetaReplies =
        {
            "HD\r\n", "HD O123\r\n", "HD c456 O7\r\n", "HD O4294967295 c18446744073709551615\r\n", "EN\r\n", "EN O9\r\n",
            "NS O1\r\n", "EX O2\r\n", "NF O3\r\n", "MN\r\n", "ME key exp=-1 la=3 cas=5 fetch=no cls=1 size=64\r\n",
            "VA 5 f0 O1\r\nhello\r\n", "VA 0 O2\r\n\r\n", "VA 7 f16 c99 t-1 s7 kmykey O3\r\nab\r\nEND\r\n",
            "VA 4 b kYWJj f1 W X Z h1 l0 O8\r\n\0\r\n\n\r\n", "VA 3 f4294967295 t3600 O10 q\r\n123\r\n",
            "SERVER_ERROR out of memory storing object\r\n", "CLIENT_ERROR bad data chunk\r\n", "ERROR\r\n", "ERROR unknown\r\n",
        };

        private static readonly string[] TextReplies =
        {
            "VALUE key 0 5\r\nhello\r\nEND\r\n", "VALUE k 16 3 12345\r\nabc\r\nEND\r\n", "VALUE k 4294967295 0\r\n\r\nEND\r\n",
            "VALUE bin 0 9\r\n\r\nEND\r\n\0\x7f\r\nEND\r\n", "END\r\n", "STORED\r\n", "NOT_STORED\r\n", "EXISTS\r\n", "NOT_FOUND\r\n",
            "DELETED\r\n", "TOUCHED\r\n", "OK\r\n", "18446744073709551615\r\n", "0\r\n", "VERSION 1.6.18\r\n",
            "STAT pid 1234\r\nSTAT rusage_user 0.123456\r\nSTAT version 1.6.18\r\nEND\r\n", "BUSY currently processing crawler request\r\n",
            "SERVER_ERROR object too large for cache\r\n", "CLIENT_ERROR line format\r\n", "ERROR\r\n",
        };

        private static readonly string[] Splices =
        {
            "\r", "\n", "\r\n", " ", "  ", "\0", "-1", "-9223372036854775808", "18446744073709551616", "99999999999999999999999",
            "2147483647", "2147483646", "4294967296", "VA ", "VALUE ", "O", "O-1", "f", "c", "k", "b", "\x7f", "\xff", "END\r\n", "HD",
        };

        [Fact]
        public void Mutated_and_random_replies_yield_only_a_reply_need_more_or_a_protocol_error_fixed_seeds()
        {
            int runs = 0;
            foreach (int seed in new[] { 1, 2, 3, 4 }) runs += Fuzz(seed, iterations: 5000);
            _output.WriteLine($"{runs} inputs per parser, seeds 1-4");
        }

        [Fact]
        public void Mutated_and_random_replies_yield_only_a_reply_need_more_or_a_protocol_error_fresh_seed()
        {
            int seed = Environment.GetEnvironmentVariable("MEMCACHEPS_FUZZ_SEED") is string s ? int.Parse(s) : Environment.TickCount & 0x7fffffff;
            int iterations = Environment.GetEnvironmentVariable("MEMCACHEPS_FUZZ_ITERATIONS") is string n ? int.Parse(n) : 5000;
            _output.WriteLine($"seed {seed}, {iterations} iterations (replay with MEMCACHEPS_FUZZ_SEED={seed})");
            Fuzz(seed, iterations);
        }

        private static int Fuzz(int seed, int iterations)
        {
            var random = new Random(seed);
            for (int i = 0; i < iterations; i++)
            {
                byte[] metaInput = Generate(random, MetaReplies);
                byte[] textInput = Generate(random, TextReplies);
                CheckOutcome(Meta, "meta", metaInput, random, seed, i);
                CheckOutcome(Text, "text", textInput, random, seed, i);
                // Each parser also meets the other protocol's replies.
                CheckOutcome(Meta, "meta", textInput, random, seed, i);
                CheckOutcome(Text, "text", metaInput, random, seed, i);
            }
            // The binary parser, on a generator of its own (so the text parsers' inputs for a seed stay what they were).
            var binaryRandom = new Random(seed);
            for (int i = 0; i < iterations; i++)
            {
                byte[] input = GenerateBinary(binaryRandom);
                CheckOutcome(Binary, "binary", input, binaryRandom, seed, i);
            }
            return iterations * 2;
        }

        /// <summary>A valid reply (or a few in a row), mutated zero to four times; or, one time in ten, random bytes.</summary>
        private static byte[] Generate(Random random, string[] corpus)
        {
            if (random.Next(10) == 0)
            {
                var noise = new byte[random.Next(0, 64)];
                random.NextBytes(noise);
                return noise;
            }
            var bytes = new List<byte>();
            int replies = random.Next(1, 4);
            for (int r = 0; r < replies; r++) bytes.AddRange(Latin1(corpus[random.Next(corpus.Length)]));
            int mutations = random.Next(0, 5);
            for (int m = 0; m < mutations && bytes.Count > 0; m++)
            {
                int at = random.Next(bytes.Count);
                switch (random.Next(7))
                {
                    case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;                          // flip a bit
                    case 1: bytes[at] = (byte)random.Next(256); break;                                 // replace a byte
                    case 2: bytes.RemoveRange(at, bytes.Count - at); break;                            // truncate
                    case 3: bytes.RemoveAt(at); break;                                                 // delete a byte
                    case 4: bytes.InsertRange(at, Latin1(random.Next(2) == 0 ? "\r\n" : random.Next(2) == 0 ? "\r" : "\n")); break;
                    case 5: bytes.InsertRange(at, Latin1(Splices[random.Next(Splices.Length)])); break; // huge / negative numbers, tokens
                    case 6: ReplaceNumber(bytes, random); break;
                }
            }
            return bytes.ToArray();
        }

        /// <summary>One to three binary packets, with bytes flipped, replaced, dropped or cut off; or, one time in ten, noise.</summary>
        private static byte[] GenerateBinary(Random random)
        {
            if (random.Next(10) == 0)
            {
                var noise = new byte[random.Next(0, 64)];
                random.NextBytes(noise);
                if (noise.Length > 0 && random.Next(2) == 0) noise[0] = 0x81;
                return noise;
            }
            var bytes = new List<byte>();
            int packets = random.Next(1, 4);
            for (int r = 0; r < packets; r++) bytes.AddRange(BinaryReplies[random.Next(BinaryReplies.Length)]);
            int mutations = random.Next(0, 5);
            for (int m = 0; m < mutations && bytes.Count > 0; m++)
            {
                int at = random.Next(Math.Min(bytes.Count, 40)); // mostly the header, where the lengths are
                switch (random.Next(4))
                {
                    case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1: bytes[at] = (byte)random.Next(256); break;
                    case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                    case 3: bytes[at] = 0xFF; break; // huge lengths
                }
            }
            return bytes.ToArray();
        }

        /// <summary>Swaps the first run of digits after a random point for a huge, negative or boundary number.</summary>
        private static void ReplaceNumber(List<byte> bytes, Random random)
        {
            int start = random.Next(bytes.Count);
            while (start < bytes.Count && (bytes[start] < '0' || bytes[start] > '9')) start++;
            if (start == bytes.Count) return;
            int end = start;
            while (end < bytes.Count && bytes[end] >= '0' && bytes[end] <= '9') end++;
            string[] numbers = { "99999999999999999999999", "-1", "-0", "18446744073709551615", "18446744073709551616", "2147483647", "2147483645", "4294967296", "" };
            bytes.RemoveRange(start, end - start);
            bytes.InsertRange(start, Latin1(numbers[random.Next(numbers.Length)]));
        }

        /// <summary>
        /// Parses the input at a random offset of a larger buffer, twice, with different bytes after it: a parser reading
        /// beyond its count would show as different results.
        /// </summary>
        private static void CheckOutcome(Parser parse, string name, byte[] input, Random random, int seed, int iteration)
        {
            int offset = random.Next(0, 16);
            var a = Embed(input, offset, 0x00);
            var b = Embed(input, offset, 0xFF);
            var resultA = ParseOnce(parse, a, offset, input.Length, name, input, seed, iteration);
            var resultB = ParseOnce(parse, b, offset, input.Length, name, input, seed, iteration);
            if (resultA != resultB)
                throw new Xunit.Sdk.XunitException($"{name} parser depends on bytes beyond count (seed {seed}, iteration {iteration}): {Show(input)}: {resultA} vs {resultB}");
        }

        private static byte[] Embed(byte[] input, int offset, byte filler)
        {
            var buffer = new byte[offset + input.Length + 32];
            for (int i = 0; i < buffer.Length; i++) buffer[i] = filler;
            Buffer.BlockCopy(input, 0, buffer, offset, input.Length);
            return buffer;
        }

        private static string ParseOnce(Parser parse, byte[] buffer, int offset, int count, string name, byte[] input, int seed, int iteration)
        {
            try
            {
                int consumed = parse(buffer, offset, count, out var r);
                if (consumed == 0) return "need more";
                string where = $"{name} parser (seed {seed}, iteration {iteration}) on {Show(input)}";
                if (consumed < 0 || consumed > count) throw new Xunit.Sdk.XunitException($"{where}: consumed {consumed} of {count}");
                int end = offset + consumed;
                AssertWithin(r.LineOffset, r.LineLength, offset, end, "line", where);
                if (r.Status == ResponseStatus.Value) AssertWithin(r.ValueOffset, r.ValueLength, offset, end, "value", where);
                if (r.KeyLength > 0) AssertWithin(r.KeyOffset, r.KeyLength, offset, end, "key", where);
                return Describe(r, buffer, consumed);
            }
            catch (MemcachedProtocolException e)
            {
                return "protocol error: " + e.Message;
            }
            catch (Exception e) when (!(e is Xunit.Sdk.XunitException))
            {
                throw new Xunit.Sdk.XunitException($"{name} parser threw {e.GetType().Name} (seed {seed}, iteration {iteration}) on {Show(input)}: {e}");
            }
        }

        private static void AssertWithin(int start, int length, int min, int max, string what, string where)
        {
            if (length < 0 || start < min || start + length > max)
                throw new Xunit.Sdk.XunitException($"{where}: {what} [{start}, +{length}) outside the consumed bytes [{min}, {max})");
        }

        private static string Describe(ParsedResponse r, byte[] buffer, int consumed)
        {
            string value = r.Status == ResponseStatus.Value ? Convert.ToBase64String(buffer, r.ValueOffset, r.ValueLength) : "";
            string key = r.KeyLength > 0 ? Encoding.Latin1.GetString(buffer, r.KeyOffset, r.KeyLength) : "";
            return $"{consumed} {r.Status} line={r.LineLength} value={value} key={key} f={r.ClientFlags} c={r.Cas} t={r.Ttl} s={r.Size} O={r.Opaque} msg={r.Message} b={r.KeyIsBase64} {r.Win}{r.Stale}{r.AlreadyWon}";
        }

        [Theory]
        [InlineData("meta", "VA 2147483645 O2\r\n\r\n")]   // found by the fuzzer: the size overflowed the arithmetic
        [InlineData("meta", "VA 1073741825 f0\r\nabc")]
        [InlineData("text", "VALUE k 0 2147483645\r\nab\r\n")]
        [InlineData("text", "VALUE k 0 1073741825 5\r\n")]
        public void A_value_size_beyond_1_GiB_is_a_protocol_error_not_a_wait_for_more_bytes(string protocol, string reply)
        {
            Parser parse = protocol == "meta" ? Meta : Text;
            byte[] bytes = Latin1(reply);

            var e = Assert.Throws<MemcachedProtocolException>(() => parse(bytes, 0, bytes.Length, out _));

            Assert.Contains("1 GiB", e.Message);
        }

        [Fact]
        public void A_value_size_of_exactly_1_GiB_waits_for_its_bytes()
        {
            byte[] bytes = Latin1("VA 1073741824 f0\r\nabc");

            Assert.Equal(0, MetaResponseParser.TryParse(bytes, 0, bytes.Length, out _));
        }

        // ------------------------------------------------------------------ splits

        public static IEnumerable<object[]> Streams() => new[]
        {
            new object[] { "meta", string.Concat(MetaReplies) },
            new object[] { "text", string.Concat(TextReplies) },
            new object[] { "binary", string.Concat(BinaryReplies.Select(p => Encoding.Latin1.GetString(p))) },
        };

        [Theory]
        [MemberData(nameof(Streams))]
        public void A_stream_of_valid_replies_parses_the_same_however_it_is_split(string protocol, string stream)
        {
            Parser parse = protocol == "meta" ? Meta : protocol == "binary" ? Binary : Text;
            byte[] bytes = Latin1(stream);
            List<string> whole = ParseStream(parse, bytes, new[] { bytes.Length });
            Assert.True(whole.Count >= (protocol == "meta" ? MetaReplies.Length : protocol == "binary" ? BinaryReplies.Length : TextReplies.Length));

            for (int split = 0; split <= bytes.Length; split++)
                Assert.Equal(whole, ParseStream(parse, bytes, new[] { split, bytes.Length - split }));
            Assert.Equal(whole, ParseStream(parse, bytes, Enumerable.Repeat(1, bytes.Length).ToArray()));
            var random = new Random(7);
            for (int run = 0; run < 200; run++)
                Assert.Equal(whole, ParseStream(parse, bytes, RandomChunks(random, bytes.Length)));
        }

        private static int[] RandomChunks(Random random, int total)
        {
            var chunks = new List<int>();
            while (total > 0)
            {
                int n = Math.Min(total, random.Next(1, 40));
                chunks.Add(n);
                total -= n;
            }
            return chunks.ToArray();
        }

        /// <summary>Feeds the bytes in the given chunk sizes the way a connection does: parse until "need more", then read more.</summary>
        private static List<string> ParseStream(Parser parse, byte[] bytes, int[] chunks)
        {
            var results = new List<string>();
            var buffer = new byte[bytes.Length];
            int start = 0, end = 0, fed = 0;
            foreach (int chunk in chunks)
            {
                Buffer.BlockCopy(bytes, fed, buffer, end, chunk);
                fed += chunk;
                end += chunk;
                while (true)
                {
                    int n = parse(buffer, start, end - start, out var r);
                    if (n == 0) break;
                    results.Add(Describe(r, buffer, n));
                    start += n;
                }
            }
            Assert.Equal(end, start); // nothing left over
            return results;
        }

        private static byte[] Latin1(string s) => Encoding.Latin1.GetBytes(s);

        private static string Show(byte[] input)
        {
            var sb = new StringBuilder("\"");
            foreach (byte b in input.Take(200))
                sb.Append(b >= 0x20 && b < 0x7f && b != '"' ? ((char)b).ToString() : $"\\x{b:X2}");
            if (input.Length > 200) sb.Append("…");
            return sb.Append('"').ToString();
        }
    }
}
