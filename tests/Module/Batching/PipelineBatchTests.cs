using System.Linq;
using MemcachePS.Batching;
using MemcachePS.Core;
using Xunit;

namespace MemcachePS.Tests.Module.Batching
{
    public class PipelineBatchTests
    {
        [Fact]
        public void A_batch_is_full_at_its_size()
        {
            var batch = new PipelineBatch<int>(size: 3);

            Assert.False(batch.Add(1));
            Assert.False(batch.Add(2));
            Assert.True(batch.Add(3));
        }

        [Fact]
        public void A_batch_is_full_at_its_byte_limit_before_its_size()
        {
            var batch = new PipelineBatch<string>(size: 500, maxBytes: 1000);

            Assert.False(batch.Add("a", 600));
            Assert.True(batch.Add("b", 600));
            Assert.Equal(2, batch.Count);
        }

        [Fact]
        public void Take_returns_items_in_input_order_and_empties_the_batch()
        {
            var batch = new PipelineBatch<int>(size: 10);
            foreach (var i in new[] { 5, 3, 9, 1 }) batch.Add(i, 10);

            var taken = batch.Take();

            Assert.Equal(new[] { 5, 3, 9, 1 }, taken.ToArray());
            Assert.True(batch.IsEmpty);
            Assert.Equal(0, batch.Bytes);
        }

        [Fact]
        public void The_default_size_is_500()
        {
            Assert.Equal(500, new PipelineBatch<int>().Size);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-1)]
        [InlineData(100_001)]
        public void Sizes_outside_1_to_100000_are_refused(int size)
        {
            Assert.Throws<MemcachedClientException>(() => new PipelineBatch<int>(size));
        }

        [Fact]
        public void One_hundred_thousand_items_in_batches_of_500_take_200_round_trips()
        {
            var batch = new PipelineBatch<int>();
            int flushes = 0;
            for (int i = 0; i < 100_000; i++)
                if (batch.Add(i, 20)) { batch.Take(); flushes++; }
            if (!batch.IsEmpty) flushes++;

            Assert.Equal(200, flushes);
        }
    }
}
