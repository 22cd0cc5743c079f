#!/usr/bin/env bash
# docs/format.md documents every field tally writes: runs each JSON-writing command on the
# examples (and a few sentences that bring out the rarer fields) and fails naming any field
# that has no row in the doc's tables. Usage: format_doc_test.sh TALLY_BINARY SOURCE_DIR
set -u
tally=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rarer fields: a derived sum, a perpetrator, a citation chain, an undated figure
cat > "$tmp/extra.txt" <<'TXT'
Gunmen storm a market in a river town

Two police officers and four shoppers were killed when gunmen opened fire, the regional governor said, citing the provincial police. One of the attackers also died.
Rescue workers said about 30 people had been hurt.
TXT
inputs=("$src/examples" "$tmp/extra.txt")
tolls=()
if "$tally" extract --help | grep -q -- '--tolls'; then tolls=(--tolls); fi

"$tally" extract "${tolls[@]}" "${inputs[@]}" > "$tmp/extract.jsonl" 2> /dev/null
"$tally" numbers "${inputs[@]}" > "$tmp/numbers.jsonl" 2> /dev/null
"$tally" clean --spans "${inputs[@]}" > "$tmp/spans.jsonl" 2> /dev/null
"$tally" ingest --quiet --db "$tmp/l.db" "${inputs[@]}" 2> /dev/null
"$tally" reconcile --db "$tmp/l.db" > "$tmp/reconcile.json"
"$tally" ledger --db "$tmp/l.db" --format json > "$tmp/ledger.json"

python3 - "$src/docs/format.md" "$tmp" <<'PY'
import json, re, sys
doc, tmp = sys.argv[1], sys.argv[2]

# the doc's tables: "<!-- fields: KIND -->" then rows whose first cell is `a.b[].c`
documented, kind = {}, None
for line in open(doc, encoding="utf-8"):
    m = re.match(r"<!-- fields: (\w+) -->", line)
    if m:
        kind = m.group(1)
        documented[kind] = set()
    elif kind and line.startswith("|"):
        documented[kind].update(re.findall(r"^\|\s*`([^`]+)`", line))
    elif kind and line.strip() and not line.startswith("|"):
        kind = None

def paths(value, prefix=""):
    """Every key path in value: a.b for objects, a[].b for arrays of objects."""
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(prefix + k)
            out |= paths(v, prefix + k + ".")
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, (dict, list)):
                out |= paths(v, prefix[:-1] + "[]." if prefix else "")
    return out

def lines(name):
    return [json.loads(l) for l in open(f"{tmp}/{name}", encoding="utf-8") if l.strip()]

written = {k: set() for k in ("claim", "toll", "quantity", "span", "reconcile", "member", "ledger")}
for r in lines("extract.jsonl"):
    written["toll" if "toll" in r else "claim"] |= paths(r)
for r in lines("numbers.jsonl"): written["quantity"] |= paths(r)
for r in lines("spans.jsonl"): written["span"] |= paths(r)
rec = json.load(open(f"{tmp}/reconcile.json", encoding="utf-8"))
# members (clusters[].members[], timeline[].undated[]) have their own table
for c in rec["clusters"]:
    for m in c.pop("members"): written["member"] |= paths(m)
    c["members"] = []
for s in rec["timeline"]:
    for m in s.pop("undated"): written["member"] |= paths(m)
    s["undated"] = []
written["reconcile"] |= paths(rec)
for r in json.load(open(f"{tmp}/ledger.json", encoding="utf-8")): written["ledger"] |= paths(r)

missing = []
for kind, fields in written.items():
    for f in sorted(fields - documented.get(kind, set())):
        missing.append(f"{kind}: {f}")
seen = sum(len(v) for v in written.values())
if not written["claim"] or not written["reconcile"] or not written["ledger"]:
    sys.exit("FAIL a command wrote nothing: the test would prove nothing")
if missing:
    print("FAIL fields written but not in docs/format.md:\n  " + "\n  ".join(missing))
    sys.exit(1)
print(f"ok   all {seen} fields written are in docs/format.md" + ("" if written["toll"] else " (no toll records: extract has no --tolls yet)"))
PY
