#!/usr/bin/env bash
# Hostile input through the command line: the documented message and exit status for each case
# (docs/robustness.md), every good document kept, memory bounded, the ledger intact.
# Usage: robustness_test.sh TALLY_BINARY
set -u
tally=$1
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/check.sh"
good='{"id":"good","text":"At least 12 people were killed in the flood, officials said."}'

# a 100 MB line in JSONL: skipped with a message, the lines around it read, memory bounded
{
  echo "$good"
  printf '{"id":"huge","text":"'; head -c 100000000 /dev/zero | tr '\0' 'a'; printf '"}\n'
  echo '{"id":"after","text":"Nine people were injured."}'
} > "$tmp/feed.jsonl"
/usr/bin/time -f "%M" -o "$tmp/rss" "$tally" extract "$tmp/feed.jsonl" > "$tmp/out.jsonl" 2> "$tmp/err"
status=$?
check "100 MB JSONL line: exit 1" test "$status" -eq 1
check "100 MB JSONL line: named with its line" grep -q "feed.jsonl:2: line larger than the 64 MiB document limit" "$tmp/err"
check "100 MB JSONL line: the lines around it are read" bash -c "grep -q '\"doc\":\"good\"' '$tmp/out.jsonl' && grep -q '\"doc\":\"after\"' '$tmp/out.jsonl'"
if [ -n "${TALLY_SANITIZED:-}" ]; then
  echo "skip 100 MB JSONL line: peak memory (a sanitizer build's memory is not the program's)"
else
  check "100 MB JSONL line: peak memory under 100 MB ($(($(tail -1 "$tmp/rss") / 1024)) MB)" test "$(tail -1 "$tmp/rss")" -lt 102400
fi

# a 100 MB line in a text file: the file is rejected, the next file read
head -c 100000000 /dev/zero | tr '\0' 'b' > "$tmp/huge.txt"
echo "At least 12 people were killed in the flood, officials said." > "$tmp/small.txt"
"$tally" extract "$tmp/huge.txt" "$tmp/small.txt" > "$tmp/out2.jsonl" 2> "$tmp/err2"
status=$?
check "100 MB text file: exit 1, named" bash -c "test $status -eq 1 && grep -q 'huge.txt: larger than the 64 MiB document limit' '$tmp/err2'"
check "100 MB text file: the next file is read" grep -q '"doc":"small"' "$tmp/out2.jsonl"

# HTML nested 100,000 levels: read up to the limit, with a note, exit 0
python3 -c "
print('<html><body><p>At least 8 people were killed, the ministry said.</p>' + '<div>' * 100000 + 'deep' + '</div>' * 100000 + '</body></html>')" > "$tmp/deep.html"
"$tally" extract "$tmp/deep.html" > "$tmp/out3.jsonl" 2> "$tmp/err3"
status=$?
check "deep HTML: exit 0 with a note" bash -c "test $status -eq 0 && grep -q 'deep.html: note: HTML nested deeper than 1000 levels' '$tmp/err3'"
check "deep HTML: the claim before the cut is found" grep -q '"best":8' "$tmp/out3.jsonl"
python3 -c "print('<p>Three died.</p>' + '<div>' * 30 + 'x' * 3000 + '</div>' * 30)" > "$tmp/thirty.html"
python3 -c "print('Four died. ' * 400)" > "$tmp/long.txt"
"$tally" extract --max-html-depth 20 --max-line-kb 2 "$tmp/thirty.html" "$tmp/long.txt" > /dev/null 2> "$tmp/err4"
check "limits are options" bash -c "grep -q 'thirty.html: note: HTML nested deeper than 20 levels' '$tmp/err4' && grep -q 'long.txt: note: 1 line is longer than the 2 KiB line limit' '$tmp/err4'"

