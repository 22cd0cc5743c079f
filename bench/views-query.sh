#!/usr/bin/env bash
# How long the ledger's views (docs/schema.md) take to answer in full, in SQLite and PostgreSQL,
# on a ledger of ARTICLES documents made from the examples with their figures and dates varied.
# Prints, per view, the rows and seconds (SQLite through Python's sqlite3, PostgreSQL through
# psql, whose start-up is included). Needs a PostgreSQL server: run under tests/with_postgres.sh.
# Usage: tests/with_postgres.sh bench/views-query.sh [ARTICLES]   (default 3000, ~10,800 claims)
#        BUILD=build-release ... to use another build folder (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${TALLY_TEST_PG_URI:?run under tests/with_postgres.sh}"
articles=${1:-3000}
tally=${BUILD:-build}/tally
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - examples "$articles" "$tmp/c.jsonl" <<'PY'
import json, os, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src)) if f.endswith(".txt")]
for line in open(os.path.join(src, "feed.jsonl"), encoding="utf-8"):
    texts.append(json.loads(line)["text"])
with open(out, "w") as f:
    for i in range(n):
        t = texts[i % len(texts)]
        for old, new in (("42", str(40 + i % 50)), ("12", str(10 + i % 7))):
            t = t.replace(old, new)
        f.write(json.dumps({"id": f"doc{i:05d}", "date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}", "text": t}) + "\n")
PY
"$tally" ingest --quiet --db "$tmp/l.db" "$tmp/c.jsonl"
"$tally" ingest --quiet --db "$TALLY_TEST_PG_URI" "$tmp/c.jsonl"
echo "claims: $(psql -qAt "$TALLY_TEST_PG_URI" -c 'select count(*) from claims')"
for v in reviewed_claims claims_with_evidence document_tolls latest_figures; do
  s=$(python3 -c "
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1]); t = time.time(); n = len(db.execute('select * from $v').fetchall())
print(n, 'rows', round(time.time() - t, 3), 's')" "$tmp/l.db")
  start=$(date +%s.%N)
  n=$(psql -qAt "$TALLY_TEST_PG_URI" -c "select count(*) from (select * from $v) x")
  p=$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 3))" "$start" "$(date +%s.%N)")
  echo "$v: sqlite $s | postgresql $n rows $p s"
done
