#!/usr/bin/env bash
# Main-text extraction on real pages: `tally eval html` on ../shared/corpus/html-dev must not
# fall below the floors, and no page may come out empty. Exits 77 (skipped) when this clone has
# no ../shared. Usage: html_eval.sh TALLY_BINARY SHARED_DIR
set -u
tally=$1
dev=$2/corpus/html-dev
if [ ! -d "$dev" ]; then
  echo "no ../shared/corpus/html-dev beside this clone: html eval skipped"
  exit 77
fi
# Floors: raise them as extraction improves, never lower them to make a change pass.
floor_f1=0.955 max_empty=0
summary=$("$tally" eval html "$dev" | tee /dev/stderr | grep '^overall') || exit 1
python3 - "$summary" "$floor_f1" "$max_empty" <<'PY'
import sys
fields = dict(kv.split("=") for kv in sys.argv[1].split()[1:])
floor_f1, max_empty = float(sys.argv[2]), int(sys.argv[3])
low = []
if float(fields["f1"]) < floor_f1: low.append(f"f1={fields['f1']} < {floor_f1}")
if int(fields["empty"]) > max_empty: low.append(f"empty={fields['empty']} > {max_empty}")
if low:
    print("below the floor: " + ", ".join(low))
    sys.exit(1)
PY
