#!/usr/bin/env bash
# The PostgreSQL ledger's must-shows (run under tests/with_postgres.sh, which sets
# TALLY_TEST_PG_URI):
#  - the same corpus ingested into SQLite and into PostgreSQL gives byte-identical
#    `tally ledger --format jsonl`, `tally ledger --tolls` and `tally reconcile` output;
#  - two concurrent ingests of overlapping folders (the shared documents in opposite orders)
#    store every document once with all its claims, and reconcile as one ingest does;
#  - SIGKILL of an ingest loses no committed batch and leaves no partial document.
# Usage: postgres_test.sh TALLY_BINARY SOURCE_DIR   (KEEP=1 keeps its temporary folder)
set -u
tally=$1
src=$2
: "${TALLY_TEST_PG_URI:?run under tests/with_postgres.sh}"
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
source "$(dirname "$0")/check.sh"

# ledger NAME: a fresh schema on the test server, as a URI
ledger() {
  psql -qAt "$TALLY_TEST_PG_URI" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS t_$1 CASCADE; CREATE SCHEMA t_$1" >/dev/null
  echo "$TALLY_TEST_PG_URI?options=-csearch_path%3Dt_$1"
}
query() { psql -qAt "$1" -c "$2"; }

# A corpus of N articles as JSONL, from the examples' texts with their figures varied, so that
# documents differ in figures, sources and dates: corpus N FIRST OUT [reverse]
corpus() {
  python3 - "$src/examples" "$@" <<'PY'
import json, os, sys
src, n, first, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
texts = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src)) if f.endswith(".txt")]
for line in open(os.path.join(src, "feed.jsonl"), encoding="utf-8"):
    texts.append(json.loads(line)["text"])
ids = range(first, first + n)
if len(sys.argv) > 5: ids = reversed(ids)
with open(out, "w") as f:
    for i in ids:
        t = texts[i % len(texts)]
        for old, new in (("42", str(40 + i % 50)), ("12", str(10 + i % 7)), ("three", ["two", "four", "five"][i % 3])):
            t = t.replace(old, new)
        f.write(json.dumps({"id": f"doc{i:05d}", "text": t}) + "\n")
PY
}

# 1. the same output from both backends
mkdir -p "$tmp/parity"
cp -r "$src/examples" "$tmp/parity/examples"
corpus 400 0 "$tmp/parity/varied.jsonl"
pg=$(ledger parity)
"$tally" ingest --quiet --db "$tmp/parity.db" "$tmp/parity" 2> "$tmp/parity-sqlite.err"
"$tally" ingest --quiet --db "$pg" "$tmp/parity" 2> "$tmp/parity-pg.err"
check "the corpus ingests into both" bash -c "test -z \"\$(cat '$tmp/parity-sqlite.err' '$tmp/parity-pg.err')\""
for backend in sqlite pg; do
  db=$tmp/parity.db; [ $backend = pg ] && db=$pg
  "$tally" ledger --db "$db" --format jsonl > "$tmp/ledger.$backend.jsonl"
  "$tally" ledger --db "$db" --tolls --format csv > "$tmp/tolls.$backend.csv"
  "$tally" reconcile --db "$db" > "$tmp/reconcile.$backend.json"
  "$tally" reconcile --db "$db" > "$tmp/reconcile2.$backend.json"  # the stored reconciliation, read back
done
check "the corpus holds claims" test "$(wc -l < "$tmp/ledger.sqlite.jsonl")" -gt 20
check "ledger --format jsonl: byte-identical" cmp "$tmp/ledger.sqlite.jsonl" "$tmp/ledger.pg.jsonl"
check "ledger --tolls: byte-identical" cmp "$tmp/tolls.sqlite.csv" "$tmp/tolls.pg.csv"
check "reconcile: byte-identical" cmp "$tmp/reconcile.sqlite.json" "$tmp/reconcile.pg.json"
check "reconcile read back from the ledger: byte-identical" cmp "$tmp/reconcile2.sqlite.json" "$tmp/reconcile2.pg.json"

