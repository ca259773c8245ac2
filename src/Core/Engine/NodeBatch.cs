using System;
using System.Collections.Generic;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Operations;
using MemcachePS.Core.Protocol;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// One server's share of a batch: its keys, its connection, and the window of requests in flight. Only the steps
    /// (encode a window, take the replies that have arrived, fail what cannot be confirmed); <see cref="BatchEngine"/>
    /// drives them synchronously or asynchronously.
    /// </summary>
    /// <remarks>
    /// A window is encoded into the connection's request buffer; its replies are matched by opaque = first opaque +
    /// slot. In quiet mode only failures and hits answer, and <c>mn</c> closes the window.
    /// </remarks>
    internal sealed class NodeBatch<TOp, TResult> where TOp : struct, IOperation<TResult>
    {
        private readonly List<int> _indices;
        private readonly string[] _keys;
        private readonly Func<int, TOp> _create;
        private readonly KeyOutcome<TResult>[] _outcomes;
        private readonly bool _quietRequested;
        private readonly bool _ignoreErrors;
        private TOp[] _ops = Array.Empty<TOp>();
        private int[] _slots = Array.Empty<int>();
        private bool[] _answered = Array.Empty<bool>();
        private int _count;
        private uint _firstOpaque;
        private int _next;
        private int _done;
        private bool _quiet;
        private bool _meta;
        private bool _binary;
        private byte[] _opcodes = Array.Empty<byte>();
        private MemcachedException? _unattributed;
        private List<MemcachedException>? _pendingErrors;
        private int _lastSlot;

        public NodeBatch(ServerNode node, List<int> indices, string[] keys, Func<int, TOp> create, KeyOutcome<TResult>[] outcomes,
            bool quiet, bool ignoreErrors)
        {
            Node = node;
            _indices = indices;
            _keys = keys;
            _create = create;
            _outcomes = outcomes;
            _quietRequested = quiet;
            _ignoreErrors = ignoreErrors;
        }

        public ServerNode Node { get; }

        /// <summary>The connection, once rented; given back by the engine at the end.</summary>
        public ServerConnection? Connection { get; set; }

        /// <summary>Whether this share has no keys in flight and no more to send (all outcomes are set).</summary>
        public bool Finished { get; private set; }

        /// <summary>Whether keys remain that were never sent.</summary>
        public bool HasUnsent => _next < _indices.Count;

        /// <summary>
        /// Encodes the next window of keys into the connection's request buffer, up to <paramref name="windowBytes"/>.
        /// Input that cannot be sent fails for its own key only, before anything is sent. False when no key is left.
        /// </summary>
        public bool EncodeNextWindow(int windowBytes)
        {
            ServerConnection conn = Connection!;
            if (_ops.Length == 0)
            {
                int size = Math.Min(BatchEngine.WindowOperations, _indices.Count);
                _ops = new TOp[size];
                _slots = new int[size];
                _binary = Node.UsesBinary;
                _quiet = _binary ? default(TOp).QuietInBinary(_quietRequested) : _quietRequested && Node.UsesMeta;
                if (_quiet) _answered = new bool[size];
                if (_binary) _opcodes = new byte[size];
            }
            RequestBuffer buffer = conn.Output;
            buffer.Clear();
            _count = 0;
            _done = 0;
            _unattributed = null;
            _pendingErrors?.Clear();
            _lastSlot = -1;
            while (_next < _indices.Count && _count < _ops.Length && buffer.Length < windowBytes)
            {
                // A window's tokens must be consecutive: a token is only used up once its request is encoded, and a window
                // ends where the token wraps past 0.
                uint opaque = conn.PeekNextOpaque();
                if (_count > 0 && opaque != _firstOpaque + (uint)_count) break;
                int index = _indices[_next++];
                int mark = buffer.Length;
                try
                {
                    TOp op = Create(index);
                    op.Write(buffer, Node, opaque, _quiet);
                    conn.NextOpaque();
                    if (_count == 0) _firstOpaque = opaque;
                    _ops[_count] = op;
                    _slots[_count] = index;
                    if (_binary) _opcodes[_count] = buffer.Bytes[mark + 1]; // the request's opcode, which its reply must echo
                    _count++;
                }
                catch (MemcachedException e)
                {
                    buffer.Truncate(mark);
                    _outcomes[index] = new KeyOutcome<TResult>(_keys[index], e, Node.Address);
                }
            }
            if (_count == 0)
            {
                Finished = true;
                return false;
            }
            if (_quiet)
            {
                // Binary: a no-op with the token after the window's last (the window never wraps past 0, so it is unused).
                if (_binary) BinaryRequestWriter.Bare(buffer, BinaryOpcode.NoOp, EndMarker);
                else MetaRequestWriter.NoOp(buffer);
                Array.Clear(_answered, 0, _count);
            }
            _meta = _ops[0].MetaReply(Node);
            return true;
        }

        /// <summary>
        /// Builds one key's operation. A custom transcoder's own exception (not a <see cref="MemcachedException"/>) becomes
        /// that key's <see cref="MemcachedClientException"/>, so one value it cannot encode fails its key only.
        /// </summary>
        private TOp Create(int index)
        {
            try
            {
                return _create(index);
            }
            catch (Exception e) when (!(e is MemcachedException))
            {
                throw new MemcachedClientException($"The value for '{_keys[index]}' could not be encoded: {e.Message}", e);
            }
        }

        /// <summary>
        /// Takes every reply of the window that has arrived; true once the window is complete. Throws
        /// <see cref="MemcachedProtocolException"/> when the stream is out of step.
        /// </summary>
        public bool TryReadWindow()
        {
            ServerConnection conn = Connection!;
            if (_binary) return _quiet ? TryReadQuietBinary(conn) : TryReadInOrderBinary(conn);
            return _quiet ? TryReadQuiet(conn) : TryReadInOrder(conn);
        }

        /// <summary>The opaque token of a binary quiet window's closing no-op.</summary>
        private uint EndMarker => _firstOpaque + (uint)_count;

        /// <summary>
        /// Binary explicit replies: one per request (several for stats), in order, each echoing its request's opaque token and
        /// opcode, errors included. An error fails its key and, being framed, leaves the stream in step; a reply for another
        /// request means the stream is out of step and the connection is closed.
        /// </summary>
        private bool TryReadInOrderBinary(ServerConnection conn)
        {
            while (_done < _count)
            {
                int n = BinaryResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply, Node.ItemSizeMax);
                if (n == 0)
                {
                    if (reply.PendingLength > 0) conn.Reserve(reply.PendingLength);
                    return false;
                }
                conn.Consume(n);
                uint expected = _firstOpaque + (uint)_done;
                if (reply.Opaque != expected || reply.Opcode != _opcodes[_done])
                {
                    conn.MarkBroken();
                    throw ReplyErrors.BinaryOutOfStep(ref reply, _opcodes[_done], expected, Node);
                }
                int index = _slots[_done];
                if (reply.IsError)
                {
                    var error = ReplyErrors.ToException(ref reply, Node);
                    _outcomes[index] = new KeyOutcome<TResult>(_keys[index], error, Node.Address);
                    _done++;
                    if (!ReplyErrors.KeepsStreamInStep(reply.Status, false, binary: true)) throw OutOfStep(conn, error);
                    continue;
                }
                if (_ops[_done].Read(ref reply, conn.Buffer, Node, out TResult result))
                {
                    _outcomes[index] = new KeyOutcome<TResult>(_keys[index], result, Node.Address);
                    _done++;
                }
            }
            return true;
        }

        /// <summary>
        /// Binary quiet replies (GetKQ, SetQ, DeleteQ …): only hits and failures answer, each with its request's opaque token
        /// and opcode, so every error is its own key's (unlike the meta protocol's error lines); the no-op closes the window.
        /// Keys without a reply get the operation's quiet result (stored, deleted, a miss).
        /// </summary>
        private bool TryReadQuietBinary(ServerConnection conn)
        {
            while (true)
            {
                int n = BinaryResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply, Node.ItemSizeMax);
                if (n == 0)
                {
                    if (reply.PendingLength > 0) conn.Reserve(reply.PendingLength);
                    return false;
                }
                conn.Consume(n);
                if (reply.Opcode == BinaryOpcode.NoOp && reply.Opaque == EndMarker && reply.Status == ResponseStatus.NoOp) break;
                uint slot = reply.Opaque.HasValue ? reply.Opaque.Value - _firstOpaque : uint.MaxValue;
                if (slot >= (uint)_count || _answered[slot] || reply.Opcode != _opcodes[slot])
                {
                    conn.MarkBroken();
                    throw new MemcachedProtocolException(
                        $"Binary reply from {Node.Address} carries opaque {reply.Opaque?.ToString() ?? "none"} and opcode 0x{reply.Opcode:X2}, which no unanswered request of this batch used: the connection is out of step and was closed.")
                    { Server = Node.Address.Name };
                }
                int index = _slots[slot];
                if (reply.IsError)
                {
                    var error = ReplyErrors.ToException(ref reply, Node);
                    _answered[slot] = true;
                    _outcomes[index] = new KeyOutcome<TResult>(_keys[index], error, Node.Address);
                    if (!ReplyErrors.KeepsStreamInStep(reply.Status, false, binary: true)) throw OutOfStep(conn, error);
                    continue;
                }
                if (_ops[slot].Read(ref reply, conn.Buffer, Node, out TResult result))
                {
                    _answered[slot] = true;
                    _outcomes[index] = new KeyOutcome<TResult>(_keys[index], result, Node.Address);
                }
            }
            for (int i = 0; i < _count; i++)
            {
                if (_answered[i]) continue;
                _answered[i] = true;
                _outcomes[_slots[i]] = new KeyOutcome<TResult>(_keys[_slots[i]], _ops[i].QuietResult, Node.Address);
            }
            return true;
        }

        /// <summary>Explicit replies: one per request, in order.</summary>
        private bool TryReadInOrder(ServerConnection conn)
        {
            while (_done < _count)
            {
                int n = _meta
                    ? MetaResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply, Node.ItemSizeMax)
                    : TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out reply, Node.ItemSizeMax);
                if (n == 0)
                {
                    if (reply.PendingLength > 0) conn.Reserve(reply.PendingLength);
                    return false;
                }
                conn.Consume(n);
                int index = _slots[_done];
                if (reply.IsError)
                {
                    // Explicit replies answer every request in order, so an error line is this request's even without
                    // an opaque token. It fails this key; only when it leaves the stream out of step does the window end.
                    var error = ReplyErrors.ToException(ref reply, Node);
                    _outcomes[index] = new KeyOutcome<TResult>(_keys[index], error, Node.Address);
                    _done++;
                    if (!ReplyErrors.KeepsStreamInStep(reply.Status, _ops[_done - 1].SendsDataBlock)) throw OutOfStep(conn, error);
                    continue;
                }
                uint expected = _firstOpaque + (uint)_done;
                if (_meta && reply.Opaque != expected)
                    throw new MemcachedProtocolException($"Reply from {Node.Address} carries opaque {reply.Opaque?.ToString() ?? "none"}, expected {expected}: the connection is out of step and was closed.") { Server = Node.Address.Name };
                if (_ops[_done].Read(ref reply, conn.Buffer, Node, out TResult result))
                {
                    _outcomes[index] = new KeyOutcome<TResult>(_keys[index], result, Node.Address);
                    _done++;
                }
            }
            return true;
        }

        /// <summary>
        /// Quiet replies: only failures and hits answer, each carrying its opaque, and <c>mn</c> closes the window. An
        /// error line carries no opaque (memcached 1.6.18, even with <c>O</c> and <c>k</c>), but replies come in request
        /// order, so it belongs to one of the keys between the reply before it and the reply after it. When those are as
        /// many as the errors between them, each error is its key's; otherwise each of those keys is reported
        /// unconfirmed (one of them failed, the rest were done), never guessed either way. Keys outside that span are
        /// unaffected.
        /// </summary>
        private bool TryReadQuiet(ServerConnection conn)
        {
            while (true)
            {
                int n = MetaResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply, Node.ItemSizeMax);
                if (n == 0)
                {
                    if (reply.PendingLength > 0) conn.Reserve(reply.PendingLength);
                    return false;
                }
                conn.Consume(n);
                if (reply.Status == ResponseStatus.NoOp)
                {
                    Bracket(_count);
                    break;
                }
                if (reply.IsError)
                {
                    var error = ReplyErrors.ToException(ref reply, Node);
                    // Which request it answered is not known, so whether it carried a data block is not either: a store
                    // batch is judged as stores (the only batches sent quiet).
                    if (!ReplyErrors.KeepsStreamInStep(reply.Status, _ops[0].SendsDataBlock)) throw OutOfStep(conn, error);
                    (_pendingErrors ??= new List<MemcachedException>()).Add(error);
                    continue;
                }
                uint slot = reply.Opaque.HasValue ? reply.Opaque.Value - _firstOpaque : uint.MaxValue;
                if (slot >= (uint)_count || _answered[slot])
                    throw new MemcachedProtocolException($"Reply from {Node.Address} carries opaque {reply.Opaque?.ToString() ?? "none"}, which no request of this batch used.") { Server = Node.Address.Name };
                Bracket((int)slot);
                if (_ops[slot].Read(ref reply, conn.Buffer, Node, out TResult result))
                {
                    _answered[slot] = true;
                    _outcomes[_slots[slot]] = new KeyOutcome<TResult>(_keys[_slots[slot]], result, Node.Address);
                }
                if ((int)slot > _lastSlot) _lastSlot = (int)slot;
            }
            for (int i = 0; i < _count; i++)
            {
                if (_answered[i]) continue;
                _answered[i] = true;
                int index = _slots[i];
                _outcomes[index] = _unattributed == null
                    ? new KeyOutcome<TResult>(_keys[index], _ops[i].QuietResult, Node.Address)
                    : new KeyOutcome<TResult>(_keys[index], new MemcachedServerException($"Unconfirmed: the server reported an error for an unidentified key of this quiet batch ({_unattributed.Message}).") { Server = Node.Address.Name }, Node.Address);
            }
            return true;
        }

        /// <summary>
        /// A reply for <paramref name="slot"/> (or the window's end, <c>_count</c>) arrived: the error lines read since the
        /// previous reply answered keys after that reply and before this slot. Attributes them (see <see cref="TryReadQuiet"/>).
        /// </summary>
        private void Bracket(int slot)
        {
            if (_pendingErrors == null || _pendingErrors.Count == 0) return;
            int from = _lastSlot + 1;
            if (slot < from)
            {
                // Replies out of request order (not memcached's way): the errors cannot be placed, so every key of the
                // window without a reply is reported unconfirmed.
                _unattributed ??= _pendingErrors[0];
                _pendingErrors.Clear();
                return;
            }
            int span = slot - from;
            if (span < _pendingErrors.Count)
                throw OutOfStep(Connection!, _pendingErrors[span]); // more error lines than requests they could answer
            for (int i = from; i < slot; i++)
            {
                int index = _slots[i];
                _answered[i] = true;
                var error = span == _pendingErrors.Count
                    ? _pendingErrors[i - from]
                    : new MemcachedServerException(
                        $"Unconfirmed: the server answered '{_pendingErrors[0].Message}'{(_pendingErrors.Count > 1 ? $" (and {_pendingErrors.Count - 1} more errors)" : "")} for {_pendingErrors.Count} of {span} keys of this quiet batch without saying which; this key may or may not have been written.")
                    { Server = Node.Address.Name };
                _outcomes[index] = new KeyOutcome<TResult>(_keys[index], error, Node.Address);
            }
            _pendingErrors.Clear();
        }

        /// <summary>An error reply after which the stream cannot be trusted: the connection is closed and the window failed.</summary>
        private MemcachedProtocolException OutOfStep(ServerConnection conn, MemcachedException error)
        {
            conn.MarkBroken();
            return ReplyErrors.OutOfStep(error, Node);
        }

        /// <summary>The window's whole reply was read: the connection is clean for the next window.</summary>
        public void CompleteWindow()
        {
            Connection!.Output.Clear();
            if (!HasUnsent) Finish();
        }

        /// <summary>Every key answered: the server worked.</summary>
        private void Finish()
        {
            Finished = true;
            Node.ReportSuccess();
        }

        /// <summary>
        /// The connection failed (or the stream went out of step) during a window: the connection is closed, the
        /// window's unanswered keys are unconfirmed, and the keys never sent fail as not sent.
        /// </summary>
        public void Fail(MemcachedException cause)
        {
            Connection?.MarkBroken();
            if (cause is MemcachedConnectionException) Node.ReportFailure();
            for (int i = 0; i < _count; i++)
            {
                if (_quiet ? _answered[i] : i < _done) continue;
                _outcomes[_slots[i]] = Unconfirmed(_keys[_slots[i]], cause, _ops[i].UnavailableResult);
            }
            _count = 0;
            FailUnsent(new MemcachedConnectionException($"Not sent: the connection to {Node.Address} failed earlier in the batch.", cause) { Server = Node.Address.Name });
        }

        /// <summary>No connection could be had: every key not yet sent fails with that error.</summary>
        public void FailUnsent(MemcachedException error)
        {
            bool ignore = _ignoreErrors && error is MemcachedConnectionException;
            for (; _next < _indices.Count; _next++)
            {
                int index = _indices[_next];
                _outcomes[index] = ignore
                    ? new KeyOutcome<TResult>(_keys[index], default(TOp).UnavailableResult, Node.Address)
                    : new KeyOutcome<TResult>(_keys[index], error, Node.Address);
            }
            Finished = true;
        }

        /// <summary>
        /// A key whose reply never came: an error saying it is unconfirmed, or, when errors are ignored and the
        /// connection failed, the operation's "unavailable" result (a miss, not stored) — never a success.
        /// </summary>
        private KeyOutcome<TResult> Unconfirmed(string key, MemcachedException cause, TResult unavailable)
        {
            if (_ignoreErrors && cause is MemcachedConnectionException) return new KeyOutcome<TResult>(key, unavailable, Node.Address);
            MemcachedException error = cause switch
            {
                MemcachedTimeoutException _ => new MemcachedTimeoutException($"Unconfirmed: {cause.Message}", cause) { Server = Node.Address.Name },
                MemcachedConnectionException _ => new MemcachedConnectionException($"Unconfirmed: {cause.Message}", cause) { Server = Node.Address.Name },
                _ => cause,
            };
            return new KeyOutcome<TResult>(key, error, Node.Address);
        }

    }
}
