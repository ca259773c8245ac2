using System;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;

namespace MemcachePS.Core.Operations
{
    /// <summary>set / add / replace / append / prepend / cas (ms).</summary>
    internal readonly struct StoreOperation : IOperation<StoreResult>
    {
        private readonly string _prefix;
        private readonly string _key;
        private readonly bool _base64;
        private readonly StoreMode _mode;
        private readonly ArraySegment<byte> _value;
        private readonly uint _flags;
        private readonly long _ttl;
        private readonly ulong _cas;
        private readonly bool _casIsGuardOnly;

        public StoreOperation(string prefix, string key, bool base64, StoreMode mode, ArraySegment<byte> value, uint flags, long ttl, ulong cas, bool casIsGuardOnly = false)
        {
            _casIsGuardOnly = casIsGuardOnly;
            _prefix = prefix;
            _key = key;
            _base64 = base64;
            _mode = mode;
            _value = value;
            _flags = flags;
            _ttl = ttl;
            _cas = cas;
        }

        public bool MetaReply(ServerNode node) => node.UsesMeta;

        public bool SendsDataBlock => true;

        public StoreResult QuietResult => new StoreResult(StoreStatus.Stored, 0);

        public StoreResult UnavailableResult => new StoreResult(StoreStatus.NotStored, 0);

        /// <summary>Refuses a value the server could never hold, before anything is sent.</summary>
        public static void CheckSize(string prefix, string key, int valueLength, uint flags, ServerNode node)
        {
            int keyBytes = System.Text.Encoding.UTF8.GetByteCount(prefix) + System.Text.Encoding.UTF8.GetByteCount(key);
            int max = node.MaxValueLength(keyBytes, flags);
            if (valueLength > max)
                throw new MemcachedClientException(
                    $"The value for '{KeyValidator.Printable(key)}' is {valueLength} bytes; {node.Address} stores at most {max} bytes under this key (item_size_max {node.ItemSizeMax} less the item's own overhead).")
                { Server = node.Address.Name };
        }

        public bool QuietInBinary(bool quietRequested) => quietRequested;

        public void Write(RequestBuffer buffer, ServerNode node, uint opaque, bool quiet)
        {
            CheckSize(_prefix, _key, _value.Count, _flags, node);
            if (_cas != 0 && !node.CasEnabled) throw CasDisabled(_key, node);
            if (node.UsesBinary)
            {
                if (_base64) throw GetOperation.BinaryCannot("base64 keys (the meta protocol's b flag)", node);
                // memcached turns a binary add that carries a CAS token into a compare-and-swap, which stores over an existing
                // item: not an add. (Replace with a token is a swap of an existing item, as asked; append/prepend keep the mode.)
                if (_cas != 0 && _mode == StoreMode.Add)
                    throw new MemcachedClientException("A CAS token cannot be combined with add: an item that has a token already exists, so the add could never store.");
                BinaryRequestWriter.Store(buffer, _prefix, _key, _mode, _value, _flags, _ttl, _cas, opaque, quiet);
            }
            else if (node.UsesMeta)
                MetaRequestWriter.Set(buffer, _prefix, _key, _base64, _mode, _value, _flags, _ttl, _cas, opaque, quiet);
            else
            {
                if (_base64) throw GetOperation.ClassicCannot("base64 keys", node);
                if (_cas != 0 && _mode != StoreMode.Set && !_casIsGuardOnly)
                    throw new MemcachedClientException("The classic protocol's cas command always sets; it cannot be combined with add/replace/append/prepend.");
                // A guard-only token cannot travel in the classic protocol: the join goes unguarded there.
                TextRequestWriter.Store(buffer, _prefix, _key, _mode, _value, _flags, _ttl, _casIsGuardOnly ? 0 : _cas);
            }
        }

        /// <summary>
        /// A compare-and-swap sent to a server that keeps no CAS tokens (memcached -C; the handshake read cas_enabled no):
        /// memcached 1.6 answers EXISTS to every such write whatever the token, which would read as "changed since it was
        /// read" and send a retrying caller round for ever. Refused before sending instead.
        /// </summary>
        internal static MemcachedClientException CasDisabled(string key, ServerNode node) =>
            new MemcachedClientException(
                $"{node.Address} runs with CAS disabled (memcached -C): it keeps no CAS tokens (items read from it carry CAS 0), so a " +
                $"compare-and-swap of '{KeyValidator.Printable(key)}' cannot be checked there and was not sent.")
            { Server = node.Address.Name };

        public bool Read(ref ParsedResponse reply, byte[] buffer, ServerNode node, out StoreResult result)
        {
            // The binary protocol answers an add over an existing item "exists" and a replace of a missing one "not found";
            // the meta and classic protocols call both "not stored", and so does this client, whatever the protocol.
            if (node.UsesBinary && _cas == 0 &&
                ((_mode == StoreMode.Add && reply.Status == ResponseStatus.Exists) || (_mode == StoreMode.Replace && reply.Status == ResponseStatus.NotFound)))
            {
                result = new StoreResult(StoreStatus.NotStored, 0);
                return true;
            }
            switch (reply.Status)
            {
                case ResponseStatus.Success: result = new StoreResult(StoreStatus.Stored, reply.Cas); return true;
                case ResponseStatus.NotStored: result = new StoreResult(StoreStatus.NotStored, 0); return true;
                case ResponseStatus.Exists: result = new StoreResult(StoreStatus.Exists, 0); return true;
                case ResponseStatus.NotFound: result = new StoreResult(StoreStatus.NotFound, 0); return true;
                default: throw GetOperation.Unexpected(ref reply, buffer, "a store command");
            }
        }
    }
}
