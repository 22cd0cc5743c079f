#!/usr/bin/env bash
# WARC archives through the command line: tally ingest x.warc.gz into a ledger, then tally ledger
# shows each page's URL and date; skipped records are counted; a truncated archive keeps the
# pages before the damage, one damaged in the middle the pages after it too; --jobs and standard
# input read the same pages.
# Usage: warc_cli_test.sh TALLY_BINARY
set -u
tally=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/check.sh"

# crawl.warc(.gz): warcinfo, three HTML pages (one chunked and gzip-encoded, one in windows-1252,
# one that states its own date), an image, a 404 and a request
python3 - "$tmp" <<'PY'
import gzip, sys
out = sys.argv[1]
def record(kind, uri, date, block, ctype="application/http; msgtype=response"):
    head = ("WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: %s\r\nContent-Type: %s\r\n"
            "Content-Length: %d\r\n\r\n" % (kind, uri, date, ctype, len(block)))
    return head.encode() + block + b"\r\n\r\n"
def http(status, headers, body):
    return ("HTTP/1.1 %d X\r\n" % status + "".join("%s: %s\r\n" % h for h in headers) + "\r\n").encode() + body
def page(sentence, head=""):
    return ("<html><head>%s</head><body><article><p>%s</p></article></body></html>" % (head, sentence))
