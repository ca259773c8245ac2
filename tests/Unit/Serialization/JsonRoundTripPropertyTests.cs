using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Text;
using MemcachePS.Core.Serialization;
using Xunit;
using static MemcachePS.Tests.Unit.Serialization.DecodedValueText;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>Random JSON-shaped values (seeded, so a failure names a seed that reproduces it) survive write then read.</summary>
    public class JsonRoundTripPropertyTests
    {
        private const int Cases = 2000;

        [Fact]
        public void Every_random_value_reads_back_as_written()
        {
            var writer = new JsonValueWriter();
            var reader = new JsonValueReader();
            for (int seed = 0; seed < Cases; seed++)
            {
                object? value = new RandomJsonValue(seed).Next(depth: 0);
                string json = writer.Write(value);

                string roundTripped = Render(reader.Read(json));

                Assert.True(Render(value) == roundTripped, $"seed {seed}: {Render(value)} was written as {json} and read as {roundTripped}");
            }
        }

        [Fact]
        public void Every_random_string_reads_back_as_written()
        {
            var writer = new JsonValueWriter();
            var reader = new JsonValueReader();
            for (int seed = 0; seed < Cases; seed++)
            {
                string value = new RandomJsonValue(seed).NextString(maxLength: 64);

                Assert.Equal(value, reader.Read(writer.Write(value)));
            }
        }

        /// <summary>Values of the shapes the reader returns: null, bool, Int64, finite Double, String, List, OrderedDictionary.</summary>
        internal sealed class RandomJsonValue
        {
            private readonly Random _random;

            public RandomJsonValue(int seed)
            {
                _random = new Random(seed);
            }

            public object? Next(int depth)
            {
                int kind = _random.Next(depth >= 4 ? 5 : 7);
                switch (kind)
                {
                    case 0: return null;
                    case 1: return _random.Next(2) == 0;
                    case 2: return NextLong();
                    case 3: return NextDouble();
                    case 4: return NextString(24);
                    case 5:
                        var list = new List<object?>();
                        for (int i = _random.Next(5); i > 0; i--) list.Add(Next(depth + 1));
                        return list;
                    default:
                        var dict = new OrderedDictionary(StringComparer.Ordinal);
                        for (int i = _random.Next(5); i > 0; i--)
                        {
                            string key = NextString(8);
                            if (!dict.Contains(key)) dict.Add(key, Next(depth + 1));
                        }
                        return dict;
                }
            }

            private long NextLong()
            {
                switch (_random.Next(4))
                {
                    case 0: return _random.Next(-10, 10);
                    case 1: return _random.NextInt64(long.MinValue, long.MaxValue);
                    case 2: return _random.Next(2) == 0 ? long.MinValue : long.MaxValue;
                    default: return _random.Next();
                }
            }

            private double NextDouble()
            {
                while (true)
                {
                    double d = _random.Next(3) == 0
                        ? BitConverter.Int64BitsToDouble(_random.NextInt64(long.MinValue, long.MaxValue))
                        : (_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-10, 10));
                    if (!double.IsNaN(d) && !double.IsInfinity(d)) return d;
                }
            }

            /// <summary>Mixes ASCII, JSON's escapes, control characters, BMP letters, surrogate pairs and lone surrogates.</summary>
            public string NextString(int maxLength)
            {
                var sb = new StringBuilder();
                for (int i = _random.Next(maxLength); i > 0; i--)
                {
                    switch (_random.Next(7))
                    {
                        case 0: sb.Append((char)_random.Next(0x20, 0x7F)); break;
                        case 1: sb.Append("\"\\/"[_random.Next(3)]); break;
                        case 2: sb.Append((char)_random.Next(0, 0x20)); break;
                        case 3: sb.Append((char)_random.Next(0xA0, 0xD800)); break;
                        case 4: sb.Append(char.ConvertFromUtf32(_random.Next(0x10000, 0x110000))); break;
                        case 5: sb.Append((char)_random.Next(0xD800, 0xE000)); break;
                        default: sb.Append((char)_random.Next(0xE000, 0x10000)); break;
                    }
                }
                return sb.ToString();
            }
        }
    }
}
