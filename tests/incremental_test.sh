#!/usr/bin/env bash
# Incremental reconcile (issue 14, docs/reconcile.md "Incremental reconcile"): the event test set
# cut by date at 90 %, the earlier part ingested and reconciled, the rest added; then
#   - the reconcile resumes (--verbose says so) and every event no added document joined is, with
#     its clusters and series, as the earlier result had it (compare_reconciliations.py --check);
#   - `reconcile --full` on that ledger equals a fresh reconcile of a ledger that never stored one;
#   - a replaced document makes the next reconcile a full one, and --verbose says why.
# Usage: incremental_test.sh TALLY_BINARY SOURCE_DIR
set -euo pipefail
tally=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$src/tests/data/events/articles.jsonl" 0.9 "$work" <<'PY'
import json, sys
articles, fraction, work = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rows = [json.loads(line) for line in open(articles, encoding="utf-8") if line.strip()]
dates = sorted(r.get("date") or "~" for r in rows)
cut = dates[min(len(dates) - 1, int(len(dates) * fraction))]
with open(work + "/first.jsonl", "w", encoding="utf-8") as a, open(work + "/second.jsonl", "w", encoding="utf-8") as b:
    for r in rows:
        (a if (r.get("date") or "~") < cut else b).write(json.dumps(r) + "\n")
PY
fail() { echo "FAIL: $*" >&2; exit 1; }
"$tally" ingest --quiet --db "$work/a.db" "$work/first.jsonl"
"$tally" reconcile --db "$work/a.db" > "$work/before.json"
"$tally" ingest --quiet --db "$work/a.db" "$work/second.jsonl"
"$tally" reconcile --verbose --db "$work/a.db" > "$work/resumed.json" 2> "$work/resumed.err"
grep -q "resuming from it" "$work/resumed.err" || { cat "$work/resumed.err" >&2; fail "the reconcile did not resume"; }
grep -q "reconciliation resumed" "$work/resumed.err" || { cat "$work/resumed.err" >&2; fail "the resume fell back"; }
python3 "$src/scripts/compare_reconciliations.py" --check "$work/before.json" "$work/resumed.json" ||
  fail "an event no added document joined differs from the earlier result"
# the resumed result is stored and read back like any other
"$tally" reconcile --db "$work/a.db" | cmp -s - "$work/resumed.json" || fail "the resumed result is not what is read back"
"$tally" ledger --format csv --db "$work/a.db" > /dev/null || fail "ledger cannot read the resumed result"
"$tally" reconcile --full --verbose --db "$work/a.db" > "$work/full.json" 2> "$work/full.err"
grep -q -- "--full" "$work/full.err" || fail "--verbose does not say --full"
"$tally" ingest --quiet --db "$work/b.db" "$work/first.jsonl"
"$tally" ingest --quiet --db "$work/b.db" "$work/second.jsonl"
"$tally" reconcile --db "$work/b.db" > "$work/fresh.json"
cmp -s "$work/full.json" "$work/fresh.json" || fail "reconcile --full differs from a fresh reconcile"
python3 "$src/scripts/compare_reconciliations.py" --against "$work/resumed.json" "$work/full.json"
# a replaced document: not only additions, so in full
head -n 1 "$work/second.jsonl" | python3 -c '
import json, sys
r = json.loads(sys.stdin.readline()); r["text"] = r["text"] + " Officials said 77 people were hurt."
print(json.dumps(r))' > "$work/replaced.jsonl"
"$tally" ingest --quiet --replace --db "$work/a.db" "$work/replaced.jsonl"
"$tally" reconcile --verbose --db "$work/a.db" > "$work/after-replace.json" 2> "$work/replace.err"
grep -q "replaced or removed" "$work/replace.err" || { cat "$work/replace.err" >&2; fail "--verbose does not say why it is computed in full"; }
grep -q "resuming from it" "$work/replace.err" && fail "resumed after a replaced document"
echo "incremental reconcile: resumed, untouched events as before, --full equals a fresh reconcile"
