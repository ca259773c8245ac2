using System.Threading;
using System.Threading.Tasks;
using MemcachePS.Core.Cluster;
using MemcachePS.Core.Engine;

namespace MemcachePS.Core.Transport
{
    /// <summary>Runs on every new connection before anything else is sent.</summary>
    internal interface IConnectionAuthenticator
    {
        /// <summary>On the calling thread, ending by <paramref name="deadline"/>.</summary>
        void Authenticate(ServerConnection connection, ServerNode node, Deadline deadline);

        /// <summary><paramref name="token"/> carries the call's deadline and the caller's cancellation.</summary>
        Task AuthenticateAsync(ServerConnection connection, ServerNode node, CancellationToken token);
    }
}
