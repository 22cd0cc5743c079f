#!/usr/bin/env bash
# The command line end to end: offsets kept by `clean`, exit statuses, stdin, bad input.
# Usage: cli_test.sh TALLY_BINARY SOURCE_DIR
# With TALLY_TEST_PG_URI set (tests/with_postgres.sh), the ledgers are PostgreSQL schemas on that
# server instead of files: the same checks, the other backend.
set -u
tally=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/check.sh"

pg=${TALLY_TEST_PG_URI:-}
# ledger NAME: the ledger the tests call NAME, a file or a schema made for it now
ledger() {
  if [ -z "$pg" ]; then echo "$tmp/$1.db"; return; fi
  psql -qAt "$pg" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS cli_$1 CASCADE; CREATE SCHEMA cli_$1" >/dev/null
  echo "$pg?options=-csearch_path%3Dcli_$1"
}
# query LEDGER SQL: the answer, one value a line
query() {
  if [ -z "$pg" ]; then python3 -c "import sqlite3,sys; [print(*r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]" "$1" "$2"
  else psql -qAt "$1" -c "$2"; fi
}
ids_db=$(ledger ids); rep_db=$(ledger rep); j1_db=$(ledger j1); j2_db=$(ledger j2); st_db=$(ledger st)

# clean keeps offsets: every kept span is byte-identical to the file at the same place
cp "$src/examples/kestrel-day2.txt" "$tmp/a.txt"
"$tally" clean --spans "$tmp/a.txt" > "$tmp/spans.jsonl"
check "clean --spans keeps file offsets" python3 - "$tmp/a.txt" "$tmp/spans.jsonl" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
spans = [json.loads(l) for l in open(sys.argv[2])]
assert spans[0]["start"] == 0 and spans[-1]["end"] == len(data), "spans must cover the file"
for a, b in zip(spans, spans[1:]):
    assert a["end"] == b["start"], "spans must be contiguous"
kept = b"".join(data[s["start"]:s["end"]] for s in spans if s["kept"])
assert any(not s["kept"] for s in spans), "the example has furniture"
PY
"$tally" clean "$tmp/a.txt" > "$tmp/kept.txt"
check "clean prints kept text without furniture" bash -c "! grep -q 'Please donate' '$tmp/kept.txt' && grep -q 'death toll' '$tmp/kept.txt'"
"$tally" clean --show "$tmp/a.txt" > "$tmp/show.txt"
check "clean --show brackets skipped spans" grep -q '\[-appeal: ' "$tmp/show.txt"

# exit statuses
printf 'Five people died.\n' > "$tmp/good.txt"
printf '' > "$tmp/empty.txt"
printf 'bad \xff byte\n' > "$tmp/bad.txt"
"$tally" extract "$tmp/good.txt" "$tmp/empty.txt" "$tmp/bad.txt" > "$tmp/out.jsonl" 2> "$tmp/err.txt"
status=$?
check "bad input exits 1" test "$status" -eq 1
check "bad input is named on stderr" grep -q "empty.txt: empty file" "$tmp/err.txt"
check "invalid UTF-8 is named with its byte" grep -q "bad.txt: invalid UTF-8 at byte 4" "$tmp/err.txt"
check "good documents are still extracted" grep -q '"doc":"good"' "$tmp/out.jsonl"
"$tally" extract "$tmp/good.txt" > /dev/null 2>&1
check "all good exits 0" test $? -eq 0
"$tally" extract > /dev/null 2>&1
check "missing paths is a usage error (2)" test $? -eq 2
"$tally" frobnicate > /dev/null 2>&1
check "unknown command is a usage error (2)" test $? -eq 2
"$tally" extract --data /nonexistent "$tmp/good.txt" > /dev/null 2> "$tmp/err2.txt"
check "missing lexicons exit 2 with a message" bash -c "test $? -eq 2 && grep -q 'lexicon folder not found' '$tmp/err2.txt'"

