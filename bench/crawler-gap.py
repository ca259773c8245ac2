#!/usr/bin/python3
"""Does memcached's lru_crawler metadump list every key while items are being read?

Usage: bench/crawler-gap.py PORT COUNT   (against a memcached on 127.0.0.1:PORT already holding key:1 .. key:COUNT,
e.g. filled with: dotnet bench/MemcachePS.Bench/bin/Release/net10.0/MemcachePS.Bench.dll keys fill 127.0.0.1:PORT COUNT)

Reads every key once (multi-get of 100 keys, one connection) while, on a second connection, it dumps the keys again
and again; prints curr_items before and after each dump beside the number of key lines the dump gave, counted on the
raw bytes (no client library, no parser of ours), then one more dump after the reads ended.
"""
import socket
import sys
import threading

port, count = int(sys.argv[1]), int(sys.argv[2])


def recv_until(sock, end):
    buf = bytearray()
    while not buf.endswith(end):
        data = sock.recv(1 << 20)
        if not data:
            raise EOFError("memcached closed the connection")
        buf += data
    return bytes(buf)


def curr_items(sock):
    sock.sendall(b"stats\r\n")
    for line in recv_until(sock, b"END\r\n").split(b"\r\n"):
        if line.startswith(b"STAT curr_items "):
            return int(line.split()[2])


def dump(sock):
    sock.sendall(b"lru_crawler metadump all\r\n")
    return sum(1 for line in recv_until(sock, b"END\r\n").split(b"\n") if line.startswith(b"key="))


def read_every_key():
    sock = socket.create_connection(("127.0.0.1", port))
    for start in range(1, count + 1, 100):
        keys = b" ".join(b"key:%d" % i for i in range(start, min(count, start + 99) + 1))
        sock.sendall(b"get " + keys + b"\r\n")
        recv_until(sock, b"END\r\n")


admin = socket.create_connection(("127.0.0.1", port))
reader = threading.Thread(target=read_every_key)
reader.start()
while reader.is_alive():
    before = curr_items(admin)
    listed = dump(admin)
    print(f"during reads: curr_items before {before}, dump listed {listed}, curr_items after {curr_items(admin)}")
reader.join()
before = curr_items(admin)
listed = dump(admin)
print(f"after reads:  curr_items before {before}, dump listed {listed}, curr_items after {curr_items(admin)}")
