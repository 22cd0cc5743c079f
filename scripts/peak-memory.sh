#!/usr/bin/env bash
# Peak memory per document (docs/robustness.md): generates 60 MB documents and measures the peak
# resident memory of `tally extract` and `tally ingest` on each with /usr/bin/time -v.
# Usage: scripts/peak-memory.sh TALLY_BINARY [MB]
set -euo pipefail
tally=${1:?tally binary}
mb=${2:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" "$mb" <<'PY'
import json, sys
tmp, mb = sys.argv[1], int(sys.argv[2])
size = mb * 1000 * 1000
# news-like prose: sentences with figures, sources and places, repeated to size
para = ("In the district of Harlow, at least 12 people were killed and 40 were injured on Tuesday, "
        "police spokesman Tom Reyes said. Rescuers were still searching for 7 missing residents.\n")
prose = (para * (size // len(para) + 1))[:size]
flat = "a" * size  # one word: next to no tokens, so what is left is the copies of the text
open(f"{tmp}/prose.txt", "w").write(prose)
# the same prose as a web page: one paragraph element a line
html_para = "<p>" + para.rstrip("\n") + "</p>\n"
html = "<!DOCTYPE html><html><head><title>Floods</title></head><body><article>\n"
html += html_para * ((size - len(html)) // len(html_para)) + "</article></body></html>\n"
open(f"{tmp}/prose.html", "w").write(html)
for name, text in (("prose", prose), ("flat", flat)):
    with open(f"{tmp}/{name}.jsonl", "w") as f:
        f.write(json.dumps({"id": name, "text": text}) + "\n")
    with open(f"{tmp}/{name}2.jsonl", "w") as f:
        for i in range(2):
            f.write(json.dumps({"id": f"{name}{i}", "text": text}) + "\n")
open(f"{tmp}/over.txt", "w").write("b" * ((64 << 20) + 1))
PY
peak() {  # LABEL CMD...: prints the peak resident memory in MB
  local label=$1
  shift
  /usr/bin/time -v -o "$tmp/time" "$@" > /dev/null 2>&1 || true
  printf '%-58s %6d MB\n' "$label" $(($(grep 'Maximum resident' "$tmp/time" | awk '{print $NF}') / 1024))
}
echo "document of $mb MB (peak resident memory, /usr/bin/time -v)"
peak "tally extract (nothing read: the baseline)" "$tally" extract /dev/null
peak "tally extract over.txt (64 MiB + 1 byte: refused)" "$tally" extract "$tmp/over.txt"
peak "tally extract prose.txt (news-like prose)" "$tally" extract "$tmp/prose.txt"
peak "tally extract prose.html (the prose as a web page)" "$tally" extract "$tmp/prose.html"
peak "tally extract prose.jsonl (one record)" "$tally" extract "$tmp/prose.jsonl"
peak "tally extract flat.jsonl (one record, one word)" "$tally" extract "$tmp/flat.jsonl"
peak "tally extract --jobs 2 flat2.jsonl (two records)" "$tally" extract --jobs 2 "$tmp/flat2.jsonl"
peak "tally ingest flat.jsonl (one record, one word)" "$tally" ingest --quiet --db "$tmp/l1.db" "$tmp/flat.jsonl"
peak "tally ingest --jobs 2 flat2.jsonl (two records)" "$tally" ingest --quiet --jobs 2 --db "$tmp/l2.db" "$tmp/flat2.jsonl"
peak "tally ingest prose.jsonl (one record)" "$tally" ingest --quiet --db "$tmp/l3.db" "$tmp/prose.jsonl"
peak "tally ingest prose.txt" "$tally" ingest --quiet --db "$tmp/l4.db" "$tmp/prose.txt"
peak "tally ingest prose.html" "$tally" ingest --quiet --db "$tmp/l5.db" "$tmp/prose.html"
