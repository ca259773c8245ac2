using MemcachePS.Core.Cluster;

namespace MemcachePS.Core
{
    /// <summary>One server's answer to a server-level command, or the error that kept it from answering.</summary>
    public readonly struct ServerResult<T>
    {
        public ServerResult(ServerAddress server, T result)
        {
            Server = server;
            Result = result;
            Error = null;
        }

        public ServerResult(ServerAddress server, MemcachedException error)
        {
            Server = server;
            Result = default!;
            Error = error;
        }

        public ServerAddress Server { get; }
        public T Result { get; }
        public MemcachedException? Error { get; }
        public bool HasError => Error != null;
        public override string ToString() => HasError ? $"{Server}: error: {Error!.Message}" : $"{Server}: {Result}";
    }
}
