#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, seeds each from the project's tests and examples,
# and runs one for a given time.
# Usage: fuzz/run.sh TARGET SECONDS [LIBFUZZER_FLAG...]   (TARGET: html, jsonl, dates, numbers,
# extract, ledger, warc); flags given after SECONDS come last, so they override ("-timeout=30").
# A crash, leak, timeout (10 s per input) or out-of-memory (2 GB) stops the run with its input
# saved under build-fuzz/crashes/TARGET/; copy it to tests/data/fuzz/TARGET/ so that the
# regression test replays it for ever. The corpus grows in build-fuzz/corpus/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target: html, jsonl, dates, numbers, extract, ledger or warc}
seconds=${2:-600}
shift $(($# < 2 ? $# : 2))
build=build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTALLY_FUZZ=ON \
  -DTALLY_BUILD_TESTS=OFF -DTALLY_BUILD_BENCHMARKS=OFF > /dev/null
cmake --build "$build" --target "fuzz_$target" > /dev/null
max_len=65536

seeds=$build/seeds/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus/$target" "$build/crashes/$target"
n=0
seed() { n=$((n + 1)); printf '%s' "$1" > "$seeds/$n"; }
# the test passages and the number table's sentences, one seed each
passages() { grep -h '^> ' tests/data/claims.txt | cut -c3-; grep -v '^#' tests/data/numbers.tsv | cut -f1 | sed 's/{{//g; s/}}//g'; }
case "$target" in
  html)
    for f in examples/*.html; do cp "$f" "$seeds/$(basename "$f")"; done
    while IFS= read -r p; do seed "<html><body><article><p>$p</p></article></body></html>"; done < <(passages | head -200) ;;
  jsonl)
    grep -v '^$' examples/feed.jsonl | while IFS= read -r l; do seed "$l"; done
    while IFS= read -r p; do seed "{\"id\":\"s$n\",\"text\":$(printf '%s' "$p" | python3 -c 'import json,sys;print(json.dumps(sys.stdin.read()))'),\"date\":\"2025-03-01\"}"; done < <(passages | head -100) ;;
  dates|numbers)
    while IFS= read -r p; do seed "$p"; done < <(passages)
    for f in examples/*.txt; do cp "$f" "$seeds/$(basename "$f")"; done ;;
  extract)
    for f in examples/*.txt; do { printf '\x00'; cat "$f"; } > "$seeds/$(basename "$f")"; done
    for f in examples/*.html; do { printf '\x01'; cat "$f"; } > "$seeds/$(basename "$f")"; done
    while IFS= read -r p; do seed $'\x00'"$p"; done < <(passages | head -200) ;;
  ledger)
    # real ledgers, made by this build's tally from the examples; the fuzzer corrupts them
    cmake --build "$build" --target tally_cli > /dev/null
    i=0
    for f in examples/*.txt examples/*.html examples/feed.jsonl; do
      i=$((i + 1))
      ASAN_OPTIONS=detect_leaks=0 "$build/tally" ingest --quiet --db "$seeds/ledger$i.db" "$f" > /dev/null 2>&1 || true
    done
    ASAN_OPTIONS=detect_leaks=0 "$build/tally" ingest --quiet --db "$seeds/all.db" examples > /dev/null 2>&1 || true
    rm -f "$seeds"/*.db-wal "$seeds"/*.db-shm
    max_len=$((1 << 20)) ;;
  warc)
    # small archives, plain and gzip, of the examples' pages as response records (one a member)
    python3 - "$seeds" examples/*.html <<'PY'
import gzip, sys, zlib
out, pages = sys.argv[1], sys.argv[2:]
def record(i, page, encoding):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
    if encoding == "gzip":
        page = gzip.compress(page)
        http += b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(page) + page + b"\r\n0\r\n\r\n"
    else:
        http += b"\r\n" + page
    head = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.com/%d\r\nWARC-Date: 2025-01-0%dT00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % (i, i % 9 + 1, len(http))
    return head.encode() + http + b"\r\n\r\n"
for i, p in enumerate(pages):
    page = open(p, "rb").read()[:4000]
    records = [record(i, page, None), record(i + 100, page, "gzip")]
    open("%s/warc%d.warc" % (out, i), "wb").write(b"".join(records))
    open("%s/warc%d.warc.gz" % (out, i), "wb").write(b"".join(gzip.compress(r) for r in records))
# small ones the fuzzer mutates faster: a response record, a gzip member, a chunked body, a
# deflate body, and the damage a crawl leaves (a truncated record, a truncated member, garbage
# between records, a Content-Length too long)
small = b"<html><body><p>Officials said 12 people were hurt.</p></body></html>"
one, chunked = record(1, small, None), record(2, small, "gzip")
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\n\r\n" + zlib.compress(small)
deflated = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: <https://example.com/d>\r\nContent-Type: application/http\r\nContent-Length: %d\r\n\r\n" % len(http) + http + b"\r\n\r\n"
seeds = {
    "small.warc": one, "small.warc.gz": gzip.compress(one), "chunked.warc": chunked,
    "chunked.warc.gz": gzip.compress(chunked), "deflate.warc": deflated,
    "truncated.warc": one + chunked[: len(chunked) // 2],
    "truncated.warc.gz": gzip.compress(one) + gzip.compress(chunked)[:40],
    "garbage.warc": one + b"junk between records\r\n" + chunked,
    "long.warc": one.replace(b"Content-Length: ", b"Content-Length: 9", 1) + chunked,
}
for name, data in seeds.items():
    open("%s/%s" % (out, name), "wb").write(data)
PY
    ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
# earlier crashes are seeds too
[ -d "tests/data/fuzz/$target" ] && cp tests/data/fuzz/"$target"/* "$seeds/" 2>/dev/null || true

"$build/fuzz/fuzz_$target" "$build/corpus/$target" "$seeds" -max_total_time="$seconds" -max_len="$max_len" \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build/crashes/$target/" -print_final_stats=1 "$@"
