"""pylibmc over the binary protocol with SASL PLAIN (binary=True, username, password), for the xunit interop tests
of memcached -S (tests/Unit/Serialization/Interop/PylibmcSaslInteropTests.cs). Run by MemcachePS.TestServers.PythonPeer
with Debian's /usr/bin/python3.

Usage: sasl.py write|read|incr <port>, with {"user", "password", "cases": [...]} as JSON on stdin (the password never
goes on the command line).
    write   each {"key", "python"}: stores eval(python) under key; prints {"key", "result"}, "STORED" or a complaint.
    read    each {"key", "expected"}: gets key and compares it with eval(expected) (same type and value); prints
            {"key", "result"}, "PASS" or "FAIL: ...".
    incr    each {"key"}: increments key by 1; prints {"key", "result"}, the new value or the error.
Exit status 3 when pylibmc is missing.
"""
import json
import sys

MISSING_MODULE = 3

try:
    import pylibmc
except ImportError as e:
    print("missing module: %s" % e.name)
    sys.exit(MISSING_MODULE)


def main():
    command, port = sys.argv[1], int(sys.argv[2])
    request = json.loads(sys.stdin.read())
    client = pylibmc.Client(["127.0.0.1:%d" % port], binary=True, username=request["user"], password=request["password"])
    for case in request["cases"]:
        key = case["key"]
        try:
            if command == "write":
                result = "STORED" if client.set(key, eval(case["python"])) else "NOT STORED"
            elif command == "read":
                expected = eval(case["expected"])
                got = client.get(key)
                result = "PASS" if type(got) is type(expected) and got == expected else "FAIL: got %r (%s)" % (got, type(got).__name__)
            elif command == "incr":
                result = str(client.incr(key, 1))
            else:
                raise ValueError(command)
        except Exception as e:  # the test shows what the client said
            result = "ERROR: %s: %s" % (type(e).__name__, e)
        print(json.dumps({"key": key, "result": result}))


main()
