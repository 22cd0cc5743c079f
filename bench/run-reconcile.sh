#!/usr/bin/env bash
# The reconcile benchmark: `tally reconcile` (and `tally ledger`, which reconciles too) on
# ledgers of N articles, timed as a user runs them, with /usr/bin/time for wall time and peak
# memory.
#
# Usage: bench/run-reconcile.sh [ARTICLES...]     (default: 10000 100000)
#   corpus "bench": the first N articles of tally_corpus (bench/make_corpus.cc)
#   corpus "mixed": real-looking incident reports (../shared/corpus/dev-counts, 4,496 texts of
#                   storms, shootings and armed clashes), repeated with their dates moved by
#                   90-day steps until N (each copy a separate period, so a copy is the same text
#                   of another incident), interleaved one in two with bench articles
# Prints a Markdown row per corpus and size: documents, claims, events, seconds, peak memory,
# JSON size. The ledger is built with `tally ingest --jobs 2` first (not timed here).
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-release
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTALLY_BUILD_TESTS=OFF > /dev/null
cmake --build "$build" > /dev/null
tally=$build/tally
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
max=0
for n in "${sizes[@]}"; do ((n > max)) && max=$n; done
corpus=${CORPUS:-$build/corpus-$max}
[ -d "$corpus/jsonl" ] || "$build/bench/tally_corpus" --articles "$max" --out "$corpus"
shared=../shared/corpus/dev-counts
work=$build/reconcile-bench
mkdir -p "$work"

mixed() {  # mixed N OUT
  python3 - "$1" "$shared" "$corpus/jsonl/corpus.jsonl" "$2" <<'PY'
import datetime, glob, json, sys
n, shared, bench, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
real = []
for path in sorted(glob.glob(shared + "/*.jsonl")):
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        real.append({"id": r["id"], "text": r["text"], "date": r.get("date") or ""})
if not real:
    sys.exit("no dev-counts texts in " + shared)
with open(bench, encoding="utf-8") as b, open(out, "w", encoding="utf-8") as o:
    k = 0
    for i in range(n):
        if i % 2 == 0:
            r = real[k % len(real)]
            copy = k // len(real)
            k += 1
            date = r["date"]
            if date and copy:
                d = datetime.date.fromisoformat(date[:10]) + datetime.timedelta(days=90 * copy)
                date = d.isoformat()
            o.write(json.dumps({"id": f"{r['id']}~{copy}", "text": r["text"], "date": date}) + "\n")
        else:
            o.write(b.readline())
PY
}

echo "| corpus | documents | claims | events | reconcile s | peak MB | JSON MB | ledger s | ledger peak MB |"
echo "|---|---|---|---|---|---|---|---|---|"
for kind in bench mixed; do
  if [ "$kind" = mixed ] && [ ! -d "$shared" ]; then
    echo "no $shared: mixed corpus skipped" >&2
    continue
  fi
  for n in "${sizes[@]}"; do
    db=$work/$kind-$n.db
    if [ ! -f "$db" ]; then
      if [ "$kind" = bench ]; then head -n "$n" "$corpus/jsonl/corpus.jsonl" > "$work/in.jsonl"
      else mixed "$n" "$work/in.jsonl"; fi
      "$tally" ingest --quiet --jobs 2 --db "$db" "$work/in.jsonl"
    fi
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$tally" reconcile --db "$db" > "$work/r.json"
    read -r secs kb < "$work/time.txt"
    /usr/bin/time -f "%e %M" -o "$work/time2.txt" "$tally" ledger --format csv --db "$db" > /dev/null
    read -r lsecs lkb < "$work/time2.txt"
    python3 - "$kind" "$n" "$secs" "$kb" "$lsecs" "$lkb" "$work/r.json" <<'PY'
import json, os, sys
kind, n, secs, kb, lsecs, lkb, path = sys.argv[1:]
r = json.load(open(path, encoding="utf-8"))
claims = sum(len(e["claims"]) for e in r.get("events", []))
print(f"| {kind} | {int(n):,} | {claims:,} | {len(r.get('events', [])):,} | {float(secs):.1f} | {int(kb) // 1024:,} | "
      f"{os.path.getsize(path) / 1e6:,.0f} | {float(lsecs):.1f} | {int(lkb) // 1024:,} |")
PY
  done
done
