#!/usr/bin/env python3
"""Scores a tally binary on the numbers tables (tests/data/numbers.tsv, number_values.tsv,
no_counts.tsv) through `tally numbers`, so that an older build can be measured too.
Usage: tests/number_tables.py TALLY_BINARY [DATA_DIR]
Prints, per table, how many rows pass; exits 0 always (numbers_test is the gate)."""
import json, os, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))


def marked(s):
    spans = []
    while "{{" in s and "}}" in s[s.find("{{"):]:
        o = s.find("{{")
        c = s.find("}}", o)
        s = s[:o] + s[o + 2:c] + s[c + 2:]
        spans.append((len(s[:o].encode()), len(s[:c - 2].encode())))
    return s, spans


def rows(name, fields):
    out = []
    for line in open(os.path.join(here, "data", name), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) == fields:
            out.append(f)
    return out


def run(tally, data, sentences):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as t:
        for i, s in enumerate(sentences):
            t.write(json.dumps({"id": str(i), "text": s + "\n", "date": "2025-03-01"}) + "\n")
    cmd = [tally, "numbers", t.name] + (["--data", data] if data else [])
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    os.unlink(t.name)
    by_doc = {}
    for line in out.splitlines():
        q = json.loads(line)
        by_doc.setdefault(int(q["doc"]), []).append(q)
    return by_doc


def main():
    tally = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else None
    val = lambda x: None if x == "-" else int(x)
    tables = {
        "numbers.tsv": rows("numbers.tsv", 6),
        "number_values.tsv": rows("number_values.tsv", 3),
        "no_counts.tsv": rows("no_counts.tsv", 2),
    }
    for name, table in tables.items():
        parsed = [marked(r[0]) for r in table]
        found = run(tally, data, [p[0] for p in parsed])
        ok = 0
        for i, (r, (sentence, spans)) in enumerate(zip(table, parsed)):
            qs = found.get(i, [])
            if name == "no_counts.tsv":
                ok += not any(q["type"] == "count" and q["start"] < e and b < q["end"] for b, e in spans for q in qs)
                continue
            q = next((q for q in qs if q["start"] == spans[0][0]), None)
            if not q or q["end"] != spans[0][1]:
                continue
            if name == "numbers.tsv":
                ok += [q["low"], q["high"], q["best"], q["qualifier"], q["type"]] == \
                      [val(r[1]), val(r[2]), val(r[3]), r[4], r[5]]
            else:
                flags = ",".join(k for k in ("partitive", "open_low", "open_high") if q.get(k)) or "-"
                def text_of(value, want):
                    if value is None:
                        return "null"
                    return want if want != "null" and value == float(want) else str(value)
                if "value_low" in q or "value_high" in q:  # a range: "low..high" as written
                    want = r[1].split("..") if ".." in r[1] else [r[1], r[1]]
                    text = text_of(q.get("value_low"), want[0]) + ".." + text_of(q.get("value_high"), want[1])
                else:
                    text = text_of(q.get("value"), r[1])
                ok += text == r[1] and flags == r[2]
        print(f"{name}: {ok}/{len(table)} rows pass")


main()