# 1b. tally db copy: SQLite -> PostgreSQL -> SQLite gives back every row of every table
cp "$tmp/parity.db" "$tmp/source.db"
"$tally" users add alice --db "$tmp/source.db" > /dev/null
python3 - "$tmp/source.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
doc, start, end, measure = db.execute("select c.doc_id, e.start, e.end, c.measure from claims c join evidence e on e.claim_id = c.id limit 1").fetchone()
db.execute("insert into reviews (doc_id, span_start, span_end, measure, action, c_value, c_best, note, reviewer, at, extracted) values (?,?,?,?, 'correct', 1, 77, 'revised', 'alice', '2026-01-02T03:04:05Z', '{}')", (doc, start, end, measure))
db.execute("insert into audit (at, who, action, target, before, after, note) values ('2026-01-02T03:04:05Z', 'alice', 'correct', 'claim x', '{}', '{\"best\":77}', 'revised')")
db.execute("insert into fetches values ('https://news.example/a', ?, '2026-01-02T03:04:05Z', 200, 'https://news.example/feed.xml', '\"v1\"', 'Fri, 02 Jan 2026 03:04:05 GMT')", (doc,))
db.execute("insert into entity_decisions (action, name, other, note, reviewer, at) values ('merge', 'Ministry of Health', 'Health Ministry', 'one body', 'alice', '2026-01-02T03:04:05Z')")
db.commit()
PY
copied=$(ledger copied)
"$tally" db copy --from "$tmp/source.db" --to "$copied" 2> "$tmp/copy1.err"
check "db copy SQLite -> PostgreSQL" bash -c "grep -q '1 reviews, 1 audit, 1 users' '$tmp/copy1.err' || { cat '$tmp/copy1.err'; false; }"
"$tally" db copy --from "$copied" --to "$tmp/back.db" 2> "$tmp/copy2.err"
check "db copy PostgreSQL -> SQLite" bash -c "grep -q '1 reviews, 1 audit, 1 users' '$tmp/copy2.err' || { cat '$tmp/copy2.err'; false; }"
check "the round trip gives back every row of every table" python3 - "$tmp/source.db" "$tmp/back.db" <<'PY'
import sqlite3, sys
a, b = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
tables = [r[0] for r in a.execute("select name from sqlite_master where type = 'table' and name not in ('ledger_generation', 'ledger_changes', 'derived_results') and name not like 'sqlite_%'")]
assert "documents" in tables and "users" in tables
for t in tables:
    ra = a.execute(f"select * from {t} order by rowid").fetchall()
    rb = b.execute(f"select * from {t} order by rowid").fetchall()
    if t in ("documents", "users"):  # keyed by name: tally never reads their rowid order
        ra, rb = sorted(ra), sorted(rb)
    assert ra == rb, f"{t}: {len(ra)} rows before, {len(rb)} after, or values differ"
    assert t in ("reviews", "audit", "users") or ra, f"{t} is empty"
PY
"$tally" ledger --db "$copied" --format jsonl > "$tmp/copied.jsonl"
"$tally" ledger --db "$tmp/source.db" --format jsonl > "$tmp/source.jsonl"
check "the copy reads as the source, its review applied" cmp "$tmp/source.jsonl" "$tmp/copied.jsonl"
"$tally" db copy --from "$tmp/source.db" --to "$copied" 2> "$tmp/copy3.err"
check "db copy into a ledger that is not empty is refused" bash -c "test $? -eq 1 && grep -q 'not an empty ledger' '$tmp/copy3.err'"

# 2. two ingests at once of overlapping folders: a/ holds doc0..doc399, b/ holds doc399..doc0
# (reversed) and doc400..doc599
mkdir -p "$tmp/a" "$tmp/b" "$tmp/all"
corpus 400 0 "$tmp/a/part.jsonl"
corpus 400 0 "$tmp/b/part.jsonl" reverse
corpus 200 400 "$tmp/b/more.jsonl"
cp "$tmp/a/part.jsonl" "$tmp/all/part.jsonl"; cp "$tmp/b/more.jsonl" "$tmp/all/more.jsonl"
shared=$(ledger shared)
"$tally" ingest --quiet --db "$shared" "$tmp/a" 2> "$tmp/a.err" &
a=$!
"$tally" ingest --quiet --db "$shared" "$tmp/b" 2> "$tmp/b.err" &
b=$!
wait $a; sa=$?
wait $b; sb=$?
check "both concurrent ingests succeed" bash -c "test $sa -eq 0 && test $sb -eq 0 || { cat '$tmp/a.err' '$tmp/b.err'; false; }"
check "every document once" test "$(query "$shared" "select count(*), count(distinct id) from documents")" = "600|600"
"$tally" extract "$tmp/all" > "$tmp/all-extract.jsonl"
check "every claim present: each document's claims as extract finds them" python3 - "$tmp/all-extract.jsonl" \
  "$(query "$shared" "select doc_id || ' ' || count(*) from claims group by doc_id")" <<'PY'
