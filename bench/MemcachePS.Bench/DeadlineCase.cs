using System;
using System.Collections.Generic;
using MemcachePS.TestServers;

namespace MemcachePS.Bench
{
    /// <summary>One hostile server behaviour the deadline harness measures every call of <see cref="Calls"/> against.</summary>
    public sealed class DeadlineCase
    {
        public DeadlineCase(string name, string title, ReplyPace pace, bool answersHandshake, long declaredValueBytes,
            IReadOnlyList<DeadlineCall> calls, bool oneCallAtATime, bool hugeValue)
        {
            Name = name;
            Title = title;
            Pace = pace;
            AnswersHandshake = answersHandshake;
            DeclaredValueBytes = declaredValueBytes;
            Calls = calls;
            OneCallAtATime = oneCallAtATime;
            HugeValue = hugeValue;
        }

        /// <summary>What --only selects it by.</summary>
        public string Name { get; }
        public string Title { get; }
        public ReplyPace Pace { get; }
        public bool AnswersHandshake { get; }
        public long DeclaredValueBytes { get; }
        public IReadOnlyList<DeadlineCall> Calls { get; }
        /// <summary>
        /// Calls are measured one at a time (each holds up to two copies of a 1 GiB value); otherwise all calls of one
        /// timeout run side by side, each against its own servers on its own thread, as they only wait.
        /// </summary>
        public bool OneCallAtATime { get; }
        /// <summary>
        /// The server streams one huge value: reading it in full within the bound is fine, and so is refusing it with a
        /// protocol error; a connection error standing in for the timeout is not (see <see cref="DeadlineResult.Verdict"/>).
        /// </summary>
        public bool HugeValue { get; }

        public TrickleServer CreateServer(bool speaksMeta) =>
            new(Pace, TrickleServer.DefaultByteInterval, DeclaredValueBytes, AnswersHandshake, speaksMeta);

        public static IReadOnlyList<DeadlineCase> For(EngineOptions options) => new[]
        {
            new DeadlineCase("trickle", "Trickle: set-up answered, then every reply one byte every 0.4 s (`VA 1000000 ...`, `HD c<20 digits>`, `NS` per quiet store)",
                ReplyPace.Trickle, answersHandshake: true, TrickleServer.DefaultDeclaredValueBytes, DeadlineCall.All, oneCallAtATime: false, hugeValue: false),
            new DeadlineCase("never", "Never answers: set-up answered, then item commands are read and never answered",
                ReplyPace.Never, answersHandshake: true, TrickleServer.DefaultDeclaredValueBytes, DeadlineCall.All, oneCallAtATime: false, hugeValue: false),
            new DeadlineCase("never-setup", "Never answers anything: the connection's set-up (stats settings, mn) is not answered either",
                ReplyPace.Never, answersHandshake: false, TrickleServer.DefaultDeclaredValueBytes, DeadlineCall.All, oneCallAtATime: false, hugeValue: false),
            new DeadlineCase("flood", $"Fast huge reply: the first value declared {Formatting.Bytes(options.FloodBytes)} and streamed as fast as loopback takes it (met = returned within the bound with the value, a timeout or a refusal)",
                ReplyPace.Flood, answersHandshake: true, options.FloodBytes, DeadlineCall.Reads, oneCallAtATime: true, hugeValue: true),
        };
    }
}
