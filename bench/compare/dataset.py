"""Writes the items bench/compare.sh gives every client: one "key<TAB>value-length" line each.

Key and value sizes follow memcslap (libmemcached-awesome src/bin/memslap.cc), whose own data cannot be configured:
keys of 20-59 random alphanumerics, values of 50-4999 bytes (uniform). A value is its key repeated up to its
length, as memcslap builds them; the clients rebuild values from the key and the length.
"""
import random
import sys

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: dataset.py COUNT SEED OUTPUT")
    count, seed, output = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(seed)
    seen = set()
    with open(output, "w") as out:
        while len(seen) < count:
            key = "".join(rnd.choice(ALPHABET) for _ in range(rnd.randrange(20, 60)))
            if key in seen:
                continue
            seen.add(key)
            out.write("%s\t%d\n" % (key, rnd.randrange(50, 5000)))


if __name__ == "__main__":
    main()
