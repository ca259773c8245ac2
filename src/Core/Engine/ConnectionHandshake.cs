using System;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Protocol;
using MemcachePS.Core.Transport;

namespace MemcachePS.Core.Engine
{
    /// <summary>
    /// What runs once on each new connection, after authentication: <c>stats settings</c> (item_size_max, cas_enabled)
    /// and, in Auto mode, <c>mn</c> to learn whether the server speaks meta commands, pipelined into one round trip.
    /// Only the steps: <see cref="OperationEngine"/> does the waiting, synchronously or not.
    /// </summary>
    internal struct ConnectionHandshake
    {
        private readonly ServerNode _node;
        private readonly bool _detect;
        private bool _settingsDone;

        public ConnectionHandshake(ServerNode node)
        {
            _node = node;
            _detect = node.Mode == ProtocolMode.Auto;
            _settingsDone = false;
        }

        public static void Write(ServerConnection conn, ServerNode node)
        {
            conn.Output.Clear();
            TextRequestWriter.Command(conn.Output, "stats", "settings");
            if (node.Mode == ProtocolMode.Auto) MetaRequestWriter.NoOp(conn.Output);
        }

        /// <summary>Reads what has arrived; true once the whole handshake reply was read.</summary>
        public bool TryRead(ServerConnection conn)
        {
            while (true)
            {
                int n = TextResponseParser.TryParse(conn.Buffer, conn.Start, conn.Count, out var reply);
                if (n == 0) return false;
                conn.Consume(n);
                if (ServerRefusedConnectionException.IsRefusal(ref reply))
                    throw new ServerRefusedConnectionException(_node.Address);
                if (!_settingsDone)
                {
                    if (reply.Status == ResponseStatus.End || reply.IsError)
                    {
                        if (reply.Status == ResponseStatus.ClientError || reply.Status == ResponseStatus.ServerError)
                            ThrowIfAuthenticationRequired(reply.Message, _node);
                        _settingsDone = true;
                        if (!_detect) return true;
                        continue;
                    }
                    ReadSetting(ref reply, conn.Buffer, _node);
                    continue;
                }
                if (ParseHelpers.Equals(conn.Buffer, reply.LineOffset, reply.LineLength, "MN")) _node.SetProtocol(meta: true);
                else if (reply.Status == ResponseStatus.Error) _node.SetProtocol(meta: false);
                else throw new MemcachedProtocolException($"Unexpected reply to mn from {_node.Address}: '{reply.LineText(conn.Buffer)}'.");
                return true;
            }
        }

        private static void ReadSetting(ref ParsedResponse reply, byte[] buffer, ServerNode node)
        {
            const string itemSizeMax = "STAT item_size_max ";
            const string casEnabled = "STAT cas_enabled ";
            if (ParseHelpers.StartsWith(buffer, reply.LineOffset, reply.LineLength, itemSizeMax))
            {
                ulong size = ParseHelpers.ParseUInt64(buffer, reply.LineOffset + itemSizeMax.Length, reply.LineLength - itemSizeMax.Length, "item_size_max");
                node.ItemSizeMax = (int)Math.Min(int.MaxValue, size);
            }
            else if (ParseHelpers.StartsWith(buffer, reply.LineOffset, reply.LineLength, casEnabled))
            {
                node.CasEnabled = !ParseHelpers.Equals(buffer, reply.LineOffset + casEnabled.Length, reply.LineLength - casEnabled.Length, "no");
            }
        }

        private static void ThrowIfAuthenticationRequired(string? message, ServerNode node)
        {
            // memcached -Y answers "CLIENT_ERROR unauthenticated" to anything but the authentication set.
            if (message != null && message.IndexOf("authenticat", StringComparison.OrdinalIgnoreCase) >= 0)
                throw new MemcachedAuthenticationException($"{node.Address} requires authentication: configure credentials.") { Server = node.Address.Name };
        }
    }
}
