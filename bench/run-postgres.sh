#!/usr/bin/env bash
# Ingest throughput into PostgreSQL next to SQLite's, on the bench corpus (tally_corpus, JSONL).
# The PostgreSQL server is a throwaway local cluster (tests/with_postgres.sh: unix socket,
# fsync off, so the figure is tally's and the protocol's, not the disk's); SQLite writes a file.
# Usage: bench/run-postgres.sh [ARTICLES] [BUILD]   (default 5000 articles, build/; REPEAT=N runs, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-5000}
build=${2:-build}
repeat=${REPEAT:-2}
corpus=$build/corpus-pg-$articles
[ -d "$corpus/jsonl" ] || "$build/bench/tally_corpus" --articles "$articles" --formats jsonl --out "$corpus" > /dev/null
cat "$corpus"/jsonl/* > /dev/null
export tally=$build/tally corpus repeat
tests/with_postgres.sh bash -c '
  set -e
  for i in $(seq 1 "$repeat"); do
    rm -f "$corpus/l.db"*
    psql -qAt "$TALLY_TEST_PG_URI" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS bench CASCADE; CREATE SCHEMA bench"
    pg="$TALLY_TEST_PG_URI?options=-csearch_path%3Dbench"
    s=$( { /usr/bin/time -f %e "$tally" ingest --quiet --db "$corpus/l.db" "$corpus/jsonl" > /dev/null; } 2>&1 | tail -1)
    p=$( { /usr/bin/time -f %e "$tally" ingest --quiet --db "$pg" "$corpus/jsonl" > /dev/null; } 2>&1 | tail -1)
    n=$(psql -qAt "$pg" -c "select count(*) from documents")
    echo "run $i: $n documents: SQLite $s s, PostgreSQL $p s"
  done'
