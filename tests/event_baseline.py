#!/usr/bin/env python3
"""A naive baseline for the event-grouping test set, to show how hard the set is.

TF-IDF cosine over lower-case words of title and text (no stopword list beyond words in most
documents), single-link: two articles join when their cosine is at least --threshold and their
dates are at most --days apart. Writes {"events": [{"documents": [...]}]} like `tally
reconcile`, so tests/event_score.py scores it:

    python3 tests/event_baseline.py | python3 tests/event_score.py -
"""
import argparse
import collections
import datetime as dt
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", default=os.path.join(HERE, "data", "events", "articles.jsonl"))
    ap.add_argument("--threshold", type=float, default=0.3)
    ap.add_argument("--days", type=int, default=14)
    args = ap.parse_args()
    docs = [json.loads(l) for l in open(args.articles, encoding="utf-8")]
    words = [re.findall(r"[a-z]+", (d.get("title", "") + " " + d["text"]).lower()) for d in docs]
    df = collections.Counter(w for ws in words for w in set(ws))
    n = len(docs)
    vectors = []
    for ws in words:
        tf = collections.Counter(w for w in ws if df[w] < n / 2)
        v = {w: c * math.log(n / df[w]) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors.append({w: x / norm for w, x in v.items()})
    days = [dt.date.fromisoformat(d["date"]).toordinal() for d in docs]
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if abs(days[i] - days[j]) > args.days:
                continue
            a, b = vectors[i], vectors[j]
            if len(a) > len(b):
                a, b = b, a
            if sum(x * b.get(w, 0.0) for w, x in a.items()) >= args.threshold:
                parent[find(i)] = find(j)
    groups = collections.defaultdict(list)
    for i, d in enumerate(docs):
        groups[find(i)].append(d["id"])
    json.dump({"events": [{"documents": g} for g in groups.values()]}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