# standard input, all three formats
check "text on stdin" bash -c "printf 'At least 3 people were killed.\n' | '$tally' extract - | grep -q '\"measure\":\"killed\"'"
check "jsonl on stdin" bash -c "printf '{\"id\":\"j\",\"text\":\"Nine were injured.\"}\n' | '$tally' extract - | grep -q '\"doc\":\"j\"'"
check "html on stdin" bash -c "printf '<p>Two soldiers were captured.</p>' | '$tally' extract - | grep -q '\"measure\":\"captured\"'"
check "numbers prints types" bash -c "printf 'In 2022, 40 people died.\n' | '$tally' numbers - | grep -q '\"type\":\"year\"'"

# ids: two articles piped in are two documents; a taken id is never silently replaced
printf 'At least 3 people were killed in the blast.\n' | "$tally" ingest --quiet - --db "$ids_db"
printf 'Nine people were injured in the crash.\n' | "$tally" ingest --quiet - --db "$ids_db"
n_stdin=$(query "$ids_db" "select count(*) from documents where id like 'stdin-%'")
check "two stdin articles both stored" test "$n_stdin" -eq 2
printf '{"id":"r1","text":"Four people died in the storm."}\n{"id":"r1","text":"Forty people died in the storm."}\n' > "$tmp/rep.jsonl"
"$tally" ingest --quiet "$tmp/rep.jsonl" --db "$rep_db" 2> "$tmp/rep.err"
check "repeated JSONL id: exit 1, the line named" bash -c "test $? -eq 1 && grep -q 'rep.jsonl:2: id \"r1\" was already read from .*rep.jsonl:1' '$tmp/rep.err'"
printf '{"id":"r1","text":"Fifty people died in the storm."}\n' > "$tmp/rep2.jsonl"
"$tally" ingest --quiet "$tmp/rep2.jsonl" --db "$rep_db" 2> "$tmp/rep2.err"
check "id already in the ledger with other content: refused" bash -c "test $? -eq 1 && grep -q 'already in the ledger' '$tmp/rep2.err' && \"$tally\" ledger --db '$rep_db' --format csv | grep -q 'Four'"
"$tally" ingest --quiet --replace "$tmp/rep2.jsonl" --db "$rep_db"
check "--replace replaces it" bash -c "test $? -eq 0 && \"$tally\" ledger --db '$rep_db' --format csv | grep -q 'Fifty'"

# --jobs: the same output, in the same order, however many threads
"$tally" extract -j 1 "$src/examples" > "$tmp/j1.jsonl" 2> /dev/null
"$tally" extract -j 3 "$src/examples" "$tmp/good.txt" "$src/examples" > "$tmp/j3.jsonl" 2> /dev/null
"$tally" extract -j 1 "$src/examples" "$tmp/good.txt" "$src/examples" > "$tmp/j3-1.jsonl" 2> /dev/null
check "--jobs 3 prints what --jobs 1 prints" cmp -s "$tmp/j3.jsonl" "$tmp/j3-1.jsonl"
check "--jobs output is not empty" test -s "$tmp/j1.jsonl"
"$tally" ingest --quiet -j 2 --db "$j2_db" "$src/examples" && "$tally" ledger --db "$j2_db" --format csv > "$tmp/j2.csv"
"$tally" ingest --quiet -j 1 --db "$j1_db" "$src/examples" && "$tally" ledger --db "$j1_db" --format csv > "$tmp/j1.csv"
check "ingest --jobs 2 stores what --jobs 1 stores" cmp -s "$tmp/j1.csv" "$tmp/j2.csv"
"$tally" extract -j 0 "$tmp/good.txt" > /dev/null 2>&1
check "--jobs 0 is a usage error (2)" test $? -eq 2

