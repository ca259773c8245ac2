using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;

namespace MemcachePS.Core.Transport
{
    /// <summary>Runs on every new connection before anything else is sent.</summary>
    internal interface IConnectionAuthenticator
    {
        Task AuthenticateAsync(ServerConnection connection, ServerAddress server, bool sync, CancellationToken token);
    }
}
