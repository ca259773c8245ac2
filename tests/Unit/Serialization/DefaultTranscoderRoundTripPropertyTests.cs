using System;
using System.Collections.Generic;
using MemcachePS.Core.Serialization;
using Xunit;
using static MemcachePS.Tests.Unit.Serialization.DecodedValueText;

namespace MemcachePS.Tests.Unit.Serialization
{
    /// <summary>Random values (seeded; a failure names the seed) read back as stored, compressed or not.</summary>
    public class DefaultTranscoderRoundTripPropertyTests
    {
        private const int Cases = 1000;

        [Theory]
        [InlineData(0)]
        [InlineData(16)]
        public void Every_random_structured_value_reads_back_as_written(int compressionThreshold)
        {
            var transcoder = new DefaultTranscoder { CompressionThreshold = compressionThreshold };
            for (int seed = 0; seed < Cases; seed++)
            {
                var value = new List<object?> { new JsonRoundTripPropertyTests.RandomJsonValue(seed).Next(depth: 1) };
                EncodedValue encoded = transcoder.Encode(value);

                string decoded = Render(transcoder.Decode(encoded.Data, encoded.Flags));

                Assert.True(Render(value) == decoded, $"seed {seed}, flags {encoded.Flags}: {Render(value)} read back as {decoded}");
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        public void Every_random_byte_array_reads_back_as_written(int compressionThreshold)
        {
            var transcoder = new DefaultTranscoder { CompressionThreshold = compressionThreshold };
            for (int seed = 0; seed < Cases; seed++)
            {
                var random = new Random(seed);
                var value = new byte[random.Next(0, 3000)];
                // Half noise, half runs, so some values compress and some do not.
                if (seed % 2 == 0) random.NextBytes(value);
                else for (int i = 0; i < value.Length; i++) value[i] = (byte)(i / 97);
                EncodedValue encoded = transcoder.Encode(value);

                Assert.Equal(value, transcoder.Decode(encoded.Data, encoded.Flags));
            }
        }
    }
}
