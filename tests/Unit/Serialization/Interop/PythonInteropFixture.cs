using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MemcachePS.Core.Serialization;
using MemcachePS.Tests.Unit.Infrastructure;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>
    /// One memcached and two Python runs for the whole class: the Python clients store <see cref="InteropCases.PythonWrites"/>,
    /// we store <see cref="InteropCases.DotnetWrites"/>, then the Python clients read ours back and judge them.
    /// </summary>
    public sealed class PythonInteropFixture : IDisposable
    {
        public const string PymemcacheDefaultSerdeOnCompressed = "pymemcache (default serde)";

        private readonly MemcachedProcess _server;

        public PythonInteropFixture()
        {
            _server = MemcachedProcess.Start();
            try
            {
                var writes = InteropCases.PythonWrites.Select(w => new { client = w.Client, key = w.Key, python = w.Python, min_compress_len = w.MinCompressLen });
                foreach (var line in RunValuesScript("write", JsonSerializer.Serialize(writes)))
                {
                    var result = JsonDocument.Parse(line).RootElement;
                    StoredByPython[result.GetProperty("key").GetString()!] = result.GetProperty("result").GetString()!;
                }

                using (var raw = new RawMemcached(_server.Port))
                {
                    foreach (var write in InteropCases.DotnetWrites)
                    {
                        EncodedValue encoded = new DefaultTranscoder { CompressionThreshold = write.CompressionThreshold }.Encode(write.Value);
                        FlagsWeWrote[write.Key] = encoded.Flags;
                        raw.SetRaw(write.Key, encoded.Data, encoded.Flags);
                    }
                    foreach (var write in InteropCases.PythonWrites)
                        StoredValues[write.Key] = raw.GetRaw(write.Key);
                }

                var reads = InteropCases.DotnetWrites
                    .SelectMany(w => InteropCases.Readers.Select(r => new { reader = InteropCases.ReaderClient(r, w), key = w.Key, expected = w.PythonExpected, mode = w.Mode }))
                    .Append(new { reader = "pymemcache", key = "ours_text_compressed", expected = "None", mode = "fails" });
                foreach (var line in RunValuesScript("read", JsonSerializer.Serialize(reads)))
                {
                    var result = JsonDocument.Parse(line).RootElement;
                    string reader = result.GetProperty("reader").GetString()!;
                    string key = result.GetProperty("key").GetString()!;
                    string verdict = result.GetProperty("result").GetString()!;
                    if (reader == "pymemcache" && key == "ours_text_compressed") reader = PymemcacheDefaultSerdeOnCompressed;
                    ReadByPython[(reader == "pymemcache-compressed" ? "pymemcache" : reader, key)] = verdict;
                }
            }
            catch
            {
                _server.Dispose();
                throw;
            }
        }

        /// <summary>tests/Peers/python/values.py: one JSON line per case.</summary>
        private string[] RunValuesScript(string command, string casesJson) =>
            PythonPeer.Run("values.py", new[] { command, _server.Port.ToString() }, casesJson).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>"STORED" or the client's complaint, by key.</summary>
        public Dictionary<string, string> StoredByPython { get; } = new Dictionary<string, string>();

        /// <summary>What memcached holds for each Python write: bytes and flags, read raw.</summary>
        public Dictionary<string, (byte[] Value, uint Flags)?> StoredValues { get; } = new Dictionary<string, (byte[] Value, uint Flags)?>();

        public Dictionary<string, uint> FlagsWeWrote { get; } = new Dictionary<string, uint>();

        /// <summary>"PASS" or "FAIL: ..." as judged by the Python script, by (reader, key).</summary>
        public Dictionary<(string Reader, string Key), string> ReadByPython { get; } = new Dictionary<(string Reader, string Key), string>();

        public void Dispose() => _server.Dispose();
    }
}
