#!/usr/bin/env bash
# Times the README's two commands (its ```sh blocks, in order) in a fresh clone of this
# checkout, with no compiler cache, and counts the compiler warnings each prints.
# Usage: scripts/time-readme.sh [DIR]  (default /tmp/tally-fresh, removed first). Commit first:
# the clone has only what is committed. On a shared machine, read the CPU time with the wall time.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/tally-fresh}
rm -rf "$dir"
git clone -q "$src" "$dir"
cd "$dir"
unset CMAKE_CXX_COMPILER_LAUNCHER CMAKE_C_COMPILER_LAUNCHER
export CCACHE_DISABLE=1
n=0
awk '/^```sh$/ { getline; print }' README.md | while IFS= read -r cmd; do
  n=$((n + 1))
  echo "command $n: $cmd"
  echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  TIMEFORMAT="  wall %R s, user %U s, sys %S s"
  time bash -c "$cmd" > "$dir/command-$n.log" 2>&1 || echo "  FAILED: see $dir/command-$n.log"
  echo "  compiler warnings: $(sed 's/\x1b\[[0-9;]*[mK]//g' "$dir/command-$n.log" | grep -c 'warning:' || true)"
done
