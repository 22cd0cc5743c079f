#!/usr/bin/env bash
# tally serve over a ledger that others write to: it answers from the ledger, and after another
# process ingests into the same ledger (a running `tally ingest`) the API shows the new documents
# without a restart, because each request compares the ledger's generation with its snapshot's.
# A review posted through the API is in the ledger's views (docs/schema.md).
# With TALLY_TEST_PG_URI set (tests/with_postgres.sh) the ledger is a PostgreSQL schema, named by
# a URI that carries a password (the test server trusts local connections and ignores it), which
# no message may show; else a SQLite file.
# Usage: serve_ledger_test.sh TALLY_BINARY SOURCE_DIR
set -u
tally=$1
src=$2
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
source "$(dirname "$0")/check.sh"

pg=${TALLY_TEST_PG_URI:-}
secret=never-shown-$$
if [ -z "$pg" ]; then
  db=$tmp/serve.db
  query() { python3 -c "import sqlite3,sys; [print(*r, sep='|') for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]" "$db" "$1"; }
else
  psql -qAt "$pg" -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS serve_test CASCADE; CREATE SCHEMA serve_test" >/dev/null
  db="${pg/postgresql:\/\/postgres@/postgresql://postgres:$secret@}?options=-csearch_path%3Dserve_test"
  query() { psql -qAt "$db" -c "$1"; }
fi

# get PATH: the API's JSON answer; post PATH TOKEN JSON
get() { python3 -c "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())" "http://127.0.0.1:$port$1"; }
post() {
  python3 - "http://127.0.0.1:$port$1" "$2" "$3" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[3].encode(), method="POST",
                             headers={"Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=30).read().decode())
PY
}
field() { python3 -c "import json, sys; v = json.load(sys.stdin); exec(sys.argv[1])" "$1"; }

mkdir -p "$tmp/first" "$tmp/more"
cp "$src/examples/wire-day1.txt" "$src/examples/channel9-day1.html" "$tmp/first/"
cp "$src/examples/kestrel-day2.txt" "$src/examples/feed.jsonl" "$tmp/more/"
"$tally" ingest --quiet --db "$db" "$tmp/first" 2> "$tmp/ingest1.err"
check "the first documents ingest" test -z "$(cat "$tmp/ingest1.err")"
first_docs=$(query "select count(*) from documents")
token=$("$tally" users add tester --db "$db" 2> "$tmp/users.err" | awk '{print $NF}')
check "a reviewer's token" test ${#token} -eq 64

"$tally" serve --db "$db" --port 0 2> "$tmp/serve.log" &
server=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
check "tally serve starts" test -n "$port"
[ -n "$port" ] || { cat "$tmp/serve.log"; finish; exit 1; }

check "summary: the documents in the ledger" test "$(get /api/summary | field 'print(v["documents"])')" = "$first_docs"
get /api/documents > "$tmp/docs1.json"
check "documents: the ingested ones" test "$(field 'print(" ".join(sorted(d["id"] for d in v["documents"])))' < "$tmp/docs1.json")" = \
  "$(query "select id from documents order by id" | tr '\n' ' ' | sed 's/ $//')"
check "claims: as many as the ledger holds" test "$(get '/api/claims?limit=1000' | field 'print(v["total"])')" = \
  "$(query "select count(*) from claims")"

# another process writes to the same ledger while the server runs
"$tally" ingest --quiet --db "$db" "$tmp/more" 2> "$tmp/ingest2.err"
all_docs=$(query "select count(*) from documents")
check "more documents ingest beside the server" test "$all_docs" -gt "$first_docs"
check "summary: the server sees the new documents" test "$(get /api/summary | field 'print(v["documents"])')" = "$all_docs"
check "a new document is served" bash -c "$(declare -f get field); port=$port; get /api/documents/kestrel-day2 | field 'print(v[\"document\"][\"id\"])' | grep -qx kestrel-day2"
check "claims: the new ones too" test "$(get '/api/claims?limit=1000' | field 'print(v["total"])')" = \
  "$(query "select count(*) from claims")"

# a review through the API lands in the ledger, and in its views
claim=$(get '/api/claims?doc=kestrel-day2&measure=killed&limit=1' | field 'print(v["claims"][0]["id"])')
post "/api/claims/$claim/reviews" "$token" '{"action":"correct","correction":{"low":70,"best":70,"high":70},"note":"recounted"}' > "$tmp/review.json"
check "the review is stored" test "$(query "select count(*) from reviews")" = 1
check "claims_with_evidence shows it" test "$(query "select review_action, reviewer, reviewed_best from claims_with_evidence where claim_id = $claim")" = "correct|tester|70"
check "and the API" test "$(get "/api/claims/$claim" | field 'print(v["claim"]["review"])')" = corrected

# the ledger, its tolls and reconcile read the reviewed value, and mark what a person confirmed
check "tally ledger: the corrected figure's row marked" bash -c "'$tally' ledger --db '$db' --format json 2>/dev/null | python3 -c '
import json, sys
sys.exit(0 if any(r[\"review\"] == \"corrected\" for r in json.load(sys.stdin)) else 1)'"
check "tally ledger --tolls: the document's toll recomputed from it" bash -c "'$tally' ledger --db '$db' --tolls --format csv 2>/dev/null | tr -d '\r' | grep -q '^kestrel-day2,.*,killed,.*,yes\$'"
check "tally reconcile: the claim marked corrected" bash -c "'$tally' reconcile --db '$db' 2>/dev/null | grep -q '\"review\":\"corrected\"'"

# a merge of two entities through the API: stored by their names, applied by reconcile
read -r first second < <(get /api/entities | field 'print(v["entities"][0]["id"], v["entities"][1]["id"])')
read -r name_a name_b < <(get /api/entities | field 'e = v["entities"]; print(e[0]["name"].replace(" ", "_"), e[1]["name"].replace(" ", "_"))')
post "/api/entities/$first/merge" "$token" "{\"with\":\"$second\",\"note\":\"one body\"}" > "$tmp/merge.json"
check "the merge is stored with its audit row" test "$(query "select action || ':' || reviewer from entity_decisions")" = "merge:tester"
check "the audit log has it" test "$(query "select count(*) from audit where action = 'merge'")" = 1
one_entity='import json, sys
names = [n.replace("_", " ") for n in sys.argv[1:]]
ents = json.load(sys.stdin)["entities"]
sys.exit(0 if any(all(n in e["variants"] for n in names) for e in ents) else 1)'
check "the API's entities hold both names in one" bash -c "$(declare -f get); port=$port; get /api/entities | python3 -c '$one_entity' '$name_a' '$name_b'"
check "tally reconcile applies the merge" bash -c "'$tally' reconcile --db '$db' 2>/dev/null | python3 -c '$one_entity' '$name_a' '$name_b'"

kill -TERM "$server"
wait "$server"
status=$?
server=""
check "SIGTERM stops the server cleanly" test $status -eq 0
if [ -n "$pg" ]; then
  check "no message shows the ledger's password" bash -c "! grep -h -- '$secret' '$tmp'/*.err '$tmp/serve.log'"
  check "the serving line names the ledger, its password hidden" grep -q 'serving postgresql://postgres:\*\*\*@' "$tmp/serve.log"
fi
finish
