"""Write values with the Python memcached clients, or read ours back and judge them, for the xunit interop tests.

tests/Unit/Serialization/Interop checks that values cross between our DefaultTranscoder and pymemcache,
python-memcached and pylibmc in both directions, through a real memcached. Run by
MemcachePS.TestServers.PythonPeer with Debian's /usr/bin/python3.

Usage: values.py write|read <port>, with a JSON list of cases on stdin.
    write   each {"client", "key", "python", "min_compress_len"}: stores eval(python) under key with that client;
            prints {"key", "result"} per case, result "STORED" or the client's complaint.
    read    each {"reader", "key", "expected", "mode"}: gets key with that client and compares it in Python with
            eval(expected) ("exact": same type and value; "json": a str whose JSON equals it; "fails": the read
            must raise); prints {"reader", "key", "result"} per case, result "PASS" or "FAIL: ...".
Clients: pymemcache (pickle serde), pymemcache-pickle2, pymemcache-compressed, python-memcached, pylibmc.
Exit status 3 when a client's module is missing.
"""
import json
import sys
import zlib

MISSING_MODULE = 3

try:
    import memcache
    import pylibmc
    from pymemcache import serde
    from pymemcache.client.base import Client as PymemcacheClient
except ImportError as e:
    print("missing module: %s" % e.name)
    sys.exit(MISSING_MODULE)


class CompressingSerde:
    """pymemcache 4.x serde.CompressedSerde, which Debian's 3.5.2 lacks: the pickle_serde bytes, zlib-compressed
    with flag 8 when longer than min_compress_len (400 there) and smaller once compressed."""

    def __init__(self, min_compress_len=400):
        self.min_compress_len = min_compress_len

    def serialize(self, key, value):
        value, flags = serde.pickle_serde.serialize(key, value)
        if len(value) > self.min_compress_len > 0:
            compressed = zlib.compress(value)
            if len(compressed) < len(value):
                value, flags = compressed, flags | 8
        return value, flags

    def deserialize(self, key, value, flags):
        if flags & 8:
            value = zlib.decompress(value)
        return serde.pickle_serde.deserialize(key, value, flags)


def client(name, port):
    address = ("127.0.0.1", port)
    if name == "pymemcache":
        return PymemcacheClient(address, serde=serde.pickle_serde, default_noreply=False)
    if name == "pymemcache-pickle2":
        return PymemcacheClient(address, serde=serde.PickleSerde(pickle_version=2), default_noreply=False)
    if name == "pymemcache-compressed":
        compressed = getattr(serde, "CompressedSerde", None)
        return PymemcacheClient(address, serde=compressed() if compressed else CompressingSerde(), default_noreply=False)
    if name == "python-memcached":
        return memcache.Client(["127.0.0.1:%d" % port])
    if name == "pylibmc":
        return pylibmc.Client(["127.0.0.1:%d" % port])
    raise ValueError(name)


def write(c, case):
    value = eval(case["python"])
    options = {"min_compress_len": case["min_compress_len"]} if case["min_compress_len"] else {}
    stored = c.set(case["key"], value, **options)
    return {"key": case["key"], "result": "STORED" if stored else "NOT STORED: %r" % (stored,)}


def judge(c, case):
    expected = eval(case["expected"])
    try:
        got = c.get(case["key"])
    except Exception as e:
        got, error = None, e
    else:
        error = None
    if case["mode"] == "fails":
        return "PASS" if error is not None else "FAIL: expected an error, got %r" % (got,)
    if error is not None:
        return "FAIL: %s: %s" % (type(error).__name__, error)
    if case["mode"] == "json":
        return "PASS" if isinstance(got, str) and json.loads(got) == expected else "FAIL: got %r" % (got,)
    return "PASS" if type(got) is type(expected) and got == expected else "FAIL: got %r" % (got,)


def main():
    command, port = sys.argv[1], int(sys.argv[2])
    clients = {}
    for case in json.load(sys.stdin):
        name = case.get("client") or case["reader"]
        c = clients.get(name) or clients.setdefault(name, client(name, port))
        if command == "write":
            print(json.dumps(write(c, case)))
        else:
            print(json.dumps({"reader": name, "key": case["key"], "result": judge(c, case)[:300]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
