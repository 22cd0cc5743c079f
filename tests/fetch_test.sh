#!/usr/bin/env bash
# tally fetch end to end against a local web site (tests/fetch_server.py on 127.0.0.1, a free
# port): feeds of every kind, gzip, odd charsets, redirects and a redirect loop, a slow page, a
# 404, a 429 with Retry-After, robots.txt, ETag/304 on the second run, --every and a clean stop.
# Nothing reaches beyond this machine.
# Usage: fetch_test.sh TALLY SOURCE_DIR
set -uo pipefail
tally=$1
src=$2
tmp=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
expect_line() {  # FILE LINE: LINE is one of FILE's lines
  grep -qxF -- "$2" "$1" || fail "$1 lacks the line: $2"$'\n'"--- it holds:"$'\n'"$(cat "$1")"
}
expect_text() {  # FILE TEXT
  grep -qF -- "$2" "$1" || fail "$1 lacks: $2"
}
# The request log as "path if-none-match" lines.
requests() {
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l); print(r["path"], r["if_none_match"] or "-")' "$tmp/requests.log"
}

python3 "$src/tests/fetch_server.py" "$tmp/port" "$tmp/requests.log" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "the test server did not start" >&2; cat "$tmp/server.err" >&2; exit 1; }
site="http://127.0.0.1:$(cat "$tmp/port")"
db="$tmp/fetched.db"
feeds=("$site/rss.xml" "$site/atom.xml" "$site/sitemap.xml" "$site/feed.json")
polite=(--delay 0.05 --timeout 1.5 --retries 2 --data "$src/data")

# --- Run 1: every feed, every page once ---------------------------------------------------------
"$tally" fetch --db "$db" "${polite[@]}" --contact mailto:desk@example.org "${feeds[@]}" 2>"$tmp/run1.err"
status=$?
[ "$status" -eq 1 ] || fail "run 1 exits $status, not 1 (some URLs failed)"
expect_line "$tmp/run1.err" "tally: $site/private/secret.html: disallowed by robots.txt for tally; not fetched"
expect_line "$tmp/run1.err" "tally: $site/missing.html: HTTP 404 Not Found"
expect_line "$tmp/run1.err" "tally: $site/slow.html: no complete answer within 1.5 s (timed out)"
expect_line "$tmp/run1.err" "tally: $site/loop1: too many redirects (more than 5); last to $site/loop1"
expect_line "$tmp/run1.err" \
  "tally: fetch: round 1: 13 items seen, 9 new, 0 unchanged, 4 failed (5 feeds read, 0 not modified; 26 requests)"
[ "$(grep -c '^tally: ' "$tmp/run1.err")" -eq 5 ] || fail "run 1 printed other lines: $(cat "$tmp/run1.err")"

requests >"$tmp/run1.req"
grep -q '^/private/' "$tmp/run1.req" && fail "a path robots.txt disallows was requested"
[ "$(grep -c '^/robots.txt ' "$tmp/run1.req")" -eq 1 ] || fail "robots.txt not read exactly once"
[ "$(grep -c '^/busy.html ' "$tmp/run1.req")" -eq 2 ] || fail "the 429 was not retried once"
[ "$(grep -c '^/loop[12] ' "$tmp/run1.req")" -eq 6 ] || fail "the redirect loop was not cut after 5 redirects"
python3 - "$tmp/requests.log" <<'EOF' || fail "user agent or Accept-Encoding"
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    assert r["user_agent"].startswith("tally/") and "mailto:desk@example.org" in r["user_agent"], r
    assert "gzip" in (r["accept_encoding"] or ""), r
EOF

"$tally" ledger --db "$db" --format csv --data "$src/data" >"$tmp/ledger1.csv" || fail "tally ledger failed"
for figure in \
  "At least 12,at_least,12,12,,fire service" \
  "Seven,exact,7,7,7,police" \
  "Three,exact,3,3,3,mayor" \
  "Nine,exact,9,9,9,regional governor" \
  "Fourteen,exact,14,14,14,health ministry" \
  "Five,exact,5,5,5,coast guard" \
  "Eleven,exact,11,11,11,police" \
  "Twenty people were killed in the quake, “the civil defence” said." \
  "Four people were killed in the café fire" \
  "$site/news/c.html"; do
  expect_text "$tmp/ledger1.csv" "$figure"
