#!/usr/bin/env bash
# WARC ingest throughput: tally ingest of a .warc.gz as a crawler writes one (tally_corpus
# --formats warc: per page a request and a response record, one gzip member each, every fifth
# body gzip-encoded and chunked) into a fresh SQLite ledger.
#
# Usage: bench/run-warc.sh [ARTICLES]   (default 20000; BUILD=dir to use another build folder,
#        default build-release; REPEAT=N runs, default 3; JOBS="1 2" the --jobs values)
# Prints a Markdown row per --jobs value: archive MB, pages, median seconds, MB/s of archive,
# documents/s, and the largest peak memory. Needs /usr/bin/time (Debian's time package).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-20000}
build=${BUILD:-build-release}
if [ "$build" = build-release ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTALLY_BUILD_TESTS=OFF > /dev/null
  cmake --build "$build" --target tally_cli tally_corpus > /dev/null
fi
tally=$build/tally
corpus=${CORPUS:-$build/corpus-warc-$articles}
archive=$corpus/warc/corpus.warc.gz
[ -f "$archive" ] || "$build/bench/tally_corpus" --articles "$articles" --out "$corpus" --formats warc
cat "$archive" > /dev/null  # page cache warm: the figures measure tally, not the disk
bytes=$(stat -c %s "$archive")

echo "| input | archive | pages | seconds | MB/s of archive | documents/s | peak memory |"
echo "|---|---|---|---|---|---|---|"
for jobs in ${JOBS:-1 2}; do
  rm -f "$corpus/times.txt"
  for ((i = 0; i < ${REPEAT:-3}; i++)); do
    rm -f "$corpus/bench.db" "$corpus/bench.db-wal" "$corpus/bench.db-shm"
    sync
    /usr/bin/time -f "%e %M" -o "$corpus/time.txt" "$tally" ingest --quiet --jobs "$jobs" --db "$corpus/bench.db" "$archive"
    cat "$corpus/time.txt" >> "$corpus/times.txt"
  done
  pages=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from documents').fetchone()[0])" "$corpus/bench.db")
  python3 - "$jobs" "$bytes" "$pages" "$corpus/times.txt" <<'PY'
import statistics, sys
jobs, size, pages = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rows = [tuple(map(float, l.split())) for l in open(sys.argv[4])]
secs = max(statistics.median(s for s, _ in rows), 0.01)
print(f"| corpus.warc.gz, --jobs {jobs} | {size / 1e6:,.1f} MB | {pages:,} | {secs:.2f} | {size / 1e6 / secs:.1f} "
      f"| {pages / secs:,.0f} | {max(k for _, k in rows) / 1024:.0f} MB |")
PY
done
