#!/usr/bin/env python3
"""Scores the events of `tally reconcile` against a true grouping of documents.

Pairwise precision and recall: every pair of documents the truth puts in one event is a true
pair; every pair that `tally reconcile` puts in one event is a predicted pair. Precision is the
share of predicted pairs that are true, recall the share of true pairs that were predicted.
Only documents named in the truth count; a true document in no predicted event is alone.

Usage:
    event_score.py RECONCILE_JSON [--truth tests/data/events/truth.json] [--min 0.95]
    event_score.py --self-test
RECONCILE_JSON is the output of `tally reconcile` ("-" for standard input): an object whose
"events" array holds objects with a "documents" array (document ids, or objects with an "id").
Prints one summary line; with --min, exits 1 when precision or recall is below it.
"""
import argparse
import itertools
import json
import os
import sys

DEFAULT_TRUTH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "events", "truth.json")


def document_id(entry):
    if isinstance(entry, dict):
        for key in ("id", "document", "doc"):
            if key in entry:
                return str(entry[key])
        raise ValueError(f"event document without an id: {entry!r}")
    return str(entry)


def predicted_groups(reconciliation):
    events = reconciliation.get("events", []) if isinstance(reconciliation, dict) else []
    return [[document_id(d) for d in event.get("documents", [])] for event in events]


def pairs(groups, keep):
    out = set()
    for group in groups:
        members = sorted({d for d in group if d in keep})
        out.update(itertools.combinations(members, 2))
    return out


def score(groups, truth):
    """Returns a dict: events, true_events, precision, recall, and documents in two events."""
    true_docs = {d for docs in truth.values() for d in docs}
    seen, repeated = set(), set()
    for group in groups:
        for d in set(group) & true_docs:
            (repeated if d in seen else seen).add(d)
    predicted, true = pairs(groups, true_docs), pairs(truth.values(), true_docs)
    hit = len(predicted & true)
    precision = hit / len(predicted) if predicted else (1.0 if not true else 0.0)
    recall = hit / len(true) if true else 1.0
    return {"events": len(groups), "true_events": len(truth), "precision": precision, "recall": recall,
            "predicted_pairs": len(predicted), "true_pairs": len(true), "in_two_events": len(repeated),
            "unassigned": len(true_docs - seen)}


def summary_line(s):
    return (f"events={s['events']} true_events={s['true_events']} precision={s['precision']:.3f} "
            f"recall={s['recall']:.3f} predicted_pairs={s['predicted_pairs']} true_pairs={s['true_pairs']} "
            f"unassigned={s['unassigned']} in_two_events={s['in_two_events']}")


def self_test():
    truth = {"a": ["1", "2", "3"], "b": ["4", "5"], "c": ["6"]}
    checks = [
        ("perfect", [["1", "2", "3"], ["4", "5"], ["6"]], 1.0, 1.0),
        ("objects as documents", [[{"id": "1"}, {"id": "2"}, {"id": "3"}], [{"id": "4"}, {"id": "5"}]], 1.0, 1.0),
        ("everything merged", [["1", "2", "3", "4", "5", "6"]], 4 / 15, 1.0),
        ("all alone", [["1"], ["2"], ["3"], ["4"], ["5"], ["6"]], 0.0, 0.0),
        ("no events yet", [], 0.0, 0.0),
        ("one split", [["1", "2"], ["3"], ["4", "5"]], 1.0, 2 / 4),
        ("unknown documents ignored", [["1", "2", "3", "x"], ["4", "5", "y"]], 1.0, 1.0),
    ]
    failed = 0
    for name, groups, want_p, want_r in checks:
        recon = {"events": [{"id": f"e{i}", "documents": g} for i, g in enumerate(groups)]}
        s = score(predicted_groups(recon), truth)
        ok = abs(s["precision"] - want_p) < 1e-9 and abs(s["recall"] - want_r) < 1e-9
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {summary_line(s)}")
        failed += not ok
    s = score(predicted_groups({"entities": []}), truth)
    if s["events"] != 0 or s["recall"] != 0.0:
        print("FAIL reconcile output without an events key")
        failed += 1
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reconcile", nargs="?", help="tally reconcile JSON, or - for standard input")
    ap.add_argument("--truth", default=DEFAULT_TRUTH, help="event id -> document ids (JSON)")
    ap.add_argument("--min", type=float, help="fail (exit 1) if precision or recall is below this")
    ap.add_argument("--self-test", action="store_true", help="check the scorer on small made-up groupings")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.reconcile:
        ap.error("name the reconcile JSON (or -)")
    try:
        text = sys.stdin.read() if args.reconcile == "-" else open(args.reconcile, encoding="utf-8").read()
        reconciliation = json.loads(text)
        truth = json.load(open(args.truth, encoding="utf-8"))
        s = score(predicted_groups(reconciliation), truth)
    except (OSError, ValueError) as e:
        print(f"event_score: {e}", file=sys.stderr)
        return 2
    print(summary_line(s))
    if args.min is not None and (s["precision"] < args.min or s["recall"] < args.min):
        print(f"event grouping below {args.min}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
