using System;
using FsCheck;
using FsCheck.Fluent;
using MemcachePS.Core;
using MemcachePS.Core.Serialization;
using MemcachePS.Values;
using Xunit;

namespace MemcachePS.Tests.Module.Values
{
    /// <summary>
    /// Generated nested values through the path Set-MemcachedItem and Get-MemcachedItem take (ValueCodec.Encode to bytes
    /// and flags, ValueCodec.Decode from a CacheItem of those bytes and flags), with both serializers: each value comes
    /// back strictly equal to what docs/FLAGS.md promises (<see cref="ValueRoundTripOracle"/>), or is refused with a
    /// MemcachedException (ValueNotStorable in the cmdlet) when FLAGS.md says it is refused. Never anything else.
    /// </summary>
    public class ValueRoundTripPropertyTests
    {
        [Theory]
        [InlineData(MemcachedSerializer.Default)]
        [InlineData(MemcachedSerializer.CliXml)]
        public void Every_value_comes_back_equal_or_is_refused(MemcachedSerializer serializer)
        {
            var property = Prop.ForAll(ValueSamples.Arbitrary(), sample => Check(sample.Value, serializer));

            FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000).WithEndSize(40), property);
        }

        /// <summary>Throws, with what went wrong, unless the value round-trips or is refused as the oracle says.</summary>
        internal static void Check(object? value, MemcachedSerializer serializer)
        {
            object? expected = ValueRoundTripOracle.Expected(value, serializer);
            ITranscoder transcoder = Transcoders.Create(null);
            EncodedValue encoded;
            try
            {
                encoded = ValueCodec.Encode(value, serializer, transcoder);
            }
            catch (MemcachedException refused)
            {
                if (expected == ValueRoundTripOracle.Refused) return;
                throw new InvalidOperationException($"refused ({refused.GetType().Name}: {refused.Message}) but should come back as {ValueSamples.Render(expected)}");
            }
            if (expected == ValueRoundTripOracle.Refused)
                throw new InvalidOperationException($"stored with flags {encoded.Flags} but should be refused");

            byte[] stored = encoded.Data.AsSpan().ToArray();
            object? decoded = ValueCodec.Decode(new CacheItem("k", stored, encoded.Flags, 0, null), transcoder);

            string? difference = ValueRoundTripOracle.Difference(expected, decoded);
            if (difference != null) throw new InvalidOperationException($"flags {encoded.Flags}: {difference}");
        }
    }
}
