#!/usr/bin/env bash
# CPU seconds of `tally extract --jobs 1` for two builds run in turn, for a shared host where wall
# seconds measure the queue: each round runs OLD then NEW over each input format of the bench
# corpus, so that both see the same minute of the host. Prints every run, then per format the
# median user and user+system seconds of each build and the median of the paired ratios NEW/OLD.
#
# Usage: bench/extract-cpu.sh OLD_TALLY NEW_TALLY [ROUNDS] [CORPUS]
#   ROUNDS defaults to 7; CORPUS to build-release/corpus-5000 (bench/run-e2e.sh makes it); the
#   formats are those of FORMATS (default "txt jsonl"). Needs /usr/bin/time.
set -euo pipefail
old=$1 new=$2 rounds=${3:-7} corpus=${4:-build-release/corpus-5000}
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT
for ((r = 0; r < rounds; r++)); do
  for format in ${FORMATS:-txt jsonl}; do
    for build in old new; do
      bin=$old
      [ "$build" = new ] && bin=$new
      /usr/bin/time -f "$format $build %e %U %S" -o "$runs.one" "$bin" extract --jobs 1 "$corpus/$format" > /dev/null
      cat "$runs.one" | tee -a "$runs"
    done
  done
done
rm -f "$runs.one"
python3 - "$runs" <<'PY'
import statistics as st, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
for fmt in dict.fromkeys(r[0] for r in rows):
    by = {b: [r for r in rows if r[0] == fmt and r[1] == b] for b in ("old", "new")}
    cells = []
    for b in ("old", "new"):
        user = st.median(float(r[3]) for r in by[b])
        both = st.median(float(r[3]) + float(r[4]) for r in by[b])
        cells.append(f"{b} user {user:.2f} s (user+sys {both:.2f})")
    ratio = st.median(float(n[3]) / float(o[3]) for o, n in zip(by["old"], by["new"]))
    print(f"{fmt}: " + ", ".join(cells) + f", median paired user ratio new/old {ratio:.3f}")
PY