# the reconciliation is stored in the ledger: read back while nothing changes, computed again
# after an ingest
"$tally" ingest --quiet --db "$st_db" "$src/examples"
"$tally" ledger --verbose --db "$st_db" --format csv > "$tmp/st1.csv" 2> "$tmp/st1.err"
"$tally" ledger --verbose --db "$st_db" --format csv > "$tmp/st2.csv" 2> "$tmp/st2.err"
check "ledger computes the reconciliation, then reads it back" bash -c "grep -q 'computed' '$tmp/st1.err' && grep -q 'read back' '$tmp/st2.err' && cmp -s '$tmp/st1.csv' '$tmp/st2.csv'"
"$tally" report --verbose --db "$st_db" -o "$tmp/st.html" 2> "$tmp/st3.err"
check "report reads the stored reconciliation" grep -q 'read back' "$tmp/st3.err"
printf 'Officials in Halden said 23 people were killed in the warehouse fire on Sunday.\n' > "$tmp/fire.txt"
"$tally" ingest --quiet --db "$st_db" "$tmp/fire.txt"
"$tally" ledger --verbose --db "$st_db" --format csv > "$tmp/st4.csv" 2> "$tmp/st4.err"
# a document added, nothing else: resumed from the stored one (docs/reconcile.md, "Incremental reconcile")
check "an ingest makes ledger compute it again" bash -c "grep -q 'reconciliation resumed' '$tmp/st4.err' && grep -q 'Halden' '$tmp/st4.csv'"

# TALLY_DB names the ledger where --db is not given; tally db migrate makes and checks schemas
TALLY_DB="$st_db" "$tally" ledger --format csv > "$tmp/env.csv" 2> /dev/null
check "TALLY_DB names the ledger" cmp -s "$tmp/env.csv" "$tmp/st4.csv"
new_db=$(ledger new)
"$tally" db migrate --db "$new_db" 2> "$tmp/mig1.err"
check "db migrate makes a new ledger's schema" bash -c "test $? -eq 0 && grep -q 'migrated from version 0 to' '$tmp/mig1.err'"
"$tally" db migrate --db "$new_db" 2> "$tmp/mig2.err"
check "db migrate again: up to date" bash -c "test $? -eq 0 && grep -q 'up to date' '$tmp/mig2.err'"
if [ -z "$pg" ]; then query "$new_db" "pragma user_version = 99" > /dev/null; else query "$new_db" "update tally_schema set version = 99" > /dev/null; fi
"$tally" db migrate --db "$new_db" 2> "$tmp/mig3.err"
check "a ledger newer than tally: exit 1, said so" bash -c "test $? -eq 1 && grep -q 'newer than this tally knows' '$tmp/mig3.err'"
"$tally" ledger --db "$new_db" > /dev/null 2> "$tmp/mig4.err"
check "reading a newer ledger is refused with the same words" grep -q 'newer than this tally knows' "$tmp/mig4.err"


# A PostgreSQL URI's password never shows in a message: every command that opens a ledger, given
# one with a password on a port where no server listens, names the host and hides the password
# (the password is in the user part and in a parameter, the two places libpq reads one from)
closed="postgresql://alice:pw-$$-secret@127.0.0.1:1/tally?connect_timeout=3&password=pw-$$-secret"
: > "$tmp/closed.err"
for cmd in "ingest --quiet $src/examples/wire-day1.txt" "ledger" "reconcile" "report -o $tmp/r.html" "serve --port 0" \
           "users add bob" "db migrate" "fetch --retries 0 http://127.0.0.1:1/x"; do
  # shellcheck disable=SC2086
  timeout 20 "$tally" $cmd --db "$closed" > /dev/null 2>> "$tmp/closed.err"
  echo "status $? for $cmd" >> "$tmp/closed.err"
done
"$tally" db copy --from "$closed" --to "$tmp/copy-target.db" 2>> "$tmp/closed.err"
"$tally" db copy --from "$tmp/copy-source-missing.db" --to "$closed" 2>> "$tmp/closed.err"
TALLY_DB="$closed" "$tally" ledger --help >> "$tmp/closed.err" 2>&1
check "a ledger URI's password: never shown" bash -c "! grep -q 'pw-$$-secret' '$tmp/closed.err' || { grep 'pw-$$-secret' '$tmp/closed.err'; false; }"
check "and each command failed naming the server" bash -c "test \$(grep -c '127.0.0.1' '$tmp/closed.err') -ge 10 && ! grep -q 'status 0 ' '$tmp/closed.err' || { cat '$tmp/closed.err'; false; }"
check "the messages show it hidden" grep -q 'alice:\*\*\*@127.0.0.1:1/tally' "$tmp/closed.err"

finish
