#!/usr/bin/env bash
# Concurrency stress (docs/robustness.md): two ingests start on one new ledger, each replacing
# the other's documents (same ids, other text), while readers run ledger, reconcile and report
# in a loop. Passes when both ingests complete, nothing fails with "locked", every reader exits
# 0, and no report shows a claim with another document's evidence. Bounded: about 20-30 s.
# Usage: concurrency_test.sh TALLY_BINARY
set -u
tally=$1
tmp=$(mktemp -d)
trap 'touch "$tmp/stop"; wait; rm -rf "$tmp"' EXIT
source "$(dirname "$0")/check.sh"
docs=${TALLY_STRESS_DOCS:-2000}

# version a and version b of each document: the figure, its words and its offset all differ
python3 - "$tmp" "$docs" <<'PY'
import sys
tmp, n = sys.argv[1], int(sys.argv[2])
filler = "The roads into the valley stayed closed through the night and the schools were shut. " * 12
with open(f"{tmp}/a.jsonl", "w") as a, open(f"{tmp}/b.jsonl", "w") as b:
    for i in range(n):
        a.write('{"id":"d%d","text":"In district %d, officials said at least %d people were killed in the flooding. %s"}\n' % (i, i, i + 10, filler))
        b.write('{"id":"d%d","text":"%sRescue teams working in district %d said %d people were injured after the storm."}\n' % (i, filler, i, i + 5000))
PY

reader() {  # NAME ARGS...: runs the command until told to stop; keeps the output of failures
  local name=$1 i=0; shift
  while [ ! -e "$tmp/stop" ]; do
    i=$((i + 1))
    "$tally" "$@" --db "$tmp/l.db" > "$tmp/$name.out" 2> "$tmp/$name.err"
    local rc=$?
    if [ "$rc" -ne 0 ] || grep -qi locked "$tmp/$name.err"; then
      cp "$tmp/$name.err" "$tmp/fail.$name.$i"
      echo "$name run $i: exit $rc: $(head -c 300 "$tmp/$name.err")" >&2
    elif [ "$name" = report ] && ! python3 "$tmp/evidence.py" "$tmp/report.html" >> "$tmp/mismatch" 2>&1; then
      cp "$tmp/report.html" "$tmp/fail.report.$i"
    fi
    echo "$i" > "$tmp/$name.runs"
  done
}

# every claim row of the report: its marked evidence is its own text, from its own document
cat > "$tmp/evidence.py" <<'PY'
import html, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
bad = 0
for m in re.finditer(r'<tr data-text="([^"]*)"[^>]*data-doc="d(\d+)">.*?<td class="evidence">(.*?)</td></tr>', page):
    text, doc, evidence = html.unescape(m[1]), m[2], m[3]
    mark = re.search(r"<mark>(.*?)</mark>", evidence)
    if not mark or html.unescape(mark[1]) != text or f"district {doc}" not in evidence:
        bad += 1
        print(f"claim {text!r} of d{doc} shown with evidence {evidence[:200]!r}")
sys.exit(1 if bad else 0)
PY

runs_of() { cat "$tmp/$1.runs" 2>/dev/null || echo 0; }
start=$SECONDS
round() {  # FIRST SECOND: two ingests at once, the second starting as the first does
  timeout 120 "$tally" ingest --quiet --replace --db "$tmp/l.db" "$tmp/$1.jsonl" 2>> "$tmp/ingest1.err" &
  local first=$!
  timeout 120 "$tally" ingest --quiet --replace --db "$tmp/l.db" "$tmp/$2.jsonl" 2>> "$tmp/ingest2.err" &
  local second=$!
  wait "$first"; printf '%s ' $? >> "$tmp/statuses"
  wait "$second"; printf '%s ' $? >> "$tmp/statuses"
}
round a b &  # on a new ledger: both ingests create it
first_round=$!
while [ ! -e "$tmp/l.db" ] && [ $((SECONDS - start)) -lt 10 ]; do sleep 0.01; done
reader ledger ledger --format jsonl &
reader reconcile reconcile &
reader report report -o "$tmp/report.html" &
wait "$first_round"
# more rounds, b replacing a and a replacing b, until each reader has run a few times (bounded)
rounds=1
while [ "$rounds" -lt 2 ] || { [ $((SECONDS - start)) -lt 20 ] &&
      [ "$(runs_of ledger)" -lt 5 -o "$(runs_of reconcile)" -lt 5 -o "$(runs_of report)" -lt 2 ]; }; do
  if [ $((rounds % 2)) -eq 1 ]; then round b a; else round a b; fi
  rounds=$((rounds + 1))
done
touch "$tmp/stop"
wait
elapsed=$((SECONDS - start))

echo "     $docs documents a corpus, $rounds rounds of two ingests, in ${elapsed} s;" \
  "reader runs: ledger $(runs_of ledger), reconcile $(runs_of reconcile), report $(runs_of report)"
exits=$(cat "$tmp/statuses" 2>/dev/null)
check "both ingests of every round complete (exits: $exits)" test "$exits" = "$(printf '0 %.0s' $(seq 1 $((2 * rounds))))"
check "no ingest failed with \"locked\"" bash -c "! grep -qi locked '$tmp/ingest1.err' '$tmp/ingest2.err'"
check "every reader run exits 0, none \"locked\"" bash -c "! ls '$tmp'/fail.* > /dev/null 2>&1"
check "no report shows a claim with another document's evidence" test ! -s "$tmp/mismatch"
check "the readers ran while the ingests did" test "$(runs_of report)" -ge 1
check "the ledger ends whole: every document once, each claim's evidence its own text" python3 - "$tmp/l.db" "$docs" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
assert db.execute("select count(*) from documents").fetchone()[0] == int(sys.argv[2])
for text, claim, start, end in db.execute(
        "select d.text, c.text, e.start, e.end from claims c join documents d on d.id = c.doc_id "
        "join evidence e on e.rowid = (select min(rowid) from evidence where claim_id = c.id)"):
    assert text.encode()[start:end].decode() == claim, (claim, start, end)
PY
[ -s "$tmp/mismatch" ] && head -5 "$tmp/mismatch"
finish
