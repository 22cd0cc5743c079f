#!/usr/bin/env bash
# Incremental reconcile (issue 14): a set of articles split in two by date, the earlier part
# ingested and reconciled (the result and its checkpoint stored in the ledger), then the later part
# added and the ledger reconciled again, which resumes from the stored result; then
# `reconcile --full` on the same ledger. scripts/compare_reconciliations.py compares the earlier
# result with the resumed one (untouched events must be as they were), then the resumed one with
# the full one (how far resuming drifts from a full run). --verbose's lines say whether it resumed.
#
# Usage: bench/incremental-split.sh TALLY [ARTICLES.jsonl] [FRACTION]
#   ARTICLES: default tests/data/events/articles.jsonl (the event test set)
#   FRACTION: the share of articles, earliest first, in the first ledger (default 0.5); a tie
#             of dates at the cut stays together on the earlier side
set -euo pipefail
cd "$(dirname "$0")/.."
tally=$1
articles=${2:-tests/data/events/articles.jsonl}
fraction=${3:-0.5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$articles" "$fraction" "$work" <<'PY'
import json, sys
articles, fraction, work = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rows = [json.loads(line) for line in open(articles, encoding="utf-8") if line.strip()]
dates = sorted(r.get("date") or "~" for r in rows)
cut = dates[min(len(dates) - 1, int(len(dates) * fraction))]
with open(work + "/first.jsonl", "w", encoding="utf-8") as a, open(work + "/second.jsonl", "w", encoding="utf-8") as b:
    for r in rows:
        (a if (r.get("date") or "~") < cut else b).write(json.dumps(r) + "\n")
print(f"cut at {cut}", file=sys.stderr)
PY
echo "first: $(wc -l < "$work/first.jsonl") articles, second: $(wc -l < "$work/second.jsonl")"
"$tally" ingest --quiet --db "$work/l.db" "$work/first.jsonl"
"$tally" reconcile --db "$work/l.db" > "$work/before.json"
"$tally" ingest --quiet --db "$work/l.db" "$work/second.jsonl"
"$tally" reconcile --verbose --db "$work/l.db" > "$work/after.json" 2> "$work/after.err"
grep -E "reconciliation stored|no reconciliation stored|resumed|computed in" "$work/after.err" || true
python3 scripts/compare_reconciliations.py "$work/before.json" "$work/after.json"
"$tally" reconcile --full --db "$work/l.db" > "$work/full.json"
echo "resumed against full:"
python3 scripts/compare_reconciliations.py --against "$work/after.json" "$work/full.json"
if [ -f tests/data/events/truth.json ] && [ "$articles" = tests/data/events/articles.jsonl ]; then
  echo "resumed: $(python3 tests/event_score.py "$work/after.json" --truth tests/data/events/truth.json)"
  echo "full:    $(python3 tests/event_score.py "$work/full.json" --truth tests/data/events/truth.json)"
fi