# binary, invalid UTF-8 and empty files among good ones: exit 1, each named, the good one read
head -c 3000 /dev/urandom > "$tmp/noise.txt"
printf '\x00\x01\x02binary' > "$tmp/nul.txt"
printf 'Over\xc0\xafloaded.\n' > "$tmp/overlong.txt"
: > "$tmp/empty.txt"
"$tally" extract "$tmp/noise.txt" "$tmp/nul.txt" "$tmp/overlong.txt" "$tmp/empty.txt" "$tmp/small.txt" > "$tmp/out5.jsonl" 2> "$tmp/err5"
status=$?
check "bad files: exit 1" test "$status" -eq 1
check "bad files: each named" bash -c "grep -q 'nul.txt: binary data (NUL byte at offset 0)' '$tmp/err5' && grep -q 'overlong.txt: invalid UTF-8 at byte 4' '$tmp/err5' && grep -q 'empty.txt: empty file' '$tmp/err5' && grep -q 'noise.txt: ' '$tmp/err5'"
check "bad files: the good one is read" grep -q '"doc":"small"' "$tmp/out5.jsonl"
"$tally" ingest --quiet --db "$tmp/mixed.db" "$tmp/noise.txt" "$tmp/nul.txt" "$tmp/overlong.txt" "$tmp/empty.txt" \
  "$tmp/small.txt" "$tmp/feed.jsonl" > /dev/null 2> "$tmp/err5b"
status=$?
"$tally" ledger --db "$tmp/mixed.db" --format jsonl > "$tmp/mixed.jsonl"
check "ingest meeting bad files: exit 1, every good document stored" bash -c "test $status -eq 1 && grep -q '\"small\"' '$tmp/mixed.jsonl' && grep -q '\"good\"' '$tmp/mixed.jsonl' && grep -q '\"after\"' '$tmp/mixed.jsonl'"

# a full disk (a file-size limit stands in for it): clear error, exit 1, the ledger intact
for i in $(seq 1 400); do
  printf '{"id":"d%d","text":"At least %d people were killed in district %d, officials said. %s"}\n' "$i" "$i" "$i" \
    "$(head -c 3000 /dev/zero | tr '\0' 'x')"
done > "$tmp/many.jsonl"
"$tally" ingest --quiet --db "$tmp/full.db" "$tmp/feed.jsonl" 2> /dev/null
( trap '' XFSZ; ulimit -f 400; "$tally" ingest --quiet --db "$tmp/full.db" "$tmp/many.jsonl" ) > /dev/null 2> "$tmp/err6"
status=$?
check "full disk: exit 1" test "$status" -eq 1
check "full disk: a clear message, and a stop" bash -c "grep -Eq 'full.db: database: (disk is full|disk I/O error)' '$tmp/err6' && grep -q 'full.db: stopped; every document stored before is intact' '$tmp/err6'"
"$tally" ledger --db "$tmp/full.db" --format csv > "$tmp/after.csv" 2> "$tmp/err7"
check "full disk: the ledger still opens" test $? -eq 0
python3 - "$tmp/full.db" <<'PY' && integrity=0 || integrity=1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
assert db.execute("SELECT count(*) FROM claims WHERE doc_id = 'good'").fetchone()[0] == 1, "the earlier document is intact"
# every stored document is whole: no claims without their document, no document of the
# failed batch without its claims
assert db.execute("SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
assert db.execute("SELECT count(*) FROM documents d WHERE d.id LIKE 'd%' AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.doc_id = d.id)").fetchone()[0] == 0
PY
check "full disk: integrity check passes, no orphan claims" test "$integrity" -eq 0

# a read-only ledger: clear error, exit 1, unchanged (run as an unprivileged user where root)
"$tally" ingest --quiet --db "$tmp/ro.db" "$tmp/small.txt"
sum_before=$(sha256sum "$tmp/ro.db" | cut -d' ' -f1)
chmod 444 "$tmp/ro.db"
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
"${as_user[@]}" "$tally" ingest --quiet --db "$tmp/ro.db" "$tmp/feed.jsonl" > /dev/null 2> "$tmp/err8"
status=$?
check "read-only ledger: exit 1" test "$status" -eq 1
check "read-only ledger: a clear message" grep -Eq "ro.db.*(readonly|read-only|unable to open)" "$tmp/err8"
check "read-only ledger: unchanged" test "$(sha256sum "$tmp/ro.db" | cut -d' ' -f1)" = "$sum_before"

# --- issue 17: the second pass ---
as_nobody=()
[ "$(id -u)" -eq 0 ] && as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
chmod 755 "$tmp"

# case 1: a database that is not a tally ledger is refused, never used (it crashed)
python3 -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute('create table foo(a)'); d.execute('pragma user_version=2'); d.commit()" "$tmp/foreign.db"
"$tally" ingest --quiet --db "$tmp/foreign.db" "$tmp/small.txt" > /dev/null 2> "$tmp/err9"
status=$?
check "case 1 foreign schema: ingest exits 1 with a message" bash -c "test $status -eq 1 && grep -q 'foreign.db: not a tally ledger' '$tmp/err9'"
"$tally" ledger --db "$tmp/foreign.db" > /dev/null 2> "$tmp/err9b"
status=$?
check "case 1 foreign schema: ledger exits 1 with a message" bash -c "test $status -eq 1 && grep -q 'foreign.db: not a tally ledger' '$tmp/err9b'"

# case 5: cells that could start a formula are written as text in CSV
printf '%s\n' '{"id":"=HYPERLINK(1)","text":"At least 12 people were killed, officials said."}' \
  '{"id":"@x","outlet":"+cmd","text":"Nine people were injured, police spokesman -Ali Demir said."}' > "$tmp/formula.jsonl"
"$tally" ingest --quiet --db "$tmp/formula.db" "$tmp/formula.jsonl"
"$tally" ledger --db "$tmp/formula.db" --format csv > "$tmp/formula.csv"
check "case 5 CSV formula cells neutralised" python3 - "$tmp/formula.csv" <<'PY'
import csv, sys
cells = [c for row in csv.reader(open(sys.argv[1], newline="")) for c in row]
assert "'=HYPERLINK(1)" in cells and "'@x" in cells, cells
assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c[1:].isdigit())], cells
PY

