namespace MemcachePS
{
    /// <summary>A counter's value after Step-MemcachedCounter.</summary>
    public sealed class MemcachedCounter
    {
        public MemcachedCounter(string key, ulong value, string? server)
        {
            Key = key;
            Value = value;
            Server = server;
        }

        public string Key { get; }
        public ulong Value { get; }
        public string? Server { get; }

        public override string ToString() => Key + " = " + Value;
    }
}
