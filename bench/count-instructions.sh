#!/usr/bin/env bash
# Instructions `tally extract --jobs 1` executes on the first N files of a folder, counted by
# valgrind's callgrind: repeatable whatever else the machine runs, so two builds can be compared
# on a shared host where seconds are noise. Prints instructions, input bytes and instructions
# per byte; with KEEP=1 leaves callgrind.out for callgrind_annotate.
#
# Usage: bench/count-instructions.sh TALLY FOLDER [N]      (N defaults to 600)
# Example, the Release build against another checkout's, on the bench corpus's text articles:
#   bench/count-instructions.sh build-release/tally build-release/corpus-5000/txt
#   bench/count-instructions.sh ../old/build-release/tally build-release/corpus-5000/txt
set -euo pipefail
tally=$1 folder=$2 n=${3:-600}
command -v valgrind > /dev/null || { echo "needs valgrind" >&2; exit 2; }
sample=$(mktemp -d)
trap 'rm -rf "$sample"' EXIT
find "$folder" -type f | sort | sed -n "1,${n}p" | while read -r f; do cp "$f" "$sample/"; done
bytes=$(cat "$sample"/* | wc -c)
out=${KEEP:+callgrind.out}
out=${out:-$sample/callgrind.out}
valgrind --tool=callgrind --callgrind-out-file="$out" "$tally" extract --jobs 1 "$sample" 2> "$sample/log" > /dev/null
refs=$(grep -o 'refs: *[0-9,]*' "$sample/log" | tr -dc '0-9')
awk -v r="$refs" -v b="$bytes" -v n="$n" \
  'BEGIN { printf "%d files, %d bytes: %.0f instructions, %.1f a byte\n", n, b, r, r / b }'