done
grep -q "Eight" "$tmp/ledger1.csv" && fail "the disallowed page's figure is in the ledger"

# What the ledger keeps of each URL: status, feed, validators; the document id of the final URL.
python3 - "$db" "$site" <<'EOF' || fail "fetch records"
import sqlite3, sys
db, site = sys.argv[1], sys.argv[2]
d = sqlite3.connect(db)
rec = {r[0]: r[1:] for r in d.execute("SELECT url, document_id, status, feed, etag, last_modified FROM fetches")}
def check(cond, what):
    if not cond:
        print("fetch records:", what, rec, file=sys.stderr); sys.exit(1)
check(rec[site + "/news/a.html"][1] == 200 and rec[site + "/news/a.html"][2] == site + "/rss.xml", "a.html")
check(rec[site + "/news/a.html"][3].startswith('"') and rec[site + "/news/a.html"][4], "a.html validators")
check(rec[site + "/missing.html"][1] == 404 and rec[site + "/missing.html"][0] == "", "404")
check(rec[site + "/slow.html"][1] == 0, "timeout")
check(rec[site + "/news/e.html"][2] == site + "/sitemap-news.xml", "sitemap item")
check(rec[site + "/rss.xml"][0] == "" and rec[site + "/rss.xml"][3], "the feed's own record")
docs = {r[0]: r[1:] for r in d.execute("SELECT url, id, title, date FROM documents")}
check(len(docs) == 9, "9 documents")
check(rec[site + "/redirect1"][0] == docs[site + "/news/c.html"][0], "a redirect's document is its final URL's")
check(docs[site + "/news/e.html"][1] == "Wildfire", "the page's own title wins over the sitemap's")
EOF

# --- Run 2: the same feeds again: conditional requests, nothing new stored ----------------------
: >"$tmp/requests.log"
gen_before=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select generation from ledger_generation").fetchone()[0])' "$db")
"$tally" fetch --db "$db" "${polite[@]}" "${feeds[@]}" 2>"$tmp/run2.err"
status=$?
[ "$status" -eq 0 ] || fail "run 2 exits $status: $(cat "$tmp/run2.err")"
expect_line "$tmp/run2.err" \
  "tally: fetch: round 1: 2 items seen, 0 new, 2 unchanged, 0 failed (3 feeds read, 2 not modified; 6 requests)"
requests >"$tmp/run2.req"
grep '^/rss.xml ' "$tmp/run2.req" | grep -q '"' || fail "run 2 asked for the RSS feed without If-None-Match"
grep '^/atom.xml ' "$tmp/run2.req" | grep -q '"' || fail "run 2 asked for the Atom feed without If-None-Match"
grep -q '^/news/' "$tmp/run2.req" && fail "run 2 asked again for pages it had: $(cat "$tmp/run2.req")"
gen_after=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select generation from ledger_generation").fetchone()[0])' "$db")
[ "$gen_before" = "$gen_after" ] || fail "run 2 changed the ledger's documents"

# --- A page named directly is asked for again conditionally; --refresh asks again for items -----
: >"$tmp/requests.log"
"$tally" fetch --db "$db" "${polite[@]}" --refresh "$site/news/a.html" "$site/atom.xml" 2>"$tmp/run3.err"
status=$?
[ "$status" -eq 0 ] || fail "run 3 exits $status: $(cat "$tmp/run3.err")"
expect_line "$tmp/run3.err" \
  "tally: fetch: round 1: 2 items seen, 0 new, 2 unchanged, 0 failed (1 feeds read, 0 not modified; 4 requests)"
requests >"$tmp/run3.req"
grep '^/news/a.html ' "$tmp/run3.req" | grep -q '"' || fail "a known page was asked for without If-None-Match"
grep -q '^/news/d.html "' "$tmp/run3.req" || fail "--refresh did not ask again for the Atom item"
grep -q '^/atom.xml -' "$tmp/run3.req" || fail "--refresh did not read the feed whole"

