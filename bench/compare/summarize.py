"""Reads the RESULT lines bench/compare.sh collected and prints one table: the median rate of each client per
operation over the rounds, the ratio of ours to the best peer, and whether the target was met."""
import statistics
import sys

OURS = "memcacheps"
PEERS = ["memcslap", "pymemcache"]
# our operation, the peers' operation, unit, label, peer the target names (None: no target), factor of its rate
ROWS = [
    ("get", "get", "ops/s", "sequential get", "memcslap", 0.95),
    ("set", "set", "ops/s", "sequential set", "memcslap", 0.95),
    ("get_many_100", "get_many_100", "keys/s", "get-many, 100 keys", "pymemcache", 2.0),
    # The client's default: quiet batches (meta q + mn), every failure still answered with its key's opaque.
    ("bulk_set_10000_quiet", "bulk_set_10000", "keys/s", "bulk set, 10,000 keys", "pymemcache", 1.0),
    # Not a target: the same bulk set with QuietBatches = false, an explicit reply (and new CAS) read for every key.
    ("bulk_set_10000", "bulk_set_10000", "keys/s", "bulk set, explicit replies (extra)", None, 1.0),
]


def main():
    rates = {}
    for line in open(sys.argv[1]):
        if not line.startswith("RESULT "):
            continue
        fields = dict(f.split("=", 1) for f in line.split()[1:])
        rates.setdefault((fields["client"], fields["op"]), []).append(float(fields["rate"]))

    def median(client, op):
        values = rates.get((client, op))
        return statistics.median(values) if values else None

    def fmt(v):
        return "-" if v is None else "{:,.0f}".format(v)

    header = ["operation", "unit", OURS] + PEERS + ["ours/best peer", "target", "met"]
    table = []
    for op, peer_op, unit, label, target_peer, factor in ROWS:
        ours = median(OURS, op)
        peers = {p: median(p, peer_op) for p in PEERS}
        known = [v for v in peers.values() if v is not None]
        best = max(known) if known else None
        ratio = ours / best if ours is not None and best else None
        goal = peers[target_peer] if target_peer else None
        met = "-" if ours is None or goal is None else ("yes" if ours >= factor * goal else "NO")
        if target_peer is None:
            target = "(none)"
        elif peer_op == "bulk_set_10000":
            target = ">= pymemcache set_many(noreply=True)"
        else:
            target = ">= {:g}x {}".format(factor, target_peer)
        table.append([label, unit, fmt(ours)] + [fmt(peers[p]) for p in PEERS] +
                     ["-" if ratio is None else "{:.2f}x".format(ratio), target, met])

    rounds = max((len(v) for v in rates.values()), default=0)
    print("Median of {} round(s); ours sees every failure (quiet batches: failures answer, mn closes each window), pymemcache's bulk set is noreply (unchecked).".format(rounds))
    widths = [max(len(r[i]) for r in [header] + table) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in table:
        print(line(row))
    print()
    print("Every round (rates):")
    for (client, op), values in sorted(rates.items()):
        print("  {:<11} {:<21} {}".format(client, op, "  ".join(fmt(v) for v in values)))


if __name__ == "__main__":
    main()
