#!/usr/bin/env bash
# CPU seconds and peak memory of `tally reconcile`, `ledger` and `report` on one ledger, as
# docs/performance.md reports them (on a shared host wall seconds measure the queue, CPU
# seconds the work). The ledger is copied first so that reconcile computes the reconciliation
# rather than reading one stored by an earlier run; ledger and report then read the one it
# stored. --verbose prints each stage's CPU seconds and peak memory so far.
#
# Usage: bench/reconcile-cpu.sh LEDGER.db [TALLY] [KEEP_DIR]   (TALLY: default build-release/tally)
# KEEP_DIR: keep the outputs there (reconcile.out: the JSON, ledger.out: the CSV, tolls.out:
# `ledger --format csv --tolls`, report.html, and each command's stderr), to `cmp` two builds'.
# Build the ledgers with bench/run-reconcile.sh (build-release/reconcile-bench/bench-N.db).
set -euo pipefail
db=$1
tally=${2:-build-release/tally}
keep=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$db" "$work/l.db"
out=${keep:-$work}
mkdir -p "$out"
run() {  # run NAME ARGS...: prints "NAME: wall s, user s, sys s, peak KB" after the stages
  local name=$1
  shift
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s sys, %M KB peak" "$tally" "$@" --verbose --db "$work/l.db" \
    > "$out/$name.out" 2> "$out/$name.err" || { cat "$out/$name.err" >&2; return 1; }
  cat "$out/$name.err" >&2
}
run reconcile reconcile
run ledger ledger --format csv
if [ -n "$keep" ]; then run tolls ledger --format csv --tolls; fi
run report report -o "$out/report.html"
