#!/usr/bin/env bash
# What a newcomer sees: the overview `tally` prints alone, examples at the end of every
# command's --help, where the main job's output went and what to try next, the terminal
# ledger's legend (and none in a pipe), the CSV's evidence columns, and a plain-text article's
# title and outlet taken from its first lines. Usage: newcomer_test.sh TALLY_BINARY SOURCE_DIR
set -u
tally=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/check.sh"

"$tally" > "$tmp/overview.txt" 2>&1
check "tally alone exits 0" test $? -eq 0
for cmd in clean numbers extract ingest reconcile ledger report; do
  check "the overview lists $cmd on one line" grep -qE "^  $cmd +[a-z]" "$tmp/overview.txt"
  "$tally" "$cmd" --help > "$tmp/help.txt" 2>&1
  # the examples close the help: the last lines are "examples:" and commands to paste
  check "$cmd --help ends with examples" python3 - "$tmp/help.txt" "$cmd" <<'PY'
import sys
lines = [l for l in open(sys.argv[1]).read().splitlines() if l.strip()]
at = max(i for i, l in enumerate(lines) if l.startswith("examples:"))
runs = [l.strip() for l in lines[at + 1:] if l.startswith("  tally ")]
assert runs and all(r.split()[1] == sys.argv[2] for r in runs), runs
assert len(lines) - at <= 4, "examples must be the end of the help"
PY
done
check "the overview names the two commands to start with" \
  bash -c "grep -A2 '^start with:' '$tmp/overview.txt' | grep -q 'tally ingest' && grep -A2 '^start with:' '$tmp/overview.txt' | grep -q 'tally report'"
check "help points at docs/format.md, not ../shared" \
  bash -c "'$tally' extract --help | grep -q 'docs/format.md' && ! '$tally' extract --help | grep -q 'shared/spec'"

# the main job says where its output is and what to try next
cd "$tmp"
"$tally" ingest --db "$tmp/t.db" "$src/examples" 2> "$tmp/ingest.err"
check "ingest says what to try next" grep -q "next: tally ledger --db $tmp/t.db" "$tmp/ingest.err"
"$tally" report --db "$tmp/t.db" -o "$tmp/r.html" 2> "$tmp/report.err"
check "report says where the page is" grep -q "report written to $tmp/r.html: open it in a browser (file://$tmp/r.html)" "$tmp/report.err"

# the legend: on a terminal only
"$tally" ledger --db "$tmp/t.db" > "$tmp/piped.txt"
check "no legend in a pipe" bash -c "test -s '$tmp/piped.txt' && ! grep -q 'legend:\|outlets = ' '$tmp/piped.txt'"
if command -v script > /dev/null; then
  NO_COLOR=1 script -qec "'$tally' ledger --db '$tmp/t.db'" /dev/null > "$tmp/tty.txt"
  check "a legend on a terminal" bash -c "grep -q '^legend: ' '$tmp/tty.txt' && grep -q 'N outlets = distinct outlets' '$tmp/tty.txt'"
  check "the legend fits 100 columns" bash -c "! sed -n '/^legend:/,\$p' '$tmp/tty.txt' | tr -d '\r' | grep -qE '^.{101,}'"
  check "the legend explains the qualifiers shown" bash -c "grep -q 'at_least' '$tmp/tty.txt' && grep -q 'at_least = N or more' '$tmp/tty.txt'"
  check "the legend explains (no party) when shown" \
    bash -c "! grep -q '(no party)' '$tmp/piped.txt' || grep -q '(no party) = ' '$tmp/tty.txt'"
else
  echo "skip legend on a terminal: util-linux script is not installed"
fi

# the CSV carries evidence, URL, location and confidence
"$tally" ledger --db "$tmp/t.db" --format csv > "$tmp/l.csv"
check "the CSV has the evidence sentence, URL, location and confidence" python3 - "$tmp/l.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert rows
for col in ("evidence", "url", "location", "confidence", "evidence_start"):
    assert col in rows[0], col
for r in rows:
    assert r["text"] in r["evidence"], (r["text"], r["evidence"])
    assert 0 <= float(r["confidence"]) <= 1
assert any(r["url"].startswith("http") for r in rows), "the JSONL feed's records have URLs"
PY

# a plain-text article: its headline is the title, the agency in its dateline the outlet
printf 'Storm cuts power to coastal towns\n\nHALDEN BAY, October 12, 2025 (Reuters) - At least 9 people died when the storm came ashore, officials said.\n' > "$tmp/storm.txt"
printf 'OSLO (AP) \xe2\x80\x94 Three climbers were rescued on Sunday, police said.\n' > "$tmp/climb.txt"
printf 'Six were hurt.\n\nTOWN, May 2 (Pressline) - More.\n' > "$tmp/nohead.txt"
"$tally" ingest --quiet --db "$tmp/m.db" "$tmp/storm.txt" "$tmp/climb.txt" "$tmp/nohead.txt"
"$tally" reconcile --db "$tmp/m.db" > "$tmp/m.json"
python3 - "$tmp/m.db" "$tmp/m.json" > "$tmp/m.txt" <<'PY'
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute("SELECT id, title, outlet FROM documents ORDER BY id"):
    print("|".join(x or "" for x in row))
for d in json.load(open(sys.argv[2]))["documents"]:
    print("outlet", d["id"], d["outlet"])
PY
check "a headline-like first line is the title" grep -qx "storm|Storm cuts power to coastal towns|Reuters" "$tmp/m.txt"
check "a listed agency's outlet name, in a dateline without a date" grep -qx "climb||The Associated Press" "$tmp/m.txt"
check "a sentence is not a title; an unlisted agency needs a date" grep -qx "nohead||Pressline" "$tmp/m.txt"
check "reconcile counts the agency as the outlet" grep -qx "outlet storm Reuters" "$tmp/m.txt"

finish
