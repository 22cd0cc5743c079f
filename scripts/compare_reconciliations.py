#!/usr/bin/env python3
"""Compares two `tally reconcile` outputs of one ledger before and after documents were added
(issue 14, incremental reconcile): what an incremental reconcile could copy from the earlier
result and still equal a full reconcile of the later ledger.

Run-local ids (events' ev*, entities' e*, clusters' c*) are numbered afresh by every run
(docs/format.md), so results are compared in a canonical form without them: an event is its set
of documents, a cluster its set of claim ids (with measure, party, source and outlets), a series
its event's documents, party, measure and scope with its figures, points, comparisons and
undated claims (claim ids are the ledger's, stable while no document is replaced).

Usage: compare_reconciliations.py BEFORE.json AFTER.json [--check] [--events-only]
Prints, for the documents of BEFORE:
  - whether they fall into the same events in AFTER (the grouping is online in date order over
    TF-IDF vectors whose IDF is the whole ledger's, so added documents can move earlier ones);
  - AFTER's events untouched by the added documents (none of them joined), and how many of those
    are, with their clusters and series, identical to BEFORE's: what could be copied;
  - the share of AFTER's claims, figures and series in touched events: what would be reworked.
--check: exit 1 unless every untouched event of AFTER is identical to one of BEFORE.
--events-only: only the grouping and the share of documents and claims in touched events, from
the documents and events arrays alone (a big ledger's whole JSON is too much for Python).

Usage: compare_reconciliations.py --against INCREMENTAL.json FULL.json [--events-only]
Compares two results of one ledger, a resumed (incremental) reconcile and a full one
(docs/reconcile.md, "Incremental reconcile"): how many events hold the same documents, the
pairwise agreement of the two groupings (the full one taken as truth), and, of the events with the
same documents, how many are identical with their clusters and series.
"""
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_events(path):
    """Only the documents and events of a result: a big ledger's JSON is most of a gigabyte,
    nearly all of it clusters and timeline, too much to load whole in Python. The top-level
    arrays come in a fixed order (entities, documents, clusters, events, timeline)."""
    with open(path, "rb") as f:
        raw = f.read()
    def array(name, next_name):
        start = raw.index(b'"' + name + b'":[') + len(name) + 4
        end = raw.index(b'],"' + next_name + b'":[', start)
        return json.loads(raw[start - 1:end + 1])
    return {"documents": array(b"documents", b"clusters"), "events": array(b"events", b"timeline")}


def canonical(r):
    """Per event (a frozenset of document ids): its clusters and series, ids dropped."""
    ev_docs = {e["id"]: frozenset(e["documents"]) for e in r["events"]}
    claim_event = {}
    for e in r["events"]:
        for c in e["claims"]:
            claim_event[c] = ev_docs[e["id"]]
    entity_name = {x["id"]: x["name"] for x in r.get("entities", [])}
    per_event = {docs: {"clusters": set(), "series": set()} for docs in ev_docs.values()}
    for c in r["clusters"]:
        members = tuple(sorted(m["id"] for m in c["members"]))
        if not members:
            continue
        key = (c["measure"], c["party"], c["source"], entity_name.get(c["entity"]) if c["entity"] else None,
               c["outlets"], members)
        per_event[claim_event[members[0]]]["clusters"].add(key)
    for s in r["timeline"]:
        docs = ev_docs[s["event"]]
        figures = tuple((f["claim"], f["source"], f.get("person"), f["from"], f["until"], f["superseded"],
                         tuple(sorted(f.get("disagrees_with", []))))
                        for f in s["figures"])
        points = tuple((p["date"], p["low"], p["best"], p["high"], p["disagreement"]) for p in s["points"])
        comparisons = tuple(sorted((c["rule"], c["earlier"], c["later"], c["disagreement"]) for c in s["comparisons"]))
        undated = tuple(sorted(u["id"] for u in s["undated"]))
        per_event[docs]["series"].add((s["party"], s["measure"], s["scope"], figures, points, comparisons, undated,
                                       tuple(s["checks"])))
    return per_event


