"""Store keys through a real Python memcached client, configured as a placement test says.

The xunit placement tests (tests/Unit/Cluster) then ask every server which keys it holds and compare that with
where our locators put them. Run by MemcachePS.TestServers.PythonPeer with Debian's /usr/bin/python3, which sees
Debian's python3-pymemcache, python3-memcache and python3-pylibmc.

Input, a JSON object on stdin:
    client      "pymemcache" (HashClient) | "memcache" (python-memcached) | "pylibmc"
    servers     addresses as the client takes them; for memcache, [address, weight] pairs
    keys        the keys to store, each with the value "1"
  pymemcache:   key_prefix, bytes_keys (send each key as ASCII bytes rather than str)
  memcache:     mode ("set" | "set_multi" | "pinned"), key_prefix (set_multi), pin_hashes (pinned: one
                server hash per key, stored as the (hash, key) tuple python-memcached accepts)
  pylibmc:      behaviors (libmemcached behaviors; "namespace" is passed as bytes), mode ("set" |
                "set_multi"), key_prefix (set_multi)

Output: {"failed": <number of keys the client reported as not stored>} on stdout.
Exit status 3 when the client's module is missing.
"""
import json
import sys

MISSING_MODULE = 3


def store_with_pymemcache(cfg, keys):
    from pymemcache.client.hash import HashClient

    options = {"allow_unicode_keys": True, "default_noreply": False, "connect_timeout": 5, "timeout": 5}
    if cfg.get("key_prefix"):
        options["key_prefix"] = cfg["key_prefix"].encode("ascii")
    client = HashClient(cfg["servers"], **options)
    failed = 0
    for key in keys:
        if not client.set(key.encode("ascii") if cfg.get("bytes_keys") else key, b"1"):
            failed += 1
    return failed


def store_with_python_memcached(cfg, keys):
    import memcache

    client = memcache.Client([(address, weight) for address, weight in cfg["servers"]], socket_timeout=5, dead_retry=600)
    mode = cfg.get("mode", "set")
    if mode == "set_multi":
        return len(client.set_multi({key: "1" for key in keys}, key_prefix=cfg["key_prefix"]))
    if mode == "pinned":
        return sum(1 for key, server_hash in zip(keys, cfg["pin_hashes"]) if not client.set((server_hash, key), "1"))
    return sum(1 for key in keys if not client.set(key, "1"))


def store_with_pylibmc(cfg, keys):
    import pylibmc

    behaviors = cfg.get("behaviors") or {}
    if "namespace" in behaviors:  # pylibmc reads it as bytes; a str gives garbage
        behaviors["namespace"] = behaviors["namespace"].encode("ascii")
    client = pylibmc.Client(cfg["servers"], behaviors=behaviors)
    if cfg.get("mode") == "set_multi":
        return len(client.set_multi({key: b"1" for key in keys}, key_prefix=cfg["key_prefix"]))
    return sum(1 for key in keys if not client.set(key, b"1"))


STORE = {
    "pymemcache": store_with_pymemcache,
    "memcache": store_with_python_memcached,
    "pylibmc": store_with_pylibmc,
}


def main():
    cfg = json.load(sys.stdin)
    try:
        failed = STORE[cfg["client"]](cfg, cfg["keys"])
    except ImportError as e:
        print("missing module: %s" % e.name)
        return MISSING_MODULE
    print(json.dumps({"failed": failed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
