#!/usr/bin/env bash
# Whether two tally builds read HTML pages alike: `tally clean` (text, --spans, --meta) and
# `tally extract` on every page of the HTML corpus (../shared/corpus/html-dev) and on a folder of
# bench pages, and `tally eval html` on the corpus, compared byte for byte. For a change to the
# HTML parse path that must not change what tally reads (docs/html.md, "Speed").
#
# Usage: bench/compare-html-output.sh OLD_TALLY NEW_TALLY [BENCH_HTML_FOLDER]
# Example, against a build of main kept aside, with the bench corpus's pages:
#   build-release/bench/tally_corpus --articles 600 --out /tmp/c600
#   bench/compare-html-output.sh /tmp/tally-main build/tally /tmp/c600/html
# Prints the pages that differ and exits 1 when any does.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2 bench=${3:-}
corpus=../shared/corpus/html-dev
[ -d "$corpus" ] || { echo "no $corpus" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run TALLY OUTDIR FILE: every reading of one page, into OUTDIR/NAME.*
run() {
  local tally=$1 out=$2 file=$3 name
  name=$(echo "$file" | tr '/' '_')
  "$tally" clean "$file" > "$out/$name.clean" 2>&1 || true
  "$tally" clean --spans "$file" > "$out/$name.spans" 2>&1 || true
  "$tally" clean --meta "$file" > "$out/$name.meta" 2>&1 || true
  "$tally" extract "$file" > "$out/$name.extract" 2>&1 || true
}

mkdir -p "$work/old" "$work/new"
pages=0
for file in "$corpus"/*/source.html; do
  run "$old" "$work/old" "$file"
  run "$new" "$work/new" "$file"
  pages=$((pages + 1))
done
if [ -n "$bench" ]; then
  # bench pages have distinct names: the whole folder in one run of each command
  for tally in old new; do
    bin=$old; [ "$tally" = new ] && bin=$new
    "$bin" clean "$bench" > "$work/$tally/bench.clean" 2>&1
    "$bin" clean --spans "$bench" > "$work/$tally/bench.spans" 2>&1
    "$bin" clean --meta "$bench" > "$work/$tally/bench.meta" 2>&1
    "$bin" extract "$bench" > "$work/$tally/bench.extract" 2>&1
  done
  pages=$((pages + $(find "$bench" -type f | wc -l)))
fi
"$old" eval html "$corpus" > "$work/old/eval" 2>&1 || true
"$new" eval html "$corpus" > "$work/new/eval" 2>&1 || true

if diff -rq "$work/old" "$work/new"; then
  echo "identical: $pages pages, $(cat "$work"/new/* | wc -c) bytes of output"
  grep -m1 -i 'f1' "$work/new/eval" || true
else
  exit 1
fi
