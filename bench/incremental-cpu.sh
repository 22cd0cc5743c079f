#!/usr/bin/env bash
# Reconcile after adding documents to a big ledger (issue 14, incremental reconcile): the ledger
# is copied, reconciled once (so that a reconciliation is stored), the added articles ingested,
# then reconciled again with --verbose under /usr/bin/time: CPU seconds (user + system; on a
# shared host wall seconds measure the queue) and peak memory, each stage's CPU seconds so far,
# and the line that says what the ledger tells about the stored reconciliation (the documents
# added since it was stored, and whether it resumed from it). Then scripts/compare_reconciliations.py
# on the two results: the share of claims and figures in events the added documents touched; and
# `reconcile --full` of the same ledger, timed, against which the resumed result is compared.
#
# Usage: bench/incremental-cpu.sh LEDGER.db ADDED.jsonl [TALLY] [KEEP_DIR]
#   LEDGER: e.g. bench/run-reconcile.sh's build-release/reconcile-bench/bench-100000.db
#   ADDED:  articles to add, e.g. lines 100,001 to 101,000 of the same tally_corpus output
#   KEEP_DIR: keep the two JSON results and the stderr of each command there
set -euo pipefail
db=$1
added=$2
tally=${3:-build-release/tally}
keep=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${keep:-$work}
mkdir -p "$out"
cp "$db" "$work/l.db"
timed() {  # timed NAME ARGS...: runs tally ARGS with --db, stdout to NAME.out, prints the figures
  local name=$1
  shift
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak" "$tally" "$@" --db "$work/l.db" \
    > "$out/$name.out" 2> "$out/$name.err" || { cat "$out/$name.err" >&2; return 1; }
  grep -v "^tally: .*: .*CPU-s so far" "$out/$name.err" | tail -n 3 >&2 || true
}
timed before reconcile
timed ingest ingest --quiet --jobs 2 "$added"
timed after reconcile --verbose
grep "CPU-s so far\|stored at generation\|no reconciliation stored\|resum\|computed in full" "$out/after.err" >&2
python3 "$(dirname "$0")/../scripts/compare_reconciliations.py" --events-only "$out/before.out" "$out/after.out"
# the stored result and the checkpoint a resume starts from, in bytes
if command -v sqlite3 > /dev/null; then
  sqlite3 "file:$work/l.db?mode=ro" "SELECT name, generation, length(data) FROM derived_results" >&2 || true
fi
# the same ledger reconciled in full, and how far the resumed result is from it
timed full reconcile --full --verbose
grep "CPU-s so far" "$out/full.err" >&2
python3 "$(dirname "$0")/../scripts/compare_reconciliations.py" --against --events-only "$out/after.out" "$out/full.out"