# case 6: a named pipe is refused (it hung), an unreadable folder is reported, a link loop named
mkfifo "$tmp/pipe.txt"
timeout 10 "$tally" extract "$tmp/pipe.txt" "$tmp/small.txt" > "$tmp/out10" 2> "$tmp/err10"
status=$?
check "case 6 named pipe: refused with a message, exit 1, no hang" bash -c "test $status -eq 1 && grep -q 'pipe.txt: not a regular file or folder (a named pipe)' '$tmp/err10' && grep -q '\"doc\":\"small\"' '$tmp/out10'"
mkdir -p "$tmp/tree/locked" "$tmp/tree/open"
cp "$tmp/small.txt" "$tmp/tree/open/a.txt"
cp "$tmp/small.txt" "$tmp/tree/locked/b.txt"
chmod 000 "$tmp/tree/locked"
"${as_nobody[@]}" "$tally" extract "$tmp/tree" > "$tmp/out11" 2> "$tmp/err11"
status=$?
chmod 755 "$tmp/tree/locked"
check "case 6 unreadable folder: reported, exit 1, the rest read" bash -c "test $status -eq 1 && grep -q 'tree/locked: cannot read the folder: Permission denied' '$tmp/err11' && grep -q '\"doc\":\"a\"' '$tmp/out11'"
ln -s "$tmp/loop2.txt" "$tmp/loop1.txt"
ln -s "$tmp/loop1.txt" "$tmp/loop2.txt"
"$tally" extract "$tmp/loop1.txt" > /dev/null 2> "$tmp/err12"
status=$?
check "case 6 symlink loop: named as such" bash -c "test $status -eq 1 && grep -q 'loop1.txt: a symbolic link loop' '$tmp/err12'"

