using System.Collections.Generic;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>
    /// A classic server-level command (stats, flush_all, version, verbosity, cache_memlimit, lru_crawler …). Collects
    /// reply lines until the terminator: END for multi-line replies, otherwise the single line.
    /// </summary>
    internal struct CommandOperation : IOperation<IReadOnlyList<string>>
    {
        private readonly string _command;
        private readonly string? _argument;
        private readonly bool _multiLine;
        private List<string>? _lines;

        public CommandOperation(string command, string? argument, bool multiLine)
        {
            _command = command;
            _argument = argument;
            _multiLine = multiLine;
            _lines = null;
        }

        public bool MetaReply(ServerNode node) => false;

        public bool SendsDataBlock => false;

        public IReadOnlyList<string> QuietResult => new string[0];

        public IReadOnlyList<string> UnavailableResult => new string[0];

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet) =>
            TextRequestWriter.Command(buffer, _command, _argument);

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out IReadOnlyList<string> result)
        {
            _lines ??= new List<string>();
            if (_multiLine && reply.Status == ResponseStatus.End)
            {
                result = _lines;
                return true;
            }
            if (reply.Status == ResponseStatus.Value)
                throw GetOperation.Unexpected(ref reply, buffer, _command);
            _lines.Add(reply.LineText(buffer));
            result = _lines;
            // lru_crawler answers BUSY (one line, no END) when a crawl is already running.
            return !_multiLine || (_lines.Count == 1 && _lines[0].StartsWith("BUSY", System.StringComparison.Ordinal));
        }
    }
}
