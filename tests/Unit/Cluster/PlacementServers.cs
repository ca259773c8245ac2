using System;
using System.Collections.Generic;
using System.Linq;
using MemcachePS.Core;
using MemcachePS.Core.Cluster;
using MemcachePS.Tests.Unit.Infrastructure;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// The memcached servers every placement interop test shares: five on free ports of 127.0.0.1, up to five on the
    /// default port 11211 of 127.0.0.1..127.0.0.5 (memcached's default port is special in libmemcached's point names),
    /// three on unix sockets and three on ::1. Tests flush them before storing.
    /// </summary>
    public sealed class PlacementServers : IDisposable
    {
        private readonly List<MemcachedProcess> _all = new List<MemcachedProcess>();

        public PlacementServers()
        {
            try
            {
                Tcp = Enumerable.Range(0, 5).Select(_ => Keep(MemcachedProcess.Start())).ToList();
                DefaultPort = new List<MemcachedProcess>();
                for (int last = 1; last <= 5; last++)
                {
                    // 127.0.0.1:11211 may be taken by a real memcached or another test run; the others suffice then.
                    try { DefaultPort.Add(Keep(MemcachedProcess.StartOn("127.0.0." + last, MemcachedConstants.DefaultPort))); }
                    catch (InvalidOperationException) { }
                }
                Unix = Enumerable.Range(0, 3).Select(_ => Keep(MemcachedProcess.StartUnixSocket())).ToList();
                Ipv6 = Enumerable.Range(0, 3).Select(_ => Keep(MemcachedProcess.StartOn("::1", FreeIpv6Port()))).ToList();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public IReadOnlyList<MemcachedProcess> Tcp { get; }
        public List<MemcachedProcess> DefaultPort { get; }
        public IReadOnlyList<MemcachedProcess> Unix { get; }
        public IReadOnlyList<MemcachedProcess> Ipv6 { get; }

        public void FlushAll() => ServerProbe.FlushAll(_all);

        public static List<ServerAddress> Addresses(IEnumerable<MemcachedProcess> servers, params int[] weights) =>
            servers.Select((s, i) =>
            {
                var address = ServerAddress.Parse(s.Address);
                int weight = i < weights.Length ? weights[i] : 1;
                return address.IsUnixSocket ? ServerAddress.UnixSocket(address.UnixSocketPath!, weight)
                                            : new ServerAddress(address.Host, address.Port, weight);
            }).ToList();

        private static int FreeIpv6Port()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.IPv6Loopback, 0);
            listener.Start();
            int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private MemcachedProcess Keep(MemcachedProcess server)
        {
            _all.Add(server);
            return server;
        }

        public void Dispose()
        {
            foreach (var server in _all) server.Dispose();
            _all.Clear();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class PlacementInteropCollection : ICollectionFixture<PlacementServers>
    {
        public const string Name = "Placement interop with the real Python clients";
    }
}
