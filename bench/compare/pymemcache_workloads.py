"""pymemcache's side of bench/compare.sh: the workloads of MemcachePS.Bench's compare mode, same data and counts.

Run with Debian's /usr/bin/python3 (python3-pymemcache). Prints one line per workload:
RESULT client=pymemcache op=get count=100000 seconds=2.95 rate=33898.3
"""
import argparse
import time

from pymemcache.client.base import Client

GET_MANY_KEYS = 100
BULK_KEYS = 10000
SMALL_VALUE_BYTES = 32


def repeat_key(key, length):
    pattern = key.encode("ascii")
    return (pattern * (length // len(pattern) + 1))[:length]


def load_dataset(path):
    keys, values = [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            key, length = line.split("\t")
            keys.append(key)
            values.append(repeat_key(key, int(length)))
    return keys, values


def measure(count, warmup, warmup_seconds, step):
    """Runs step untimed at least warmup times and for at least warmup_seconds (as MemcachePS.Bench does), then times count steps."""
    i, start = 0, time.perf_counter()
    while i < warmup or time.perf_counter() - start < warmup_seconds:
        step(i)
        i += 1
    start = time.perf_counter()
    for i in range(count):
        step(i)
    return time.perf_counter() - start


def report(op, count, seconds):
    print("RESULT client=pymemcache op=%s count=%d seconds=%.4f rate=%.1f" % (op, count, seconds, count / seconds), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dataset", required=True)
    p.add_argument("--ops", type=int, default=100000)
    p.add_argument("--warmup-ops", type=int, default=10000)
    p.add_argument("--warmup-seconds", type=float, default=1.0)
    p.add_argument("--getmany-calls", type=int, default=5000)
    p.add_argument("--bulk-batches", type=int, default=50)
    p.add_argument("--only", default="set,get,bulk,getmany")
    a = p.parse_args()
    only = set(a.only.split(","))

    keys, values = load_dataset(a.dataset)
    n = len(keys)
    # no_delay=True like our client's TCP_NODELAY; pymemcache's default (False) is slower for request/reply.
    client = Client(("127.0.0.1", a.port), no_delay=True, default_noreply=False)

    small_keys = ["s:" + k for k in keys[:BULK_KEYS]]
    small = {k: repeat_key(k, SMALL_VALUE_BYTES) for k in small_keys}
    windows = [small_keys[i:i + GET_MANY_KEYS] for i in range(0, BULK_KEYS, GET_MANY_KEYS)]

    def sequential_set(i):
        j = i % n
        if not client.set(keys[j], values[j], noreply=False):
            raise RuntimeError("set %s was not stored" % keys[j])

    def sequential_get(i):
        j = i % n
        value = client.get(keys[j])
        if value is None or len(value) != len(values[j]):
            raise RuntimeError("get %s did not return the value set (was the set workload run first?)" % keys[j])

    def bulk_set(_):
        # Unchecked: with noreply the server sends nothing back, so a failed key goes unseen.
        client.set_many(small, noreply=True)

    def get_many(call):
        found = client.get_many(windows[call % len(windows)])
        if len(found) != GET_MANY_KEYS:
            raise RuntimeError("get_many found %d of %d keys (was the bulk workload run first?)" % (len(found), GET_MANY_KEYS))

    if "set" in only:
        report("set", a.ops, measure(a.ops, a.warmup_ops, a.warmup_seconds, sequential_set))
    if "get" in only:
        report("get", a.ops, measure(a.ops, a.warmup_ops, a.warmup_seconds, sequential_get))
    if "bulk" in only:
        def bulk_then_sync(count, warmup):
            i, start = 0, time.perf_counter()
            while i < warmup or time.perf_counter() - start < a.warmup_seconds:
                bulk_set(i)
                i += 1
            client.version()
            start = time.perf_counter()
            for i in range(count):
                bulk_set(i)
            client.version()  # one round trip: the clock stops when the server has read every write
            return time.perf_counter() - start
        report("bulk_set_10000", a.bulk_batches * BULK_KEYS, bulk_then_sync(a.bulk_batches, 2))
    if "getmany" in only:
        report("get_many_100", a.getmany_calls * GET_MANY_KEYS, measure(a.getmany_calls, 100, a.warmup_seconds, get_many))
    client.close()


if __name__ == "__main__":
    main()