# --- A local feed file, and an argument that is neither ------------------------------------------
cat >"$tmp/local.rss" <<EOF
<?xml version="1.0"?>
<rss version="2.0"><channel><title>local</title>
<item><title>Another</title><link>$site/news/g.html</link></item>
</channel></rss>
EOF
"$tally" fetch --db "$db" "${polite[@]}" "$tmp/local.rss" "$tmp/no-such-feed.xml" 2>"$tmp/run4.err"
status=$?
[ "$status" -eq 1 ] || fail "run 4 exits $status, not 1"
expect_line "$tmp/run4.err" "tally: $tmp/no-such-feed.xml: neither an http(s) URL nor a readable file"
expect_text "$tmp/run4.err" "round 1: 1 items seen, 1 new, 0 unchanged, 1 failed"
"$tally" ledger --db "$db" --format csv --data "$src/data" | grep -q "Six,exact,6,6,6," ||
  fail "the local feed's item is not in the ledger"

# --- A body larger than the limit once decompressed is abandoned ------------------------------------
"$tally" fetch --db "$db" "${polite[@]}" --max-page-mb 1 "$site/huge.html" 2>"$tmp/huge.err"
status=$?
[ "$status" -eq 1 ] || fail "a page over the size limit exits $status, not 1"
expect_line "$tmp/huge.err" "tally: $site/huge.html: larger than the 1 MiB limit; not read"

# --- A limit applied is a note, not a failure ---------------------------------------------------
"$tally" fetch --db "$db" "${polite[@]}" --max-sitemaps 0 "$site/sitemap.xml" 2>"$tmp/run5.err"
status=$?
[ "$status" -eq 0 ] || fail "a sitemap limit made the run fail ($status): $(cat "$tmp/run5.err")"
expect_line "$tmp/run5.err" "tally: $site/sitemap.xml: note: 1 more sitemaps not followed (--max-sitemaps 0)"

# --- --every: rounds until SIGTERM, a clean stop -------------------------------------------------
"$tally" fetch --db "$db" "${polite[@]}" --every 1s "$site/atom.xml" 2>"$tmp/every.err" &
every_pid=$!
for _ in $(seq 100); do grep -q "round 2:" "$tmp/every.err" && break; sleep 0.1; done
kill -TERM "$every_pid"
wait "$every_pid"
status=$?
[ "$status" -eq 0 ] || fail "--every stopped by SIGTERM exits $status: $(cat "$tmp/every.err")"
expect_text "$tmp/every.err" "tally: fetch: round 2: 0 items seen, 0 new, 0 unchanged, 0 failed (0 feeds read, 1 not modified"
"$tally" ledger --db "$db" --format csv --data "$src/data" >/dev/null || fail "the ledger is unreadable after the stop"

# --- SIGINT in the middle of a round: what was fetched is stored, the rest is asked for next time --
: >"$tmp/requests.log"
"$tally" fetch --db "$tmp/stopped.db" --delay 0.05 --timeout 30 --data "$src/data" "$site/rss.xml" 2>"$tmp/stop.err" &
stop_pid=$!
for _ in $(seq 100); do grep -q '"/slow.html"' "$tmp/requests.log" && break; sleep 0.1; done
sleep 0.3
started=$(date +%s%N)
kill -INT "$stop_pid"
wait "$stop_pid"
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
[ "$elapsed_ms" -lt 3000 ] || fail "SIGINT took ${elapsed_ms} ms to stop the run (the slow page answers after 4 s)"
python3 - "$tmp/stopped.db" "$site" <<'EOF2' || fail "what a stopped run kept"
import sqlite3, sys
d = sqlite3.connect(sys.argv[1])
urls = {r[0] for r in d.execute("SELECT url FROM documents")}
assert {sys.argv[2] + "/news/a.html", sys.argv[2] + "/news/b.html"} <= urls, urls
fetched = {r[0] for r in d.execute("SELECT url FROM fetches")}
assert sys.argv[2] + "/slow.html" not in fetched, fetched
EOF2

# --- Usage -----------------------------------------------------------------------------------------
"$tally" fetch --every 0m "$site/atom.xml" 2>/dev/null
[ $? -eq 2 ] || fail "--every 0m is not a usage error"
"$tally" fetch --help | grep -q "examples:" || fail "fetch --help has no examples"

[ "$failures" -eq 0 ] && echo "fetch_test: all passed"
[ "$failures" -eq 0 ]
