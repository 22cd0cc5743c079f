#!/usr/bin/env bash
# How long the HTML report takes to open in headless Chromium, on a ledger of N articles made
# from the event test set (tests/data/events, each article copied under new ids with its
# figures shifted so copies are not all identical). Prints the claims, the report's bytes and
# the milliseconds Chromium takes to open it until its tables are drawn.
# Usage: scripts/report-open-time.sh [ARTICLES] [TALLY_BINARY]   (default 5000, ./build/tally)
# REPORT=FILE times that report instead (e.g. one kept by bench/reconcile-cpu.sh's REPORT_OUT);
# nothing is built then. Run from the repository root after building.
set -euo pipefail
articles=${1:-5000}
tally=${2:-./build/tally}
chromium=$(command -v chromium || command -v chromium-browser)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${REPORT:-}" ]; then
  cp "$REPORT" "$tmp/report.html"
  articles="?"
  claims="?"
else
  python3 - tests/data/events/articles.jsonl "$tmp/corpus.jsonl" "$articles" <<'PY'
import json, re, sys
base = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
n = int(sys.argv[3])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(n):
        a = dict(base[i % len(base)])
        copy = i // len(base)
        a["id"] = f"{a['id']}-{copy}"
        # shift every figure by the copy number so copies carry different claims
        a["text"] = re.sub(r"\b\d+\b", lambda m: str(int(m.group()) + copy), a["text"])
        out.write(json.dumps(a) + "\n")
PY
  /usr/bin/time -f "ingest: %e s, %M KB peak" "$tally" ingest --quiet -j 2 "$tmp/corpus.jsonl" --db "$tmp/l.db"
  /usr/bin/time -f "report: %e s, %M KB peak" "$tally" report --db "$tmp/l.db" -o "$tmp/report.html" 2>&1 | grep -v "written"
  claims=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from claims').fetchone()[0])" "$tmp/l.db")
fi
# The page signals when its tables are drawn ("tally-report-ready"); Chromium is timed from
# start until it has dumped the page after that, minus the same for an empty page (the
# browser's own start-up), median of three runs each; ready_ms is the page's own clock
# (performance.now()) when it signalled, on the last load (its own data-ready-ms when it has one:
# a report whose first screen is drawn before the browser has read the rest of the page);
# parsed_ms the page's clock when the browser had read the whole page (DOMContentLoaded).
python3 - "$tmp/report.html" "$tmp/probe.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
function drawn() {
  var at = document.body.getAttribute("data-ready-ms");  // the page's own mark, when it was ready before this probe was read
  document.body.setAttribute("data-drawn", at || String(Math.round(performance.now())));
}
if (document.body.getAttribute("data-ready")) drawn(); else document.addEventListener("tally-report-ready", drawn);
document.addEventListener("DOMContentLoaded", function () { document.body.setAttribute("data-parsed", String(Math.round(performance.now()))); });
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
PY
echo '<!DOCTYPE html><title>empty</title><body>' > "$tmp/empty.html"
open_ms() {  # FILE: median wall-clock milliseconds of three loads
  for _ in 1 2 3; do
    local t0=$(date +%s%N)
    timeout 300 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
      --window-size=1280,1000 --virtual-time-budget=60000 --dump-dom "file://$1" 2> /dev/null > "$tmp/dom.html"
    echo $(( ($(date +%s%N) - t0) / 1000000 ))
  done | sort -n | sed -n 2p
}
empty=$(open_ms "$tmp/empty.html")
full=$(open_ms "$tmp/probe.html")
# the page's own clock at ready (from navigation start) of the last load: no browser start-up in it
ready=$(grep -o 'data-drawn="[0-9]*"' "$tmp/dom.html" | grep -o '[0-9]*') || { echo "the report never signalled it was drawn" >&2; exit 1; }
parsed=$(grep -o 'data-parsed="[0-9]*"' "$tmp/dom.html" | grep -o '[0-9]*') || parsed="?"
echo "articles=$articles claims=$claims report_bytes=$(stat -c %s "$tmp/report.html") open_ms=$((full - empty)) (browser start-up ${empty} ms subtracted) ready_ms=$ready (page's clock) parsed_ms=$parsed (the whole page read: DOMContentLoaded)"
