#!/usr/bin/env bash
# Whether two tally builds draw the same timeline charts: each writes the report of one ledger,
# headless Chromium opens both (the newer report's charts drawn by its script, each scrolled
# into view), and the <svg> of every chart is compared as the browser holds it. For the move of
# the charts from SVG written by `tally report` to data drawn by the page (issue 14).
#
# Usage: bench/compare-report-charts.sh OLD_TALLY NEW_TALLY LEDGER.db
# OLD_DATA / NEW_DATA: each build's data folder (TALLY_DATA), when it is not the built-in one.
# Example: git worktree of main built as /tmp/tally-main,
#   build/tally ingest --quiet tests/data/events/articles.jsonl --db /tmp/ev.db
#   bench/compare-report-charts.sh /tmp/tally-main build/tally /tmp/ev.db
# Prints the charts that differ and exits 1 when any does.
set -euo pipefail
old=$1 new=$2 db=$3
chromium=$(command -v chromium || command -v chromium-browser)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$db" "$work/l.db"
TALLY_DATA=${OLD_DATA:-} "$old" report --db "$work/l.db" -o "$work/old.html" 2> /dev/null
TALLY_DATA=${NEW_DATA:-} "$new" report --db "$work/l.db" -o "$work/new.html" 2> /dev/null
# a probe that scrolls to every chart in turn and says when it is done (in both: an old report
# whose charts are SVG written by tally is scrolled through all the same)
python3 "$(dirname "$0")/../scripts/chart-scroll-probe.py" "$work/old.html" "$work/old-probe.html"
python3 "$(dirname "$0")/../scripts/chart-scroll-probe.py" "$work/new.html" "$work/new-probe.html"
for page in old-probe new-probe; do
  timeout 600 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$work/profile" \
    --window-size=1280,1000 --virtual-time-budget=120000 --dump-dom "file://$work/$page.html" > "$work/$page-dom.html" 2> /dev/null
done
python3 - "$work/old-probe-dom.html" "$work/new-probe-dom.html" <<'PY'
import re, sys
def charts(path):  # each chart's title and its <svg>, as serialized by the browser
    page = open(path, encoding="utf-8").read()
    return re.findall(r'<figure class="chart" data-series="[^"]*"[^>]*>.*?(<svg role="img".*?</svg>)', page, re.S)
old, new = charts(sys.argv[1]), charts(sys.argv[2])
if 'data-scrolled="1"' not in open(sys.argv[2], encoding="utf-8").read():
    sys.exit("the new report was not scrolled through: raise the virtual time budget")
same = sum(a == b for a, b in zip(old, new))
print(f"{len(old)} charts before, {len(new)} after, {same} identical")
for k, (a, b) in enumerate(zip(old, new)):
    if a != b:
        for x, y in zip(re.split(r"(?=<)", a), re.split(r"(?=<)", b)):
            if x != y:
                print(f"chart {k}: before {x[:160]!r}\n         after  {y[:160]!r}")
                break
sys.exit(0 if same == len(old) == len(new) else 1)
PY
