using System;
using MemcachePS.Core;

// keydump HOST:PORT[,HOST:PORT...]: prints how many keys memcached's metadump listed, as "keys dump" does.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: keydump HOST:PORT");
    return 2;
}
using var client = new MemcachedClient(args[0]);
long count = 0;
foreach (var server in client.Servers)
    client.DumpKeys(server, entry => { count++; return true; });
Console.WriteLine(count);
return 0;
