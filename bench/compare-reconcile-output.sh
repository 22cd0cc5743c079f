#!/usr/bin/env bash
# Whether two tally builds give byte-identical `reconcile` JSON, `ledger --format csv` and
# `ledger --format csv --tolls` on one ledger: for a change meant to keep the output (a layout
# or speed change). Each build reads its own copy of the ledger, so neither reuses the
# reconciliation the other stored.
#
# Usage: bench/compare-reconcile-output.sh BEFORE_TALLY AFTER_TALLY INPUT
# INPUT: a ledger (.db), or articles (.jsonl) ingested into a fresh ledger with BEFORE_TALLY.
# Prints "identical: NAME" or "DIFFERENT: NAME" per output; exits 1 when any differs.
set -euo pipefail
before=$1
after=$2
input=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ $input == *.db ]]; then
  cp "$input" "$work/ledger.db"
else
  "$before" ingest --quiet --db "$work/ledger.db" "$input"
fi
status=0
for side in before after; do
  tally=${!side}
  cp "$work/ledger.db" "$work/$side.db"
  "$tally" reconcile --db "$work/$side.db" > "$work/$side.reconcile"
  "$tally" ledger --format csv --db "$work/$side.db" > "$work/$side.ledger"
  "$tally" ledger --format csv --tolls --db "$work/$side.db" > "$work/$side.tolls"
done
for name in reconcile ledger tolls; do
  if cmp -s "$work/before.$name" "$work/after.$name"; then
    echo "identical: $name ($(stat -c %s "$work/after.$name") bytes)"
  else
    echo "DIFFERENT: $name"
    status=1
  fi
done
exit $status
