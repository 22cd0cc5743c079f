#!/usr/bin/env bash
# The seed score: `tally extract` on ../shared/corpus/seeds, scored by ../shared/eval/score.py,
# must not fall below the floors. Exits 77 (skipped) when this clone has no ../shared.
# Usage: seed_score.sh TALLY_BINARY SHARED_DIR
set -u
tally=$1
shared=$2
if [ ! -f "$shared/eval/score.py" ] || [ ! -d "$shared/corpus/seeds" ]; then
  echo "no ../shared beside this clone: seed score skipped"
  exit 77
fi
# Floors: raise them as the extractor improves, never lower them to make a change pass.
floor_f1=0.95 floor_qualifier=1.00 floor_source=0.95 floor_date=1.00 floor_evidence=1.00
floor_pairsP=1.00 floor_pairsR=1.00
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$tally" extract "$shared/corpus/seeds" > "$tmp/claims.jsonl" || exit 1
"$tally" ingest --quiet "$shared/corpus/seeds" --db "$tmp/seeds.db" || exit 1
"$tally" reconcile --db "$tmp/seeds.db" > "$tmp/r.json" || exit 1
summary=$(python3 "$shared/eval/score.py" --gold "$shared/corpus/seeds.gold.jsonl" --pred "$tmp/claims.jsonl" \
          --docs "$shared/corpus/seeds" --crossdoc "$shared/corpus/seeds.crossdoc.json" --reconcile "$tmp/r.json" \
          | tee /dev/stderr | tail -n 1)
python3 - "$summary" <<PY
import sys
fields = dict(kv.split("=") for kv in sys.argv[1].split()[1:])
floors = {"F1": $floor_f1, "qualifier": $floor_qualifier, "source": $floor_source,
          "date": $floor_date, "evidence": $floor_evidence, "pairsP": $floor_pairsP, "pairsR": $floor_pairsR}
low = [f"{k}={fields[k]} < {v}" for k, v in floors.items() if float(fields[k]) < v]
have, want = fields["entities"].split("/")
if have != want:
    low.append(f"entities={fields['entities']}")
if fields["disagreement"] != "yes":
    low.append("disagreement=no")
print("seed score below floor: " + ", ".join(low) if low else "seed score at or above every floor")
sys.exit(1 if low else 0)
PY
