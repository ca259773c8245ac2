namespace MemcachePS.Core.Protocol
{
    /// <summary>The binary protocol's opcodes this client sends (memcached's protocol_binary.h).</summary>
    internal static class BinaryOpcode
    {
        public const byte Get = 0x00, Set = 0x01, Add = 0x02, Replace = 0x03, Delete = 0x04, Increment = 0x05, Decrement = 0x06,
            Quit = 0x07, Flush = 0x08, GetQ = 0x09, NoOp = 0x0a, Version = 0x0b, GetK = 0x0c, GetKQ = 0x0d, Append = 0x0e,
            Prepend = 0x0f, Stat = 0x10, SetQ = 0x11, AddQ = 0x12, ReplaceQ = 0x13, DeleteQ = 0x14, IncrementQ = 0x15,
            DecrementQ = 0x16, QuitQ = 0x17, FlushQ = 0x18, AppendQ = 0x19, PrependQ = 0x1a, Verbosity = 0x1b, Touch = 0x1c,
            Gat = 0x1d, GatQ = 0x1e, SaslListMechs = 0x20, SaslAuth = 0x21, SaslStep = 0x22, GatK = 0x23, GatKQ = 0x24;

        /// <summary>Whether a successful reply to this opcode carries an item (4 bytes of flags as extras, then the value).</summary>
        public static bool ReturnsItem(byte opcode) =>
            opcode == Get || opcode == GetQ || opcode == GetK || opcode == GetKQ || opcode == Gat || opcode == GatQ || opcode == GatK || opcode == GatKQ;

        /// <summary>Whether a successful reply to this opcode carries a counter's new value (8 bytes, big-endian).</summary>
        public static bool ReturnsCounter(byte opcode) =>
            opcode == Increment || opcode == Decrement || opcode == IncrementQ || opcode == DecrementQ;

        /// <summary>Whether a successful reply to this opcode carries a body to read (version text, a stat, SASL data).</summary>
        public static bool ReturnsBody(byte opcode) =>
            opcode == Version || opcode == Stat || opcode == SaslListMechs || opcode == SaslAuth || opcode == SaslStep;
    }
}
