using System;
using Xunit;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using MemcachePS.Core.Serialization;
using MemcachePS.Tests.Unit.Infrastructure;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>A value the real client writes: <paramref name="Input"/> is the peer script's case (serialized as JSON),
    /// <paramref name="ExpectedFlags"/> and <paramref name="Expected"/> (rendered by <see cref="DecodedValueText"/>) what we
    /// must see; <paramref name="Expected"/> starting with "refused:" means our transcoder must refuse it with a message
    /// containing the rest.</summary>
    public sealed record PeerWrite(string Key, object Input, uint ExpectedFlags, string Expected);

    /// <summary>A value we write with the family's transcoder, and the case the peer script reads and judges it with.</summary>
    public sealed record OurWrite(string Key, object? Value, uint ExpectedFlags, object ReadCase, ITranscoder? With = null);

    /// <summary>
    /// One memcached and two runs of a family's values script (tests/Peers/&lt;lang&gt;/values.*) for a whole test class: the
    /// real client writes its cases, we read them raw; we write ours raw, then the real client reads and judges them.
    /// The script prints one JSON line per case: {"key", "result"}.
    /// </summary>
    public abstract class PeerValuesFixture : IDisposable
    {
        private readonly MemcachedProcess _server;

        protected PeerValuesFixture(ITranscoder transcoder, IReadOnlyList<PeerWrite> peerWrites, IReadOnlyList<OurWrite> ourWrites)
        {
            Transcoder = transcoder;
            PeerWrites = peerWrites;
            OurWrites = ourWrites;
            _server = MemcachedProcess.Start();
            try
            {
                foreach (var (key, result) in Run("write", peerWrites.Select(w => w.Input).ToList())) StoredByPeer[key] = result;
                using (var raw = new RawMemcached(_server.Port))
                {
                    foreach (var w in peerWrites) Stored[w.Key] = raw.GetRaw(w.Key);
                    foreach (var w in ourWrites)
                    {
                        EncodedValue encoded = (w.With ?? transcoder).Encode(w.Value);
                        FlagsWeWrote[w.Key] = encoded.Flags;
                        raw.SetRaw(w.Key, encoded.Data, encoded.Flags);
                    }
                }
                var reads = ourWrites.Select(w => w.ReadCase).Concat(ExtraReads).ToList();
                foreach (var (key, result) in Run("read", reads)) ReadByPeer[key] = result;
            }
            catch
            {
                _server.Dispose();
                throw;
            }
        }

        /// <summary>What is rendered for a decoded value (a family whose maps have no order sorts them here).</summary>
        protected virtual object? Shape(object? decoded) => decoded;

        /// <summary>Read cases beyond our writes (the negative control).</summary>
        protected virtual IEnumerable<object> ExtraReads => Enumerable.Empty<object>();

        /// <summary>Runs the peer script with <paramref name="command"/> ("write" or "read") on this memcached's port.</summary>
        protected abstract string RunPeer(string command, int port, IReadOnlyList<object> cases);

        private IEnumerable<(string Key, string Result)> Run(string command, IReadOnlyList<object> cases)
        {
            string output = RunPeer(command, _server.Port, cases);
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var json = JsonDocument.Parse(line).RootElement;
                yield return (json.GetProperty("key").GetString()!, json.GetProperty("result").GetString()!);
            }
        }

        protected static string Json(IReadOnlyList<object> cases) => JsonSerializer.Serialize(cases);

        public ITranscoder Transcoder { get; }
        public IReadOnlyList<PeerWrite> PeerWrites { get; }
        public IReadOnlyList<OurWrite> OurWrites { get; }
        public Dictionary<string, string> StoredByPeer { get; } = new Dictionary<string, string>();
        public Dictionary<string, (byte[] Value, uint Flags)?> Stored { get; } = new Dictionary<string, (byte[] Value, uint Flags)?>();
        public Dictionary<string, uint> FlagsWeWrote { get; } = new Dictionary<string, uint>();
        public Dictionary<string, string> ReadByPeer { get; } = new Dictionary<string, string>();

        public void Dispose() => _server.Dispose();

        /// <summary>Theory data of the keys of a family's cases.</summary>
        public static TheoryData<string> KeysOf(IEnumerable<string> keys)
        {
            var data = new TheoryData<string>();
            foreach (var k in keys) data.Add(k);
            return data;
        }

        /// <summary>The peer stored its case, with the flags its client writes, and our transcoder reads the expected
        /// value (or refuses it, naming what the case expects).</summary>
        public void CheckPeerWrite(string key)
        {
            var write = PeerWrites.Single(w => w.Key == key);
            Assert.Equal("STORED", StoredByPeer[key]);
            var (flags, seen) = Decode(key);
            Assert.Equal(write.ExpectedFlags, flags);
            FamilyAssert.Seen(write.Expected, seen);
        }

        /// <summary>We wrote the case with the family's flags, and the peer's own judge read the expected value.</summary>
        public void CheckOurWrite(string key)
        {
            Assert.Equal(OurWrites.Single(w => w.Key == key).ExpectedFlags, FlagsWeWrote[key]);
            Assert.Equal("PASS", ReadByPeer[key]);
        }

        /// <summary>What our transcoder made of a peer's value: the rendered value, or "refused: " and the message.</summary>
        public (uint Flags, string Seen) Decode(string key)
        {
            var (value, flags) = Stored[key] ?? throw new InvalidOperationException($"memcached holds nothing under {key}");
            try
            {
                return (flags, DecodedValueText.Render(Shape(Transcoder.Decode(new ArraySegment<byte>(value), flags))));
            }
            catch (MemcachedSerializationException e)
            {
                return (flags, "refused: " + e.Message);
            }
        }
    }
}
