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

finish