# case 7: every write to standard output is checked
"$tally" ledger --db "$tmp/formula.db" > /dev/full 2> "$tmp/err13"
status=$?
check "case 7 ledger > /dev/full: exit 1 with a message" bash -c "test $status -eq 1 && grep -q 'standard output: cannot write: No space left on device' '$tmp/err13'"
"$tally" extract "$tmp/feed.jsonl" > /dev/full 2> "$tmp/err13b"
status=$?
check "case 7 extract > /dev/full: exit 1 with a message" bash -c "test $status -eq 1 && grep -q 'standard output: cannot write' '$tmp/err13b'"

# case 8: a byte-order mark before JSONL, UTF-16 text, file names that are not UTF-8
{ printf '\xEF\xBB\xBF'; echo '{"id":"bom","text":"At least 12 people were killed."}'; } > "$tmp/bom.jsonl"
"$tally" extract "$tmp/bom.jsonl" > "$tmp/out14" 2> "$tmp/err14"
check "case 8 UTF-8 BOM before JSONL: the first record is read" bash -c "test $? -eq 0 && grep -q '\"doc\":\"bom\"' '$tmp/out14'"
printf 'At least 12 people were killed in the flood.\n' | iconv -f UTF-8 -t UTF-16 > "$tmp/wide.txt"
"$tally" extract "$tmp/wide.txt" > "$tmp/out15" 2> "$tmp/err15"
check "case 8 UTF-16 text with a byte-order mark is decoded" grep -q '"best":12' "$tmp/out15"
printf 'At least 12 people were killed in the flood.\n' | iconv -f UTF-8 -t UTF-16LE > "$tmp/wide2.txt"
"$tally" extract "$tmp/wide2.txt" > /dev/null 2> "$tmp/err15b"
check "case 8 UTF-16 without a byte-order mark is named" grep -q 'wide2.txt: UTF-16 text without a byte-order mark' "$tmp/err15b"
cp "$tmp/small.txt" "$tmp/$(printf 'caf\xe9')"
"$tally" extract "$tmp/$(printf 'caf\xe9')" > "$tmp/out16" 2> /dev/null
check "case 8 a Latin-1 file name gives valid UTF-8 JSON" python3 -c "
import json, sys
lines = open(sys.argv[1], 'rb').read().decode('utf-8').splitlines()
assert lines and all(json.loads(l)['doc'] == 'caf%E9' for l in lines), lines" "$tmp/out16"

# case 9: reading commands need no write access, and never create or change a ledger
mkdir "$tmp/rodir"
mkdir -m 777 "$tmp/w"
"$tally" ingest --quiet --db "$tmp/rodir/l.db" "$tmp/feed.jsonl" 2> /dev/null
chmod 555 "$tmp/rodir"
chmod 444 "$tmp/rodir/l.db"
ok=0
for cmd in "ledger --format csv" "reconcile" "report -o $tmp/w/report.html"; do
  "${as_nobody[@]}" "$tally" $cmd --db "$tmp/rodir/l.db" > "$tmp/out17" 2> "$tmp/err17" || { ok=1; cat "$tmp/err17"; }
done
chmod 755 "$tmp/rodir"
check "case 9 ledger, reconcile and report read a ledger in a read-only folder" test "$ok" -eq 0
: > "$tmp/empty.db"
"$tally" ledger --db "$tmp/empty.db" > "$tmp/out18" 2> "$tmp/err18"
check "case 9 ledger on an empty file: says so, leaves it empty" bash -c "grep -q 'empty.db: no documents yet: run tally ingest' '$tmp/err18' && test ! -s '$tmp/empty.db' && test ! -e '$tmp/empty.db-wal'"
"$tally" ledger --db "$tmp/none.db" > /dev/null 2> "$tmp/err19"
status=$?
check "case 9 ledger on a missing file: exit 1, says so, creates nothing" bash -c "test $status -eq 1 && grep -q 'none.db: no such ledger: no documents yet: run tally ingest' '$tmp/err19' && test ! -e '$tmp/none.db'"
"$tally" ingest --quiet --db "$tmp/never.db" "$tmp/does-not-exist" 2> /dev/null
check "case 9 ingest of a missing file leaves no ledger behind" test ! -e "$tmp/never.db"

