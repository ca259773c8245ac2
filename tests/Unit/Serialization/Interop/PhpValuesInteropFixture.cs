using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MemcachePS.Core.Serialization;
using MemcachePS.Core.Serialization.Families;
using MemcachePS.TestServers;
using MemcachePS.Tests.Unit.Infrastructure;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>
    /// One memcached and two PHP runs for the whole class: Debian's php-memcached and php-memcache store every case
    /// (<see cref="PhpValueCases"/>), we store every case with our PHP transcoders (and, for comparison, with the
    /// DefaultTranscoder, which is what MemcachePS wrote before it had them), then PHP reads ours back and judges them.
    /// </summary>
    public sealed class PhpValuesInteropFixture : IDisposable
    {
        private readonly MemcachedProcess _server;

        public PhpValuesInteropFixture()
        {
            _server = MemcachedProcess.Start();
            try
            {
                var writes = new List<object>();
                foreach (var client in PhpValueCases.Clients)
                {
                    foreach (var c in PhpValueCases.Plain.Concat(PhpValueCases.Compressed))
                        writes.Add(new { client, key = PhpKey(client, c.Name), php = c.Php, options = new Dictionary<string, object>() });
                    foreach (var r in PhpValueCases.Refused.Where(r => r.Clients == null || r.Clients.Contains(client)))
                        writes.Add(new { client, key = PhpKey(client, r.Name), php = r.Php, options = r.Options ?? new Dictionary<string, object>() });
                }
                foreach (var o in PhpValueCases.PhpOptions)
                    writes.Add(new { client = o.Client, key = PhpKey(o.Client, o.Name), php = o.Php, options = o.Options });
                foreach (var line in Run("write", JsonSerializer.Serialize(writes)))
                {
                    var result = JsonDocument.Parse(line).RootElement;
                    StoredByPhp[result.GetProperty("key").GetString()!] = result.GetProperty("result").GetString()!;
                }

                var reads = new List<object>();
                using (var raw = new RawMemcached(_server.Port))
                {
                    foreach (var key in StoredByPhp.Keys) StoredValues[key] = raw.GetRaw(key);
                    foreach (var client in PhpValueCases.Clients)
                    {
                        foreach (var c in PhpValueCases.Plain.Concat(PhpValueCases.Compressed).Where(c => c.WeWrite))
                        {
                            string ours = OurKey(client, c.Name), before = BeforeKey(client, c.Name);
                            EncodedValue encoded = Transcoder(client).Encode(c.Value);
                            raw.SetRaw(ours, encoded.Data, encoded.Flags);
                            FlagsWeWrote[ours] = encoded.Flags;
                            reads.Add(new { client, key = ours, expected = c.Php, mode = "exact" });
                            try
                            {
                                EncodedValue old = new DefaultTranscoder().Encode(c.Value);
                                raw.SetRaw(before, old.Data, old.Flags);
                                reads.Add(new { client, key = before, expected = c.Php, mode = "exact" });
                            }
                            catch (MemcachedSerializationException e)
                            {
                                ReadByPhp[before] = "REFUSED by DefaultTranscoder: " + e.Message;
                            }
                        }
                    }
                    // Negative control: a deliberately wrong expectation must be caught by the PHP judge.
                    reads.Add(new { client = "memcached", key = OurKey("memcached", "ascii"), expected = "'hellO'", mode = "exact" });
                    reads.Add(new { client = "memcache", key = OurKey("memcache", "intneg"), expected = "-5.0", mode = "exact" });
                }
                foreach (var line in Run("read", JsonSerializer.Serialize(reads)))
                {
                    var result = JsonDocument.Parse(line).RootElement;
                    string key = result.GetProperty("key").GetString()!, verdict = result.GetProperty("result").GetString()!;
                    if (ReadByPhp.ContainsKey(key)) NegativeControls[key] = verdict;
                    else ReadByPhp[key] = verdict;
                }
            }
            catch
            {
                _server.Dispose();
                throw;
            }
        }

        public static ITranscoder Transcoder(string client) =>
            client == "memcached" ? new PhpMemcachedTranscoder() : (ITranscoder)new PhpMemcacheTranscoder();

        public static string PhpKey(string client, string name) => $"php_{client}_{name}";
        public static string OurKey(string client, string name) => $"ours_{client}_{name}";
        public static string BeforeKey(string client, string name) => $"default_{client}_{name}";

        private string[] Run(string command, string casesJson) =>
            PhpPeer.Run("values.php", casesJson, arguments: new[] { command, _server.Port.ToString() }).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public Dictionary<string, string> StoredByPhp { get; } = new Dictionary<string, string>();
        public Dictionary<string, (byte[] Value, uint Flags)?> StoredValues { get; } = new Dictionary<string, (byte[] Value, uint Flags)?>();
        public Dictionary<string, uint> FlagsWeWrote { get; } = new Dictionary<string, uint>();
        public Dictionary<string, string> ReadByPhp { get; } = new Dictionary<string, string>();
        /// <summary>The verdicts on the deliberately wrong expectations (the first read of the same key is in ReadByPhp).</summary>
        public Dictionary<string, string> NegativeControls { get; } = new Dictionary<string, string>();

        public void Dispose() => _server.Dispose();
    }
}
