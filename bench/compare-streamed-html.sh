#!/usr/bin/env bash
# How the streaming parse of very large pages (docs/html.md, "Very large pages") reads pages
# against gumbo's: TALLY_STREAM_HTML_ABOVE_BYTES (for tests only) sends every page that way.
#   1. `tally eval html` on the HTML corpus (../shared/corpus/html-dev), each way;
#   2. `tally clean` and `tally clean --meta` of each corpus page, each way: the pages that differ;
#   3. with REPEAT (e.g. 20), each corpus page repeated REPEAT times (the long articles are laid
#      out the long way, the text given back as it is read): `tally clean` each way.
# Usage: bench/compare-streamed-html.sh TALLY [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
tally=$1 repeat=${2:-}
corpus=../shared/corpus/html-dev
[ -d "$corpus" ] || { echo "no $corpus" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gumbo=$((1 << 40))  # a threshold no page passes
streamed=0          # every page passes

echo "eval html, gumbo:    $(TALLY_STREAM_HTML_ABOVE_BYTES=$gumbo "$tally" eval html "$corpus" 2>&1 | tail -1)"
echo "eval html, streamed: $(TALLY_STREAM_HTML_ABOVE_BYTES=$streamed "$tally" eval html "$corpus" 2>&1 | tail -1)"

differ() {  # LABEL FILE ARGS...: whether the two ways differ on FILE
  local label=$1 file=$2
  shift 2
  if ! cmp -s <(TALLY_STREAM_HTML_ABOVE_BYTES=$gumbo "$tally" "$@" "$file" 2>&1) \
              <(TALLY_STREAM_HTML_ABOVE_BYTES=$streamed "$tally" "$@" "$file" 2>&1); then
    echo "  $label differs: $file"
    return 0
  fi
  return 1
}

pages=0 text=0 meta=0
for file in "$corpus"/*/source.html; do
  pages=$((pages + 1))
  if differ clean "$file" clean; then text=$((text + 1)); fi
  if differ meta "$file" clean --meta; then meta=$((meta + 1)); fi
done
echo "corpus pages: $pages; text differs on $text, metadata on $meta"

if [ -n "$repeat" ]; then
  pages=0 text=0
  for file in "$corpus"/*/source.html; do
    name=$(basename "$(dirname "$file")")
    for _ in $(seq "$repeat"); do cat "$file"; done > "$work/$name.html"
    pages=$((pages + 1))
    if differ clean "$work/$name.html" clean; then text=$((text + 1)); fi
    rm "$work/$name.html"
  done
  echo "corpus pages repeated $repeat times: $pages; text differs on $text"
fi