def pairs_agreement(a, b):
    """Pairwise precision and recall of grouping a against grouping b (dicts doc -> event), by
    counting pairs per (event of a, event of b) cell rather than listing them."""
    from collections import Counter
    cells = Counter((a[d], b[d]) for d in a if d in b)
    rows = Counter(a[d] for d in a if d in b)
    cols = Counter(b[d] for d in a if d in b)
    both = sum(n * (n - 1) // 2 for n in cells.values())
    in_a = sum(n * (n - 1) // 2 for n in rows.values())
    in_b = sum(n * (n - 1) // 2 for n in cols.values())
    return (both / in_a if in_a else 1.0), (both / in_b if in_b else 1.0)


def against(inc, full, events_only):
    event_of_inc = {d: e["id"] for e in inc["events"] for d in e["documents"]}
    event_of_full = {d: e["id"] for e in full["events"] for d in e["documents"]}
    precision, recall = pairs_agreement(event_of_inc, event_of_full)
    sets_inc = {frozenset(e["documents"]) for e in inc["events"]}
    sets_full = {frozenset(e["documents"]) for e in full["events"]}
    same = sets_inc & sets_full
    docs_same = sum(len(x) for x in same)
    print(f"events: {len(inc['events'])} resumed, {len(full['events'])} full; {len(same)} hold the same documents "
          f"({docs_same} of {len(event_of_full)} documents)")
    print(f"grouping against the full one: pairwise precision {precision:.4f}, recall {recall:.4f}")
    if events_only:
        return 0
    canon_inc, canon_full = canonical(inc), canonical(full)
    identical = sum(1 for x in same if canon_inc[x] == canon_full[x])
    print(f"of the {len(same)} events with the same documents, {identical} identical with their clusters and series")
    return 0


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check = "--check" in sys.argv
    if "--against" in sys.argv:
        if "--events-only" in sys.argv:
            return against(load_events(args[0]), load_events(args[1]), True)
        return against(load(args[0]), load(args[1]), False)
    if "--events-only" in sys.argv:
        return events_only(load_events(args[0]), load_events(args[1]))
    before, after = load(args[0]), load(args[1])
    old_docs = {d["id"] for d in before["documents"]}
    new_docs = {d["id"] for d in after["documents"]} - old_docs
    # 1. the earlier documents' grouping
    touched = grouping(before, after, new_docs)
    # 2. untouched events
    canon_before, canon_after = canonical(before), canonical(after)
    untouched = [e for e in after["events"] if not new_docs & set(e["documents"])]
    same_docs = same_all = 0
    for e in untouched:
        docs = frozenset(e["documents"])
        if docs in canon_before:
            same_docs += 1
            if canon_before[docs] == canon_after[docs]:
                same_all += 1
    print(f"events touched by the added documents: {len(touched)}; untouched: {len(untouched)}, of which "
          f"{same_docs} hold the same documents as an earlier event and {same_all} are identical with their "
          f"clusters and series")
    # 3. what would be reworked
    claims = sum(len(e["claims"]) for e in after["events"])
    touched_claims = sum(len(e["claims"]) for e in touched)
    touched_ids = {e["id"] for e in touched}
    series = len(after["timeline"])
    touched_series = sum(1 for s in after["timeline"] if s["event"] in touched_ids)
    figures = sum(len(s["figures"]) for s in after["timeline"])
    touched_figures = sum(len(s["figures"]) for s in after["timeline"] if s["event"] in touched_ids)
    pct = lambda a, b: f"{100.0 * a / b:.1f} %" if b else "-"
    print(f"in touched events: {touched_claims} of {claims} claims ({pct(touched_claims, claims)}), "
          f"{touched_series} of {series} series, {touched_figures} of {figures} figures ({pct(touched_figures, figures)})")
    if check and same_all != len(untouched):
        print("FAIL: an untouched event differs from the earlier result", file=sys.stderr)
        return 1
    return 0


def grouping(before, after, new_docs):
    """Prints whether the earlier documents are grouped as before; returns the touched events."""
    old_docs = {d["id"] for d in before["documents"]}
    event_of_before = {d: e["id"] for e in before["events"] for d in e["documents"]}
    event_of_after = {d: e["id"] for e in after["events"] for d in e["documents"]}
    mates_before, mates_after = {}, {}
    for d in old_docs:
        mates_before.setdefault(event_of_before[d], set()).add(d)
        mates_after.setdefault(event_of_after[d], set()).add(d)
    part_before = {frozenset(v) for v in mates_before.values()}
    part_after = {frozenset(v) for v in mates_after.values()}
    changed = sum(len(p) for p in part_before - part_after)
    # moved: earlier documents outside the later event that holds most of their earlier event's
    moved = 0
    for docs in mates_before.values():
        held = {}
        for d in docs:
            held[event_of_after[d]] = held.get(event_of_after[d], 0) + 1
        moved += len(docs) - max(held.values())
    print(f"documents: {len(old_docs)} before, {len(new_docs)} added")
    print(f"events before: {len(before['events'])}, after: {len(after['events'])}")
    print(f"earlier documents grouped as before: {'yes' if part_before == part_after else 'no'} "
          f"({changed} of {len(old_docs)} in an event whose earlier documents differ; {moved} moved to another event "
          f"than most of their earlier event's)")
    return [e for e in after["events"] if new_docs & set(e["documents"])]


def events_only(before, after):
    old_docs = {d["id"] for d in before["documents"]}
    new_docs = {d["id"] for d in after["documents"]} - old_docs
    touched = grouping(before, after, new_docs)
    pct = lambda a, b: f"{100.0 * a / b:.1f} %" if b else "-"
    docs = sum(len(e["documents"]) for e in after["events"])
    claims = sum(len(e["claims"]) for e in after["events"])
    touched_docs = sum(len(e["documents"]) for e in touched)
    touched_claims = sum(len(e["claims"]) for e in touched)
    print(f"events touched by the added documents: {len(touched)} of {len(after['events'])}, holding "
          f"{touched_docs} of {docs} documents ({pct(touched_docs, docs)}) and {touched_claims} of {claims} claims "
          f"({pct(touched_claims, claims)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
