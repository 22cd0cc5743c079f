#!/usr/bin/env bash
# Kills `tally ingest` part-way with SIGKILL and checks that every document committed before
# the kill is intact (its claims all there, the database sound) and that a rerun completes.
# Usage: kill_test.sh TALLY_BINARY SOURCE_DIR
set -u
tally=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a corpus large enough to be mid-way when killed: the examples under many ids
python3 - "$src/examples" "$tmp/corpus.jsonl" <<'PY'
import json, os, sys
texts = []
for name in sorted(os.listdir(sys.argv[1])):
    if name.endswith(".txt"):
        texts.append(open(os.path.join(sys.argv[1], name), encoding="utf-8").read())
with open(sys.argv[2], "w") as out:
    for i in range(20000):
        out.write(json.dumps({"id": f"doc{i:05d}", "text": texts[i % len(texts)].replace("42", str(40 + i % 50))}) + "\n")
PY
"$tally" extract "$tmp/corpus.jsonl" > "$tmp/expected.jsonl"
"$tally" ingest --quiet "$tmp/corpus.jsonl" --db "$tmp/l.db" &
pid=$!
# wait until some documents are committed, then kill
for _ in $(seq 1 200); do
  n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from documents').fetchone()[0])" "$tmp/l.db" 2>/dev/null || echo 0)
  [ "${n:-0}" -gt 200 ] && break
  sleep 0.05
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
python3 - "$tmp/l.db" "$tmp/expected.jsonl" <<'PY' || exit 1
import collections, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("pragma integrity_check").fetchone()[0] == "ok", "database damaged"
expected = collections.Counter(json.loads(l)["doc"] for l in open(sys.argv[2]))
docs = [r[0] for r in db.execute("select id from documents")]
stored = collections.Counter(r[0] for r in db.execute("select doc_id from claims"))
assert 0 < len(docs) < 20000, f"kill should land mid-way, found {len(docs)} documents"
bad = [d for d in docs if stored[d] != expected[d]]
assert not bad, f"half-written documents: {bad[:5]}"
orphans = db.execute("select count(*) from evidence where claim_id not in (select id from claims)").fetchone()[0]
assert orphans == 0, "evidence without claims"
print(f"ok   after SIGKILL: {len(docs)} documents committed, each complete")
PY
"$tally" ingest --quiet "$tmp/corpus.jsonl" --db "$tmp/l.db" || exit 1
python3 - "$tmp/l.db" "$tmp/expected.jsonl" <<'PY' || exit 1
import collections, json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
expected = collections.Counter(json.loads(l)["doc"] for l in open(sys.argv[2]))
n = db.execute("select count(*) from documents").fetchone()[0]
assert n == 20000, f"rerun should complete the corpus, found {n}"
stored = collections.Counter(r[0] for r in db.execute("select doc_id from claims"))
assert stored == expected, "claims differ from a fresh extract"
print("ok   rerun completed all 20000 documents")
PY
echo "2 passed, 0 failed"
