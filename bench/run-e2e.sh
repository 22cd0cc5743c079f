#!/usr/bin/env bash
# The whole-process benchmark: tally extract and tally ingest as a user runs them, from files to
# JSONL or to the SQLite ledger, over a corpus built deterministically by tally_corpus.
#
# Usage: bench/run-e2e.sh [ARTICLES]      (default 100000; CORPUS=dir to keep the corpus elsewhere)
#        MEMORY=1 bench/run-e2e.sh        also the peak memory over a corpus of about 1 GB
#        REPEAT=N bench/run-e2e.sh        runs each command N times (default 3)
# Each input is read once before it is timed (page cache warm). Prints a Markdown table: input
# bytes, documents, seconds, MB/s, documents/s, peak memory and the speed-up of --jobs 2 over
# --jobs 1, for each format. Each row is the median of the runs' times (a shared virtual
# machine's speed varies by 10-20 % from minute to minute) and the largest of their peak
# memories. Needs /usr/bin/time (Debian's time package).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-100000}
build=build-release
corpus=${CORPUS:-$build/corpus-$articles}

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTALLY_BUILD_TESTS=OFF > /dev/null
cmake --build "$build" > /dev/null
tally=$build/tally
[ -d "$corpus/jsonl" ] || "$build/bench/tally_corpus" --articles "$articles" --out "$corpus"

# warm DIR: reads the input once, so that every run reads it from the page cache and the
# figures measure tally, not the disk
warm() { find "$1" -type f -exec cat {} + > /dev/null; }

# time OUT COMMAND...: runs the command once (after $before_each, untimed, if set) and appends
# "seconds peak-KB" to OUT
time_once() {
  local out=$1; shift
  ${before_each:-true}
  sync
  /usr/bin/time -f "%e %M" -o "$corpus/time.txt" "$@" > /dev/null
  cat "$corpus/time.txt" >> "$out"
}

# compare LABEL DOCS INPUT_BYTES COMMAND...: runs the command with --jobs 1 and --jobs 2 in turn,
# REPEAT times each, and prints a row for each: the median time, the largest peak memory, and
# for --jobs 2 the median of the speed-ups of runs taken one after the other (the host's speed
# drifts over minutes, so pairs taken together compare fairly).
compare() {
  local label=$1 docs=$2 bytes=$3; shift 3
  rm -f "$corpus/times-1.txt" "$corpus/times-2.txt"
  for ((i = 0; i < ${REPEAT:-3}; i++)); do
    time_once "$corpus/times-1.txt" "$@" --jobs 1
    time_once "$corpus/times-2.txt" "$@" --jobs 2
  done
  python3 - "$label" "$docs" "$bytes" "$corpus/times-1.txt" "$corpus/times-2.txt" <<'PY'
import statistics, sys
label, docs, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
runs = [[tuple(map(float, line.split())) for line in open(f)] for f in sys.argv[4:6]]
for jobs, rows in ((1, runs[0]), (2, runs[1])):
    secs = max(statistics.median(s for s, _ in rows), 0.01)
    kb = max(k for _, k in rows)
    speedup = "" if jobs == 1 else f"{statistics.median(a[0] / b[0] for a, b in zip(runs[0], runs[1])):.2f}x"
    print(f"| {label}, --jobs {jobs} | {size / 1e6:,.0f} MB | {docs:,} | {secs:.2f} | {size / 1e6 / secs:.1f} "
          f"| {docs / secs:,.0f} | {kb / 1024:.0f} MB | {speedup} |")
PY
}

# once LABEL DOCS INPUT_BYTES COMMAND...: one row for a command run REPEAT times
once() {
  local label=$1 docs=$2 bytes=$3; shift 3
  rm -f "$corpus/times-1.txt"
  for ((i = 0; i < ${REPEAT:-3}; i++)); do time_once "$corpus/times-1.txt" "$@"; done
  python3 - "$label" "$docs" "$bytes" "$corpus/times-1.txt" <<'PY'
import statistics, sys
label, docs, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = [tuple(map(float, line.split())) for line in open(sys.argv[4])]
secs = max(statistics.median(s for s, _ in rows), 0.01)
kb = max(k for _, k in rows)
print(f"| {label} | {size / 1e6:,.0f} MB | {docs:,} | {secs:.2f} | {size / 1e6 / secs:.1f} | {docs / secs:,.0f} | {kb / 1024:.0f} MB | |")
PY
}

size() { find "$1" -type f \( -name '*.txt' -o -name '*.html' -o -name '*.jsonl' \) -printf '%s\n' | awk '{s += $1} END {print s}'; }

echo "| run | input | documents | seconds | MB/s | documents/s | peak memory | speed-up |"
echo "|---|---|---|---|---|---|---|---|"
for format in txt html jsonl; do
  warm "$corpus/$format"
  compare "extract $format" "$articles" "$(size "$corpus/$format")" "$tally" extract "$corpus/$format"
done
remove_ledger() { rm -f "$corpus/ledger.db" "$corpus/ledger.db-wal" "$corpus/ledger.db-shm"; }
warm "$corpus/jsonl"
before_each=remove_ledger compare "ingest jsonl" "$articles" "$(size "$corpus/jsonl")" \
  "$tally" ingest --quiet --db "$corpus/ledger.db" "$corpus/jsonl"
remove_ledger

if [ "${MEMORY:-0}" = 1 ]; then
  # about 1 GB: one JSONL file of 200,000 articles
  big=$build/corpus-memory
  [ -f "$big/jsonl/corpus.jsonl" ] || "$build/bench/tally_corpus" --articles 200000 --formats jsonl --out "$big"
  bytes=$(size "$big/jsonl")
  corpus=$big
  warm "$big/jsonl"
  once "extract 1 GB jsonl, --jobs 2" 200000 "$bytes" "$tally" extract --jobs 2 "$big/jsonl"
  warm "$big/jsonl"
  before_each=remove_ledger once "ingest 1 GB jsonl, --jobs 2" 200000 "$bytes" \
    "$tally" ingest --quiet --jobs 2 --db "$big/ledger.db" "$big/jsonl"
  remove_ledger
fi