gz_body = gzip.compress(page("Firefighters said 7 people were killed in the depot blaze.").encode())
chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(gz_body), gz_body)
records = [
    record("warcinfo", "", "2031-05-02T08:00:00Z", b"software: test\r\n", "application/warc-fields"),
    record("response", "https://News.Example.org/2031/depot-fire?utm_source=feed", "2031-05-02T09:00:00Z",
           http(200, [("Content-Type", "text/html; charset=utf-8")], page("Rescuers said 4 people were injured in the depot fire.").encode())),
    record("response", "https://example.org/logo.png", "2031-05-02T09:00:01Z", http(200, [("Content-Type", "image/png")], b"\x89PNG")),
    record("response", "https://example.org/missing", "2031-05-02T09:00:02Z", http(404, [("Content-Type", "text/html")], b"<p>gone</p>")),
    record("response", "https://example.org/chunked", "2031-05-03T09:00:00Z",
           http(200, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")], chunked)),
    record("response", "https://example.org/caf%C3%A9", "2031-05-04T09:00:00Z",
           http(200, [("Content-Type", "text/html; charset=windows-1252")],
                page("The caf\u00e9 owner said 2 people were wounded in the attack.",
                     '<meta property="article:published_time" content="2031-04-30T10:00:00Z">').encode("cp1252"))),
    record("request", "https://example.org/chunked", "2031-05-03T09:00:00Z", b"GET /chunked HTTP/1.1\r\n\r\n", "application/http; msgtype=request"),
]
open(out + "/crawl.warc", "wb").write(b"".join(records))
members = [gzip.compress(r) for r in records]
open(out + "/crawl.warc.gz", "wb").write(b"".join(members))
# the last page's member cut in half: the archive ends inside it
cut = b"".join(members[:-2]) + members[-2][: len(members[-2]) // 2]
open(out + "/cut.warc.gz", "wb").write(cut)
# a member cut short in the middle (a crawler that died and started again), the rest whole
open(out + "/mid.warc.gz", "wb").write(b"".join(members[:2] + [members[1][: len(members[1]) // 2]] + members[2:]))
PY

"$tally" ingest --db "$tmp/w.db" "$tmp/crawl.warc.gz" 2> "$tmp/err.txt"
check "ingest of a WARC archive exits 0" test $? -eq 0
check "three pages added" grep -q "3 added" "$tmp/err.txt"
check "skipped records are counted in the summary" grep -q "2 archive records skipped" "$tmp/err.txt"
check "skipped records are named in a note" grep -q "crawl.warc.gz: note: skipped 1 non-HTML response, 1 response with a status other than 2xx" "$tmp/err.txt"
"$tally" ledger --db "$tmp/w.db" --format csv > "$tmp/ledger.csv"
check "ledger shows the page's URL (the target URI)" grep -q "https://News.Example.org/2031/depot-fire?utm_source=feed" "$tmp/ledger.csv"
check "ledger shows the capture date for a page without its own" grep -q "2031-05-02,.*https://News.Example.org" "$tmp/ledger.csv"
check "a chunked gzip body is read" grep -q "https://example.org/chunked" "$tmp/ledger.csv"
check "a windows-1252 page is read as UTF-8" grep -q "The café owner" "$tmp/ledger.csv"
check "the page's own date wins over the capture date" grep -q "2031-04-30,.*The café owner" "$tmp/ledger.csv"
"$tally" ledger --db "$tmp/w.db" > "$tmp/ledger.txt"
check "tally ledger prints the capture date" grep -q "2031-05-02" "$tmp/ledger.txt"

# the same pages from a plain archive, from standard input, and with two jobs
"$tally" ingest --quiet --db "$tmp/plain.db" "$tmp/crawl.warc" && "$tally" ledger --db "$tmp/plain.db" --format csv > "$tmp/plain.csv"
check "a plain .warc gives the same ledger" cmp -s "$tmp/ledger.csv" "$tmp/plain.csv"
"$tally" ingest --quiet -j 2 --db "$tmp/j2.db" "$tmp/crawl.warc.gz" && "$tally" ledger --db "$tmp/j2.db" --format csv > "$tmp/j2.csv"
check "--jobs 2 gives the same ledger" cmp -s "$tmp/ledger.csv" "$tmp/j2.csv"
"$tally" ingest --quiet --db "$tmp/stdin.db" - < "$tmp/crawl.warc.gz" && "$tally" ledger --db "$tmp/stdin.db" --format csv > "$tmp/stdin.csv"
check "a WARC on standard input is sniffed" cmp -s "$tmp/ledger.csv" "$tmp/stdin.csv"
mkdir -p "$tmp/folder/sub" && cp "$tmp/crawl.warc.gz" "$tmp/folder/sub/"
"$tally" ingest --quiet --db "$tmp/folder.db" "$tmp/folder" && "$tally" ledger --db "$tmp/folder.db" --format csv > "$tmp/folder.csv"
check "archives in folders are read" cmp -s "$tmp/ledger.csv" "$tmp/folder.csv"

# damaged: the pages before the damage are stored, the damage is named with its offset
"$tally" ingest --db "$tmp/cut.db" "$tmp/cut.warc.gz" 2> "$tmp/cut.err"
check "a truncated archive exits 1" test $? -eq 1
check "the truncation names the file and the gzip member's offset" grep -Eq "cut.warc.gz: record in the gzip member at byte [0-9]+: the gzip member at byte [0-9]+ is truncated" "$tmp/cut.err"
"$tally" ledger --db "$tmp/cut.db" --format csv > "$tmp/cut.csv"
check "pages before the damage are kept" bash -c "grep -q depot-fire '$tmp/cut.csv' && grep -q example.org/chunked '$tmp/cut.csv'"

# damaged in the middle: reading goes on at the next member, the damage is named once
"$tally" ingest --db "$tmp/mid.db" "$tmp/mid.warc.gz" 2> "$tmp/mid.err"
check "an archive damaged in the middle exits 1" test $? -eq 1
check "the damage is named once, with its member's offset" test "$(grep -Ec 'mid.warc.gz: record in the gzip member at byte [0-9]+: .*skipping to the next record' "$tmp/mid.err")" -eq 1
"$tally" ledger --db "$tmp/mid.db" --format csv > "$tmp/mid.csv"
check "the pages after the damage are stored too" cmp -s "$tmp/ledger.csv" "$tmp/mid.csv"

finish
