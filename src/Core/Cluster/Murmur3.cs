namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// MurmurHash3, x86 32-bit variant (Austin Appleby's reference, little-endian block loads). pymemcache's
    /// <c>RendezvousHash</c> scores every node with it (seed 0).
    /// </summary>
    internal static class Murmur3
    {
        private const uint C1 = 0xcc9e2d51;
        private const uint C2 = 0x1b873593;

        public static uint Hash32(byte[] data, uint seed = 0) => Hash32(data, 0, data.Length, seed);

        public static uint Hash32(byte[] data, int offset, int count, uint seed = 0)
        {
            uint h = seed;
            int end = offset + (count & ~3);
            int i = offset;
            for (; i < end; i += 4)
            {
                uint k = data[i] | (uint)data[i + 1] << 8 | (uint)data[i + 2] << 16 | (uint)data[i + 3] << 24;
                h ^= MixBlock(k);
                h = RotateLeft(h, 13);
                h = h * 5 + 0xe6546b64;
            }

            uint tail = 0;
            switch (count & 3)
            {
                case 3:
                    tail = (uint)data[i + 2] << 16;
                    goto case 2;
                case 2:
                    tail |= (uint)data[i + 1] << 8;
                    goto case 1;
                case 1:
                    tail |= data[i];
                    h ^= MixBlock(tail);
                    break;
            }

            h ^= (uint)count;
            return FinalMix(h);
        }

        private static uint MixBlock(uint k)
        {
            unchecked
            {
                k *= C1;
                k = RotateLeft(k, 15);
                return k * C2;
            }
        }

        private static uint FinalMix(uint h)
        {
            unchecked
            {
                h ^= h >> 16;
                h *= 0x85ebca6b;
                h ^= h >> 13;
                h *= 0xc2b2ae35;
                h ^= h >> 16;
                return h;
            }
        }

        private static uint RotateLeft(uint x, int r) => (x << r) | (x >> (32 - r));
    }
}
