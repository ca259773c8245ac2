using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>
    /// One command: how to encode it and how to read its reply. Implemented by structs so the synchronous path of a
    /// single operation allocates nothing of its own; the same operation serves single calls and pipelined batches.
    /// </summary>
    internal interface IOperation<TResult>
    {
        /// <summary>Whether the reply is read with the meta parser (else the classic one).</summary>
        bool MetaReply(ServerNode node);

        /// <summary>
        /// Whether the request carries a data block after its command line (the store commands). After an error reply to
        /// such a request the server may have read the block as commands of its own, so whether the stream is still in
        /// step depends on it (see <see cref="Engine.ReplyErrors"/>).
        /// </summary>
        bool SendsDataBlock { get; }

        /// <summary>Encodes the request. Throws <see cref="MemcachedClientException"/> for input that cannot be sent.</summary>
        void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet);

        /// <summary>Takes one reply element (never an error line: the engine handles those); true when the reply is complete.</summary>
        bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out TResult result);

        /// <summary>
        /// Whether, in a binary-protocol batch, the quiet opcode is sent (only failures and hits answer; a no-op ends the
        /// window). <paramref name="quietRequested"/> is the caller's choice for writes (quiet batches carry no new CAS).
        /// Never for an operation whose quiet opcode would hide its result (a counter's new value, touch).
        /// </summary>
        bool QuietInBinary(bool quietRequested);

        /// <summary>The result a quiet (q) command stands for when the server sent nothing for it.</summary>
        TResult QuietResult { get; }

        /// <summary>The result when the server cannot be reached and errors are ignored: a miss, not stored, not found.</summary>
        TResult UnavailableResult { get; }
    }
}
