namespace MemcachePS.Core.Cluster
{
    /// <summary>
    /// Bob Jenkins' one-at-a-time hash exactly as libhashkit (libmemcached's <c>MEMCACHED_HASH_DEFAULT</c>) computes it.
    /// libhashkit reads each byte through a signed <c>char</c>, so a byte of 0x80 or above enters the sum sign-extended
    /// (0xC3 counts as 0xFFFFFFC3). That only matters for non-ASCII keys, and there it decides the server.
    /// </summary>
    internal static class OneAtATimeHash
    {
        public static uint Compute(byte[] data) => Compute(data, 0, data.Length);

        public static uint Compute(byte[] data, int offset, int count)
        {
            unchecked
            {
                uint value = 0;
                int end = offset + count;
                for (int i = offset; i < end; i++)
                {
                    value += (uint)(sbyte)data[i];
                    value += value << 10;
                    value ^= value >> 6;
                }
                value += value << 3;
                value ^= value >> 11;
                value += value << 15;
                return value;
            }
        }
    }
}
