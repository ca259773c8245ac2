using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using MemcachePS.Tests.Unit.Infrastructure;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>Where the servers say each key is, against where our locator says it should be.</summary>
    internal sealed class PlacementReport
    {
        private readonly List<int>[] _holders;

        private PlacementReport(List<int>[] holders, int keys, int misplaced, int[] perServer, int notStored, List<string> examples)
        {
            _holders = holders;
            Keys = keys;
            Misplaced = misplaced;
            PerServer = perServer;
            NotStored = notStored;
            Examples = examples;
        }

        public int Keys { get; }
        public int Misplaced { get; }
        public int[] PerServer { get; }
        public int NotStored { get; }
        public List<string> Examples { get; }

        /// <summary>"0 of 3000 keys misplaced", with the first misplaced keys listed when there are any.</summary>
        public string Summary =>
            $"{Misplaced} of {Keys} keys misplaced" + (Examples.Count == 0 ? "" : ": " + string.Join("; ", Examples));

        public static string Perfect(int keys) => $"0 of {keys} keys misplaced";

        /// <param name="keysSent">The keys as the servers store them (prefix included).</param>
        /// <param name="expectedServer">Our locator's server for the key at that index; -1 for "on no server".</param>
        public static PlacementReport Check(IReadOnlyList<MemcachedProcess> servers, IReadOnlyList<string> keysSent, Func<int, int> expectedServer)
        {
            List<int>[] holders = ServerProbe.Holders(servers, keysSent);
            var perServer = new int[servers.Count];
            var examples = new List<string>();
            int misplaced = 0, notStored = 0;
            for (int k = 0; k < keysSent.Count; k++)
            {
                foreach (int s in holders[k]) perServer[s]++;
                if (holders[k].Count == 0) notStored++;
                int expected = expectedServer(k);
                bool right = expected < 0 ? holders[k].Count == 0 : holders[k].Count == 1 && holders[k][0] == expected;
                if (right) continue;
                misplaced++;
                if (examples.Count < 5)
                    examples.Add($"'{keysSent[k]}' on [{string.Join(",", holders[k])}], locator says {expected}");
            }
            return new PlacementReport(holders, keysSent.Count, misplaced, perServer, notStored, examples);
        }

        /// <summary>
        /// Negative control: how many of the same keys, as the servers hold them now, another rule would put elsewhere.
        /// A placement check only means something if a different rule disagrees on many keys.
        /// </summary>
        public int MisplacedBy(Func<int, int> otherRule)
        {
            int misplaced = 0;
            for (int k = 0; k < _holders.Length; k++)
                if (!(_holders[k].Count == 1 && _holders[k][0] == otherRule(k))) misplaced++;
            return misplaced;
        }

        public string Describe(string configuration, IReadOnlyList<MemcachedProcess> servers)
        {
            var text = new StringBuilder();
            text.Append(configuration).Append(": ").Append(Summary).Append("; keys per server ");
            text.Append(string.Join(", ", servers.Select((s, i) => $"{s.Address}={PerServer[i]}")));
            if (NotStored > 0) text.Append("; on no server ").Append(NotStored);
            return text.ToString();
        }
    }
}
