#!/usr/bin/env bash
# Event grouping on the team's test set (tests/data/events, made by scripts/make_event_set.py):
# ingest the articles, run `tally reconcile`, score its "events" against truth.json with
# tests/event_score.py (pairwise precision and recall).
# Usage: event_grouping.sh TALLY_BINARY SOURCE_DIR [MIN]
# With MIN, fails when precision or recall is below it; without, only reports the score.
set -u
tally=$1
src=$2
min=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$tally" ingest --quiet "$src/tests/data/events/articles.jsonl" --db "$tmp/events.db" || exit 1
"$tally" reconcile --db "$tmp/events.db" > "$tmp/r.json" || exit 1
python3 "$src/tests/event_score.py" "$tmp/r.json" --truth "$src/tests/data/events/truth.json" ${min:+--min "$min"}
