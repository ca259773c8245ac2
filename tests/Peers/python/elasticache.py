"""Store keys the way pymemcache's AWSElastiCacheHashClient does, against a configuration endpoint.

AWSElastiCacheHashClient (pymemcache/client/ext/aws_ec_client.py) arrived in pymemcache 4.x; Debian ships 3.5.2, which
lacks it. What the class adds to HashClient is small, and this script does exactly that with Debian's pymemcache:
  - send `config get cluster` to the endpoint and read up to b"\\n\\r\\nEND\\r\\n" (its raw_command end_tokens);
  - take the last line of the reply as the node line, split it on " ", each node on "|";
  - use (node[1], node[2]) as the server, i.e. the IP address (use_vpc=True, its default) and the port as text;
  - build a HashClient over those servers (default hasher RendezvousHash, node names "ip:port").
Then it stores every key with the value "1" through that HashClient. The xunit test checks, by asking the real
memcached nodes, that each key sits where MemcachePS's discovery client places it.

Input, a JSON object on stdin: config_endpoint ("host:port"), keys.
Output: {"failed": <keys not stored>, "servers": ["ip:port", ...]} on stdout. Exit status 3 when pymemcache is missing.
"""
import json
import socket
import sys

MISSING_MODULE = 3
END_TOKENS = b"\n\r\nEND\r\n"


def cluster_nodes(endpoint):
    addr, port = endpoint.rsplit(":", 1)
    with socket.create_connection((addr, int(port)), timeout=5) as s:
        s.sendall(b"config get cluster\r\n")
        buf = b""
        while not buf.endswith(END_TOKENS):
            chunk = s.recv(65536)
            if not chunk:
                raise RuntimeError("the configuration endpoint closed the connection: %r" % buf)
            buf += chunk
    *_, config_line = buf[: -len(END_TOKENS)].splitlines()
    use_vpc = 1
    return [(server[use_vpc], server[2]) for server in (node.split("|") for node in config_line.decode().split(" "))]


def main():
    cfg = json.load(sys.stdin)
    try:
        from pymemcache.client.hash import HashClient
    except ImportError as e:
        print("missing module: %s" % e.name)
        return MISSING_MODULE
    servers = cluster_nodes(cfg["config_endpoint"])
    client = HashClient(servers, allow_unicode_keys=True, default_noreply=False, connect_timeout=5, timeout=5)
    failed = sum(1 for key in cfg["keys"] if not client.set(key, b"1"))
    print(json.dumps({"failed": failed, "servers": ["%s:%s" % s for s in servers]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
