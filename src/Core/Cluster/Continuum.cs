namespace MemcachePS.Core.Cluster
{
    /// <summary>The search every hash ring here shares: the first point at or after a hash, wrapping past the last.</summary>
    internal static class Continuum
    {
        /// <summary>The index of the first of the sorted <paramref name="points"/> that is &gt;= <paramref name="hash"/>; 0 past the last.</summary>
        public static int FirstAtOrAfter(uint[] points, uint hash)
        {
            int left = 0, right = points.Length;
            while (left < right)
            {
                int middle = left + ((right - left) >> 1);
                if (points[middle] < hash) left = middle + 1;
                else right = middle;
            }
            return right == points.Length ? 0 : right;
        }
    }
}
