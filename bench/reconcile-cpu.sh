#!/usr/bin/env bash
# CPU seconds and peak memory of `tally reconcile`, `ledger` and `report` on one ledger, as
# docs/performance.md reports them (on a shared host wall seconds measure the queue, CPU
# seconds the work). The ledger is copied first so that reconcile computes the reconciliation
# rather than reading one stored by an earlier run; ledger and report then read the one it
# stored. --verbose prints each stage's CPU seconds and peak memory so far.
#
# Usage: bench/reconcile-cpu.sh LEDGER.db [TALLY]   (TALLY: default build-release/tally)
# REPORT_OUT=FILE keeps the report written (else it goes with the copy); its size is printed.
# Build the ledgers with bench/run-reconcile.sh (build-release/reconcile-bench/bench-N.db).
set -euo pipefail
db=$1
tally=${2:-build-release/tally}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$db" "$work/l.db"
run() {  # run NAME ARGS...: prints "NAME: wall s, user s, sys s, peak KB" after the stages
  local name=$1
  shift
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak" "$tally" "$@" --verbose --db "$work/l.db" \
    > "$work/$name.out"
}
run reconcile reconcile
run ledger ledger --format csv
run report report -o "$work/report.html"
echo "report: $(stat -c %s "$work/report.html") bytes"
if [ -n "${REPORT_OUT:-}" ]; then mv "$work/report.html" "$REPORT_OUT"; fi
