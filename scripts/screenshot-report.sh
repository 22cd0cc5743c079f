#!/usr/bin/env bash
# Builds the example ledger, writes its HTML report and takes a screenshot of it with headless
# Chromium: docs/report.png. Run from the repository root after building (see README).
set -euo pipefail
out=${1:-docs/report.png}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
./build/tally ingest --quiet examples --db "$tmp/examples.db"
./build/tally report --db "$tmp/examples.db" -o "$tmp/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars \
  --window-size=1280,2200 --screenshot="$out" "file://$tmp/report.html" 2>/dev/null
echo "screenshot written to $out"