import collections, json, sys
expected = collections.Counter(json.loads(l)["doc"] for l in open(sys.argv[1]))
stored = collections.Counter({l.split()[0]: int(l.split()[1]) for l in sys.argv[2].splitlines() if l})
assert stored == expected, f"{sum(stored.values())} claims stored, {sum(expected.values())} extracted"
PY
once=$(ledger once)
"$tally" ingest --quiet --db "$once" "$tmp/all"
# Reconcile names claims by their row ids, which two writers interleave: compared with each id
# read as the claim's document and place in it, the outputs are the same.
as_keys() {  # LEDGER OUT: the reconciliation with claim ids replaced by doc#ordinal
  "$tally" reconcile --db "$1" > "$2.raw"
  python3 - "$2.raw" "$(query "$1" "select id || ' ' || doc_id || '#' || ordinal from claims")" > "$2" <<'PY'
import json, sys
keys = dict(l.split(" ", 1) for l in sys.argv[2].splitlines() if l)
def walk(v, key=None):
    if isinstance(v, dict): return {k: walk(x, k) for k, x in v.items()}
    if isinstance(v, list) and key == "disagrees_with": return sorted(keys[str(x)] for x in v)
    if isinstance(v, list): return [keys[str(x)] if key == "claims" else walk(x) for x in v]
    if key in ("id", "claim", "earlier", "later") and isinstance(v, int): return keys[str(v)]
    return v
print(json.dumps(walk(json.load(open(sys.argv[1]))), sort_keys=True, indent=0))
PY
}
as_keys "$shared" "$tmp/shared.json"
as_keys "$once" "$tmp/once.json"
check "reconcile after two concurrent ingests: as after one (claim ids read as doc#ordinal)" cmp "$tmp/shared.json" "$tmp/once.json"
check "and the reconciliation is not empty" test "$(grep -c '#' "$tmp/once.json")" -gt 100
check "no orphan evidence" test "$(query "$shared" "select count(*) from evidence where claim_id not in (select id from claims)")" = 0

# 3. SIGKILL part-way: committed batches whole, no partial document, a rerun completes
corpus 20000 0 "$tmp/big.jsonl"
"$tally" extract "$tmp/big.jsonl" > "$tmp/big-extract.jsonl"
killed=$(ledger killed)
"$tally" ingest --quiet --db "$killed" "$tmp/big.jsonl" &
pid=$!
for _ in $(seq 1 400); do
  n=$(query "$killed" "select count(*) from documents" 2>/dev/null || echo 0)
  [ "${n:-0}" -gt 200 ] && break
  sleep 0.05
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
sleep 0.5  # the server notices the closed connection and rolls its transaction back
check "after SIGKILL: committed documents complete, none partial" python3 - "$tmp/big-extract.jsonl" \
  "$(query "$killed" "select d.id || ' ' || (select count(*) from claims c where c.doc_id = d.id) from documents d")" <<'PY'
import collections, json, sys
expected = collections.Counter(json.loads(l)["doc"] for l in open(sys.argv[1]))
rows = [l.split() for l in sys.argv[2].splitlines() if l]
assert 0 < len(rows) < 20000, f"the kill should land mid-way, found {len(rows)} documents"
bad = [d for d, n in rows if int(n) != expected[d]]
assert not bad, f"partial documents: {bad[:5]}"
print(f"     {len(rows)} documents committed before the kill", file=sys.stderr)
PY
check "after SIGKILL: no orphan claims or evidence" test \
  "$(query "$killed" "select (select count(*) from evidence where claim_id not in (select id from claims)) + (select count(*) from claims where doc_id not in (select id from documents))")" = 0
"$tally" ingest --quiet --db "$killed" "$tmp/big.jsonl"
check "a rerun completes the corpus" test "$(query "$killed" "select count(*) from documents")" = 20000
check "and stores every claim" test "$(query "$killed" "select count(*) from claims")" = "$(wc -l < "$tmp/big-extract.jsonl")"

# 4. tally fetch into a PostgreSQL ledger: its fetch records there, so a second run asks
# conditionally and finds nothing new (tests/fetch_server.py on 127.0.0.1)
python3 "$src/tests/fetch_server.py" "$tmp/port" "$tmp/requests.log" 2>"$tmp/server.err" &
server=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
site="http://127.0.0.1:$(cat "$tmp/port")"
fetched=$(ledger fetched)
"$tally" fetch --db "$fetched" --delay 0.05 --timeout 1.5 --retries 0 --data "$src/data" "$site/atom.xml" 2> "$tmp/fetch1.err"
check "fetch into PostgreSQL stores pages" test "$(query "$fetched" "select count(*) from documents")" -gt 0
check "and a fetch record per page" test "$(query "$fetched" "select count(*) from fetches where status = 200")" -gt 0
"$tally" fetch --db "$fetched" --delay 0.05 --timeout 1.5 --retries 0 --data "$src/data" "$site/atom.xml" 2> "$tmp/fetch2.err"
check "a second fetch finds nothing new" grep -q " 0 new," "$tmp/fetch2.err"
kill "$server" 2>/dev/null

finish
