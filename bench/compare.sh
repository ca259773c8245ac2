#!/usr/bin/env bash
# Measures MemcachePS's core client against memcslap (libmemcached-tools) and pymemcache (python3-pymemcache) on
# one memcached, in one run: sequential get and set (single connection, memcslap's key and value sizes),
# get-many of 100 keys, and a 10,000-key bulk set (ours checks every reply; pymemcache's set_many is noreply).
# Clients take turns (never two at once), in a rotating order, for --rounds rounds; the table shows medians.
#
# Ours and pymemcache warm up every workload untimed for --warmup-seconds first (the JIT's optimized code is what is timed).
#
# usage: bench/compare.sh [--rounds R] [--ops N] [--warmup-seconds S] [--getmany-calls N] [--bulk-batches N] [--port P]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
python=/usr/bin/python3   # Debian's python3: the one that sees python3-pymemcache (another python3 may be first on PATH)

rounds=3
ops=100000            # sequential gets, and sets, per client per round (memcslap --execute-number)
warmup_seconds=1      # untimed warm-up per workload (ours and pymemcache), on top of a minimum count
getmany_calls=5000    # get-many calls of 100 keys
bulk_batches=50       # bulk sets of 10,000 keys
port=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --ops) ops=$2; shift 2 ;;
        --warmup-seconds) warmup_seconds=$2; shift 2 ;;
        --getmany-calls) getmany_calls=$2; shift 2 ;;
        --bulk-batches) bulk_batches=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | cut -c3-; exit 0 ;;
        *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
    esac
done

missing=()
[[ -x /usr/bin/memcached ]] || missing+=(memcached)
command -v memcslap >/dev/null 2>&1 || missing+=(libmemcached-tools)
if [[ ! -x $python ]] || ! $python -c 'import pymemcache' 2>/dev/null; then missing+=(python3-pymemcache); fi
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "compare.sh needs: ${missing[*]}. Install with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
if ! command -v dotnet >/dev/null 2>&1; then
    echo "compare.sh needs the .NET 10 SDK (dotnet) to build bench/MemcachePS.Bench." >&2
    exit 1
fi

echo "Building bench/MemcachePS.Bench (Release) ..."
dotnet build -c Release -nologo -v q "$here/MemcachePS.Bench/MemcachePS.Bench.csproj" >/dev/null
ours_dll="$here/MemcachePS.Bench/bin/Release/net10.0/MemcachePS.Bench.dll"

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

[[ -n $port ]] || port=$($python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# 4 GiB: every round's items (memcslap's 2 x 100,000 of up to 5 KB, ours) fit without evictions, so gets are hits.
server_args=(-l 127.0.0.1 -p "$port" -U 0 -m 4096 -t 2)
[[ $(id -u) -eq 0 ]] && server_args+=(-u root)
/usr/bin/memcached "${server_args[@]}" &
server_pid=$!
for _ in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.05
done
echo "memcached $(/usr/bin/memcached -V | cut -d' ' -f2) on 127.0.0.1:$port: ${server_args[*]}"

flush_all() {
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'flush_all\r\n' >&3
    read -r _ <&3
    exec 3>&-
}

dataset="$work/dataset.tsv"
$python "$here/compare/dataset.py" "$ops" 1 "$dataset"
results="$work/results.txt"
common=(--port "$port" --dataset "$dataset" --ops "$ops" --warmup-seconds "$warmup_seconds" --getmany-calls "$getmany_calls" --bulk-batches "$bulk_batches")

run_memcslap() {  # test (set|get): memcslap times its test phase only (get first loads its own keys, untimed)
    local test=$1 out line seconds done_keys
    out=$(memcslap --servers="127.0.0.1:$port" --test="$test" --concurrency=1 --execute-number="$ops" --tcp-nodelay 2>&1)
    line=$(grep -E "^Time to $test +[0-9]+ keys by +1 threads" <<<"$out") || { echo "memcslap failed: $out" >&2; exit 1; }
    done_keys=$(awk '{print $4}' <<<"$line")
    seconds=$(awk '{print $(NF-1)}' <<<"$line")
    [[ $done_keys -eq $ops ]] || echo "  note: memcslap $test completed $done_keys of $ops keys (misses or failures)" >&2
    awk -v t="$test" -v n="$ops" -v s="$seconds" 'BEGIN { printf "RESULT client=memcslap op=%s count=%d seconds=%.4f rate=%.1f\n", t, n, s, n / s }'
}

run() {  # client workload
    case "$1" in
        memcslap) run_memcslap "$2" ;;
        memcacheps) dotnet "$ours_dll" compare "${common[@]}" --only "$2" ;;
        pymemcache) $python "$here/compare/pymemcache_workloads.py" "${common[@]}" --only "$2" ;;
    esac | tee -a "$results" | sed 's/^/  /'
}

take_turns() {  # round workload client...: every client once, the order rotated by round
    local round=$1 workload=$2; shift 2
    local clients=("$@") n=$# i
    for ((i = 0; i < n; i++)); do run "${clients[(i + round) % n]}" "$workload"; done
}

echo "Warm-up (memcslap and server; not counted) ..."
memcslap --servers="127.0.0.1:$port" --test=get --concurrency=1 --execute-number=10000 --tcp-nodelay >/dev/null 2>&1
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < rounds; r++)); do
    echo "Round $((r + 1)) of $rounds"
    flush_all
    # Small items first: their slab pages are claimed before the large items of the get/set rows fill memory.
    take_turns "$r" bulk memcacheps pymemcache
    run memcacheps bulkquiet
    take_turns "$r" getmany memcacheps pymemcache
    take_turns "$r" set memcslap memcacheps pymemcache
    take_turns "$r" get memcslap memcacheps pymemcache
done
echo "Load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $ops sequential ops, $getmany_calls x get-many(100), $bulk_batches x bulk set(10,000), ${warmup_seconds}s warm-up per workload"
$python "$here/compare/summarize.py" "$results"
