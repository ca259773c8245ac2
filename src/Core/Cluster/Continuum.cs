using System.Collections.Generic;

namespace MemcachePS.Core.Cluster
{
    /// <summary>The search every hash ring here shares: the first point at or after a hash, wrapping past the last.</summary>
    internal static class Continuum
    {
        /// <summary>
        /// Sorts ring points by value, ties by server then by point index (the order these rings' clients leave equal
        /// points in), and splits them into the sorted values and the server of each.
        /// </summary>
        public static void Build(List<(uint Value, int Server, int Index)> continuum, out uint[] points, out int[] serverOfPoint)
        {
            continuum.Sort((x, y) => x.Value != y.Value ? x.Value.CompareTo(y.Value)
                : x.Server != y.Server ? x.Server.CompareTo(y.Server) : x.Index.CompareTo(y.Index));
            points = new uint[continuum.Count];
            serverOfPoint = new int[continuum.Count];
            for (int i = 0; i < continuum.Count; i++)
            {
                points[i] = continuum[i].Value;
                serverOfPoint[i] = continuum[i].Server;
            }
        }

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
