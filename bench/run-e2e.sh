#!/usr/bin/env bash
# The whole-process benchmark: tally extract and tally ingest as a user runs them, from files to
# JSONL or to the SQLite ledger, over a corpus built deterministically by tally_corpus.
#
# Usage: bench/run-e2e.sh [ARTICLES]      (default 100000; CORPUS=dir to keep the corpus elsewhere)
#        MEMORY=1 bench/run-e2e.sh        also the peak memory over a corpus of about 1 GB
# Each input is read once before it is timed (page cache warm). Prints a Markdown table: input
# bytes, documents, seconds, MB/s, documents/s and peak memory, for each format and for --jobs 1
# and 2. Needs /usr/bin/time (Debian's time package).
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

# run LABEL DOCS INPUT_BYTES COMMAND...: times the command, prints one table row
run() {
  local label=$1 docs=$2 bytes=$3; shift 3
  sync
  /usr/bin/time -f "%e %M" -o "$corpus/time.txt" "$@" > /dev/null
  read -r secs kb < "$corpus/time.txt"
  python3 - "$label" "$docs" "$bytes" "$secs" "$kb" <<'PY'
import sys
label, docs, size, secs, kb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
secs = max(secs, 0.01)
print(f"| {label} | {size / 1e6:,.0f} MB | {docs:,} | {secs:.2f} | {size / 1e6 / secs:.1f} | {docs / secs:,.0f} | {kb / 1024:.0f} MB |")
PY
}

size() { find "$1" -type f \( -name '*.txt' -o -name '*.html' -o -name '*.jsonl' \) -printf '%s\n' | awk '{s += $1} END {print s}'; }

echo "| run | input | documents | seconds | MB/s | documents/s | peak memory |"
echo "|---|---|---|---|---|---|---|"
for jobs in 1 2; do
  for format in txt html jsonl; do
    warm "$corpus/$format"
    run "extract $format, --jobs $jobs" "$articles" "$(size "$corpus/$format")" "$tally" extract --jobs "$jobs" "$corpus/$format"
  done
done
for jobs in 1 2; do
  rm -f "$corpus/ledger.db" "$corpus/ledger.db-wal" "$corpus/ledger.db-shm"
  warm "$corpus/jsonl"
  run "ingest jsonl, --jobs $jobs" "$articles" "$(size "$corpus/jsonl")" \
    "$tally" ingest --quiet --jobs "$jobs" --db "$corpus/ledger.db" "$corpus/jsonl"
done
rm -f "$corpus/ledger.db" "$corpus/ledger.db-wal" "$corpus/ledger.db-shm"

if [ "${MEMORY:-0}" = 1 ]; then
  # about 1 GB: one JSONL file of 200,000 articles
  big=$build/corpus-memory
  [ -f "$big/jsonl/corpus.jsonl" ] || "$build/bench/tally_corpus" --articles 200000 --formats jsonl --out "$big"
  bytes=$(size "$big/jsonl")
  warm "$big/jsonl"
  corpus=$big run "extract 1 GB jsonl, --jobs 2" 200000 "$bytes" "$tally" extract --jobs 2 "$big/jsonl"
  rm -f "$big/ledger.db"*
  warm "$big/jsonl"
  corpus=$big run "ingest 1 GB jsonl, --jobs 2" 200000 "$bytes" \
    "$tally" ingest --quiet --jobs 2 --db "$big/ledger.db" "$big/jsonl"
  rm -f "$big/ledger.db"*
fi
