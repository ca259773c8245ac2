namespace MemcachePS.Core.Cluster
{
    /// <summary>One server: every key, and every pin, goes to it, whichever distribution was asked for.</summary>
    internal sealed class SingleServerLocator : INodeLocator
    {
        public static readonly SingleServerLocator Instance = new SingleServerLocator();

        public int Locate(string key) => 0;
    }
}
