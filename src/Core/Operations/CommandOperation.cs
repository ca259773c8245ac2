using System.Collections.Generic;
using System.Globalization;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>
    /// A classic server-level command (stats, flush_all, version, verbosity, cache_memlimit, lru_crawler …). Collects
    /// reply lines until the terminator: END for multi-line replies, otherwise the single line.
    /// </summary>
    /// <remarks>
    /// A listing is bounded, so a broken or hostile server cannot make the client hold an endless one: at most
    /// <see cref="MaxListingLines"/> lines and <see cref="MaxListingBytes"/> bytes (each line at most 8,192 bytes, as every
    /// reply line). Real listings stay far below: <c>stats items</c> and <c>stats slabs</c> are about 20 lines per slab
    /// class (at most 63 classes: under 1,500 lines), <c>stats cachedump</c> is capped by memcached at 2 MB, <c>stats sizes</c>
    /// has one line per 32-byte size in use (32,768 at most with a 1 MiB item_size_max), <c>stats conns</c> about 5 lines
    /// per open connection (200,000 for 40,000 connections). Past either limit the reply is a protocol error and the
    /// connection is closed.
    /// </remarks>
    internal struct CommandOperation : IOperation<IReadOnlyList<string>>
    {
        private readonly string _command;
        private readonly string? _argument;
        private readonly bool _multiLine;
        private readonly int _maxLines;
        private readonly long _maxBytes;
        private List<string>? _lines;
        private long _bytes;

        /// <summary>Most lines a listing may have (see the remarks).</summary>
        public const int MaxListingLines = 1_000_000;

        /// <summary>Most bytes a listing may take, line ends included (see the remarks).</summary>
        public const long MaxListingBytes = 64L * 1024 * 1024;

        private readonly bool _refuseOnProxy;
        private readonly bool _raw;

        /// <param name="command">The command name, checked as one word of printable ASCII.</param>
        /// <param name="argument">What follows it, or null.</param>
        /// <param name="multiLine">Whether the reply runs to END.</param>
        /// <param name="maxLines">Most lines a listing may have.</param>
        /// <param name="maxBytes">Most bytes a listing may take.</param>
        /// <param name="refuseOnProxy">
        /// Refuse it, before sending, on a proxy (<see cref="ServerKind.Proxy"/>), which would close the connection on it.
        /// Off for <c>version</c>, which twemproxy answers, and for raw commands the caller chose.
        /// </param>
        /// <param name="raw">A command line the caller wrote (ExecuteCommand): text only, refused on a binary-protocol server.
        /// Otherwise the server commands this client knows (stats, version, flush_all) go as their binary opcodes there.</param>
        public CommandOperation(string command, string? argument, bool multiLine, int maxLines = MaxListingLines, long maxBytes = MaxListingBytes,
            bool refuseOnProxy = false, bool raw = false)
        {
            _raw = raw;
            _refuseOnProxy = refuseOnProxy;
            _command = command;
            _argument = argument;
            _multiLine = multiLine;
            _maxLines = maxLines;
            _maxBytes = maxBytes;
            _lines = null;
            _bytes = 0;
        }

        public bool MetaReply(ServerNode node) => false;

        public bool SendsDataBlock => false;

        public IReadOnlyList<string> QuietResult => new string[0];

        public IReadOnlyList<string> UnavailableResult => new string[0];

        public bool QuietInBinary(bool quietRequested) => false;

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            if (node.UsesBinary)
            {
                WriteBinary(buffer, node, opaque);
                return;
            }
            if (_refuseOnProxy) Engine.ProxyRefusals.ThrowIfProxy(node, $"'{_command}'", _command, Engine.ProxyRefusals.AskTheServers);
            TextRequestWriter.Command(buffer, _command, _argument);
        }

        /// <summary>The server commands the binary protocol has an opcode for; anything else is refused before sending.</summary>
        private void WriteBinary(RequestBuffer buffer, ServerNode node, uint opaque)
        {
            if (_raw)
                throw GetOperation.BinaryCannot($"a raw text command ('{_command}'): run it on a server spoken to in the meta or classic protocol", node);
            switch (_command)
            {
                case "stats": BinaryRequestWriter.Stat(buffer, _argument, opaque); break;
                case "version": BinaryRequestWriter.Bare(buffer, BinaryOpcode.Version, opaque); break;
                case "flush_all":
                    BinaryRequestWriter.Flush(buffer, _argument == null ? (long?)null : long.Parse(_argument, CultureInfo.InvariantCulture), opaque);
                    break;
                // memcached 1.6.18 sets the verbosity of a binary request but sends no reply at all, so a call would only end at
                // its deadline: refused instead (checked with a raw socket).
                case "verbosity": throw GetOperation.BinaryCannot("'verbosity': memcached sends no reply to the binary verbosity command", node);
                default: throw GetOperation.BinaryCannot($"'{_command}', which has no binary opcode", node);
            }
        }

        /// <summary>
        /// A binary reply, given back as the lines the text command would have: <c>STAT name value</c> per stat packet (the
        /// one with an empty key ends them), <c>VERSION x</c>, <c>OK</c>.
        /// </summary>
        private bool ReadBinary(ref ParsedResponse reply, byte[] buffer, ServerNode node, out IReadOnlyList<string> result)
        {
            _lines ??= new List<string>();
            result = _lines;
            if (_command == "stats" && reply.Status == ResponseStatus.Value)
            {
                if (reply.KeyLength == 0)
                {
                    // stats reset answers only the closing packet where the text protocol says RESET.
                    if (_argument == "reset" && _lines.Count == 0) _lines.Add("RESET");
                    return true;
                }
                _bytes += reply.KeyLength + reply.ValueLength + 8;
                if (_lines.Count >= _maxLines || _bytes > _maxBytes) throw TooLong(node);
                _lines.Add("STAT " + System.Text.Encoding.UTF8.GetString(buffer, reply.KeyOffset, reply.KeyLength) + " " +
                           System.Text.Encoding.UTF8.GetString(buffer, reply.ValueOffset, reply.ValueLength));
                return false;
            }
            if (_command == "version" && reply.Status == ResponseStatus.Value)
            {
                _lines.Add("VERSION " + BinaryResponseParser.BodyText(buffer, ref reply));
                return true;
            }
            if (_command == "flush_all" && reply.Status == ResponseStatus.Success)
            {
                _lines.Add("OK");
                return true;
            }
            throw GetOperation.Unexpected(ref reply, buffer, _command + " (binary)");
        }

        private MemcachedProtocolException TooLong(ServerNode node) =>
            new MemcachedProtocolException(
                $"The reply to '{_command}{(_argument != null ? " " + _argument : "")}' from {node?.Address.Name ?? "the server"} goes on past {_maxLines.ToString("N0", CultureInfo.InvariantCulture)} lines or {_maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, " +
                "far beyond any real memcached listing: it was cut off and the connection closed.") { Server = node?.Address.Name };

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out IReadOnlyList<string> result)
        {
            if (node != null && node.UsesBinary) return ReadBinary(ref reply, buffer, node, out result);
            _lines ??= new List<string>();
            if (_multiLine && reply.Status == ResponseStatus.End)
            {
                result = _lines;
                return true;
            }
            if (reply.Status == ResponseStatus.Value)
                throw GetOperation.Unexpected(ref reply, buffer, _command);
            _bytes += reply.LineLength + 2;
            if (_lines.Count >= _maxLines || _bytes > _maxBytes) throw TooLong(node!);
            _lines.Add(reply.LineText(buffer));
            result = _lines;
            // lru_crawler answers BUSY (one line, no END) when a crawl is already running.
            return !_multiLine || (_lines.Count == 1 && _lines[0].StartsWith("BUSY", System.StringComparison.Ordinal));
        }
    }
}
