using MemcachePS.Core.Cluster;

namespace MemcachePS.Core
{
    /// <summary>
    /// One key's result in a multi-key operation: either a result or the error that kept it from one. A failure of one
    /// server shows here for that server's keys only; the others carry their results.
    /// </summary>
    public readonly struct KeyOutcome<T>
    {
        public KeyOutcome(string key, T result, ServerAddress? server)
        {
            Key = key;
            Result = result;
            Server = server;
            Error = null;
        }

        public KeyOutcome(string key, MemcachedException error, ServerAddress? server)
        {
            Key = key;
            Result = default!;
            Server = server;
            Error = error;
        }

        public string Key { get; }
        public T Result { get; }
        public MemcachedException? Error { get; }
        public ServerAddress? Server { get; }
        public bool HasError => Error != null;
        public override string ToString() => HasError ? $"{Key}: error: {Error!.Message}" : $"{Key}: {Result}";
    }
}
