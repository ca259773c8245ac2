using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using MemcachePS.Core;

namespace MemcachePS.Bench
{
    /// <summary>
    /// One kind of call the deadline harness times against hostile servers: a public method of MemcachedClient, sync
    /// or async, single-key or batch, on one or three servers. Only the public API is used, so the harness measures
    /// whatever engine is current.
    /// </summary>
    public sealed class DeadlineCall
    {
        private readonly Func<MemcachedClient, DeadlineKeys, object?>? _sync;
        private readonly Func<MemcachedClient, DeadlineKeys, Task<object?>>? _async;

        private DeadlineCall(string name, int servers, Func<MemcachedClient, DeadlineKeys, object?>? sync, Func<MemcachedClient, DeadlineKeys, Task<object?>>? async)
        {
            Name = name;
            Servers = servers;
            _sync = sync;
            _async = async;
        }

        public string Name { get; }
        public int Servers { get; }
        public bool IsAsync => _async != null;

        public object? Invoke(MemcachedClient client, DeadlineKeys keys) => _sync!(client, keys);

        public Task<object?> InvokeAsync(MemcachedClient client, DeadlineKeys keys) => _async!(client, keys);

        /// <summary>Every call kind issue 10's deadline applies to: single and batch, sync and async.</summary>
        public static IReadOnlyList<DeadlineCall> All { get; } = new[]
        {
            Sync("Get", 1, (c, k) => c.Get(k.Single)),
            Async("GetAsync", 1, async (c, k) => await c.GetAsync(k.Single).ConfigureAwait(false)),
            Sync("Set", 1, (c, k) => c.Set(k.Single, k.Value)),
            Async("SetAsync", 1, async (c, k) => await c.SetAsync(k.Single, k.Value).ConfigureAwait(false)),
            Sync("GetMany (30 keys)", 1, (c, k) => c.GetMany(k.Many)),
            Sync("GetMany (30 keys)", 3, (c, k) => c.GetMany(k.Many)),
            Async("GetManyAsync (30 keys)", 1, async (c, k) => await c.GetManyAsync(k.Many).ConfigureAwait(false)),
            Async("GetManyAsync (30 keys)", 3, async (c, k) => await c.GetManyAsync(k.Many).ConfigureAwait(false)),
            Sync("StoreMany (100 keys)", 1, (c, k) => c.StoreMany(k.Requests)),
            Sync("StoreMany (100 keys)", 3, (c, k) => c.StoreMany(k.Requests)),
            Async("StoreManyAsync (100 keys)", 1, async (c, k) => await c.StoreManyAsync(k.Requests).ConfigureAwait(false)),
            Async("StoreManyAsync (100 keys)", 3, async (c, k) => await c.StoreManyAsync(k.Requests).ConfigureAwait(false)),
            Sync("SetMany (100 keys)", 3, (c, k) => c.SetMany(k.Pairs)),
        };

        /// <summary>The calls that read a value: what a server streaming one huge value tests.</summary>
        public static IReadOnlyList<DeadlineCall> Reads { get; } = new[] { All[0], All[1], All[4], All[6] };

        private static DeadlineCall Sync(string name, int servers, Func<MemcachedClient, DeadlineKeys, object?> call) => new(name, servers, call, null);

        private static DeadlineCall Async(string name, int servers, Func<MemcachedClient, DeadlineKeys, Task<object?>> call) => new(name, servers, null, call);
    }
}
