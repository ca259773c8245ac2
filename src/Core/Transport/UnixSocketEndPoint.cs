using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MemcachePS.Core.Transport
{
    /// <summary>
    /// The endpoint of a unix domain socket. netstandard2.0 has no such type, so the runtime's own
    /// UnixDomainSocketEndPoint is used where it exists (.NET Core 2.1+), and this minimal one elsewhere.
    /// </summary>
    internal sealed class UnixSocketEndPoint : EndPoint
    {
        private static readonly Type? RuntimeType =
            Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets", throwOnError: false);

        private readonly string _path;

        private UnixSocketEndPoint(string path) => _path = path;

        public static EndPoint Create(string path)
        {
            if (RuntimeType != null) return (EndPoint)Activator.CreateInstance(RuntimeType, path)!;
            return new UnixSocketEndPoint(path);
        }

        public override AddressFamily AddressFamily => AddressFamily.Unix;

        public override SocketAddress Serialize()
        {
            byte[] path = Encoding.UTF8.GetBytes(_path);
            var address = new SocketAddress(AddressFamily.Unix, 2 + path.Length + 1);
            for (int i = 0; i < path.Length; i++) address[2 + i] = path[i];
            address[2 + path.Length] = 0;
            return address;
        }

        public override EndPoint Create(SocketAddress socketAddress) => new UnixSocketEndPoint(_path);

        public override string ToString() => _path;
    }
}
