#!/usr/bin/env bash
# tally serve under load: 50 concurrent clients listing and filtering claims (bench/serve-load.lua)
# on a ledger of the benchmark corpus (bench/make_corpus.cc, about 10 claims an article).
# Prints the ledger's size, requests per second, latency percentiles (wrk --latency) and the
# server's peak memory and the CPU time the server spent during the load per 1,000 requests (user
# + system, from /proc: a figure that other work on a shared host changes far less than the
# latencies). Needs wrk, curl and /usr/bin/time (Debian's wrk, curl and time packages).
#
# Usage: bench/serve-load.sh [ARTICLES]   (default 12000: over 100,000 claims)
#        BUILD=build bench/serve-load.sh  use an existing build folder (configured with benchmarks)
#        SECONDS_LOAD=30 CLIENTS=50 THREADS=64 bench/serve-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-12000}
build=${BUILD:-build-release}
duration=${SECONDS_LOAD:-30}
clients=${CLIENTS:-50}
threads=${THREADS:-64}
if [ -z "${BUILD:-}" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTALLY_BUILD_TESTS=OFF > /dev/null
fi
cmake --build "$build" --target tally_cli tally_corpus > /dev/null
corpus=$build/corpus-$articles
[ -d "$corpus/jsonl" ] || "$build/bench/tally_corpus" --articles "$articles" --out "$corpus" > /dev/null
db=$build/serve-load-$articles.db
[ -f "$db" ] || "$build/tally" ingest --quiet -j 2 "$corpus/jsonl" --db "$db"

log=$(mktemp)
/usr/bin/time -f "%M" -o "$log.mem" "$build/tally" serve --db "$db" --port 0 --threads "$threads" 2> "$log" &
timer=$!
trap 'kill $timer 2>/dev/null || true; rm -f "$log" "$log.mem" "$log.wrk"' EXIT
port=""
for _ in $(seq 600); do  # the first snapshot (reconcile over the whole ledger) comes before listening
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
  [ -n "$port" ] && break
  sleep 0.5
done
[ -n "$port" ] || { echo "tally serve did not start:"; cat "$log"; exit 1; }
summary=$(curl -s "http://127.0.0.1:$port/api/summary")
echo "ledger: $summary"
server=$(pgrep -P $timer)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }  # utime + stime, in clock ticks
before=$(cpu_ticks)
wrk -t 2 -c "$clients" -d "${duration}s" --latency -s bench/serve-load.lua "http://127.0.0.1:$port/" | tee "$log.wrk"
after=$(cpu_ticks)
requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$log.wrk")
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN { printf "CPU of tally serve during the load: %.1f s for %d requests, %.2f s per 1,000 requests\n", t / hz, n, t / hz / n * 1000 }'
kill -TERM "$server"
wait $timer || true
echo "peak memory of tally serve: $(( $(cat "$log.mem") / 1024 )) MB"