# case 10: the size limit comes before reading; peak memory per document about twice its size
if [ -n "${TALLY_SANITIZED:-}" ]; then
  echo "skip case 10 peak memory (a sanitizer build's memory is not the program's)"
else
  head -c $((65 << 20)) /dev/zero | tr '\0' 'c' > "$tmp/over.txt"
  /usr/bin/time -f "%M" -o "$tmp/rss2" "$tally" extract "$tmp/over.txt" > /dev/null 2>&1
  check "case 10 a file over the limit is refused unread ($(($(tail -1 "$tmp/rss2") / 1024)) MB peak)" test "$(tail -1 "$tmp/rss2")" -lt 40000
  # one 60 MB JSONL record stored: at most 2.5 times its size above the program's baseline (the
  # ledger's page cache used to hold the whole document beside it: 3.1 times)
  { printf '{"id":"big","text":"'; head -c 60000000 /dev/zero | tr '\0' 'd'; printf '"}\n'; } > "$tmp/big.jsonl"
  /usr/bin/time -f "%M" -o "$tmp/rss0" "$tally" extract /dev/null > /dev/null 2>&1
  /usr/bin/time -f "%M" -o "$tmp/rss3" "$tally" ingest --quiet --db "$tmp/big.db" "$tmp/big.jsonl" > /dev/null 2>&1
  per_mb=$(( ($(tail -1 "$tmp/rss3") - $(tail -1 "$tmp/rss0")) * 10 / 58594 ))  # tenths: KB over 60 MB
  check "case 10 ingest of a 60 MB record peaks at $((per_mb / 10)).$((per_mb % 10)) times its size (at most 2.5)" test "$per_mb" -le 25
  # a 20 MB web page of one 180-byte paragraph a line (gumbo's nodes for each, 1.5 times the
  # page, and its text once, moved from the tree into the laid-out article): at most 3.6 times
  # its size above the baseline, for extract and for ingest. 9.4 and 9.5 before the page was
  # given back once parsed and the content scorer's node list shrank (docs/robustness.md); 5.1
  # and 5.5 after; 3.9 and 3.9 once the page went before the parse and the text out of the tree
  # as it was laid out; 3.2 and 3.1 once the newline after each paragraph was left out of the
  # parse. Shorter paragraphs cost more per byte (gumbo's nodes are a fixed 280 bytes a
  # paragraph). Then pages over 8 MiB were parsed as they are read, with no tree (the eighth
  # pass): extract 2.1, at most 2.5; ingest 3.0, at most 3.4, its peak now SQLite's insert of
  # the text (as for a text file), no longer the parse.
  python3 -c "
para = '<p>On Monday, at least 14 people were hurt and 3 were killed when the storm reached the coast, a fire service officer said, and crews were still looking for 5 people in the hills.</p>\n'
body = para * (20000000 // len(para))
print('<!DOCTYPE html><html><head><title>Storm</title></head><body><article>\n' + body + '</article></body></html>')" > "$tmp/page.html"
  for cmd in extract ingest; do
    db=(); [ "$cmd" = ingest ] && db=(--quiet --db "$tmp/page.db")
    /usr/bin/time -f "%M" -o "$tmp/rss4" "$tally" $cmd "${db[@]}" "$tmp/page.html" > /dev/null 2>&1
    per_mb=$(( ($(tail -1 "$tmp/rss4") - $(tail -1 "$tmp/rss0")) * 10 / 19531 ))  # tenths: KB over 20 MB
    most=25; [ "$cmd" = ingest ] && most=34
    check "case 10 $cmd of a 20 MB web page peaks at $((per_mb / 10)).$((per_mb % 10)) times its size (at most $((most / 10)).$((most % 10)))" test "$per_mb" -le "$most"
  done
fi

# case 11: a figure in scientific notation is not a count of its exponent
echo "Officials said 1E+999 were wounded in the blast." > "$tmp/sci.txt"
"$tally" extract "$tmp/sci.txt" > "$tmp/out20" 2> /dev/null
check "case 11 1E+999 is not a claim of 999" bash -c "! grep -q '999' '$tmp/out20'"

finish
