#!/usr/bin/env bash
# The HTML report in a real browser (Debian's headless Chromium): the charts (drawn by the page
# as they are scrolled to) and the claims table are in the rendered DOM with the expected
# number of series and rows, and an article
# carrying <script>, "><img onerror=...> and </style> renders as text: nothing runs, nothing
# is injected. Exits 77 (skipped) when Chromium is not installed.
# Usage: browser_test.sh TALLY_BINARY SOURCE_DIR
set -u
tally=$1
src=$2
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "chromium not installed (scripts/install-deps.sh installs it): browser test skipped"
  exit 77
fi
tmp=$(mktemp -d)
[ -n "${KEEP_TMP:-}" ] && echo "kept $tmp" || trap 'rm -rf "$tmp"' EXIT
cp -r "$src/examples" "$tmp/in"
cat > "$tmp/in/hostile.jsonl" <<'JSON'
{"id": "hostile<b>", "title": "<script>document.title='pwned'</script></style>", "outlet": "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">", "url": "javascript:document.body.setAttribute('data-pwned','2')", "date": "2026-03-06", "text": "</style><script>document.title='pwned'</script>\n\nAt least 5 people were killed in the \"><img src=x onerror=\"document.body.setAttribute('data-pwned','3')\"> district, said Police Chief <script>document.body.setAttribute('data-pwned','4')</script> Ana Lind.\n"}
JSON
"$tally" ingest --quiet "$tmp/in" --db "$tmp/l.db" || exit 1
"$tally" reconcile --db "$tmp/l.db" > "$tmp/r.json" || exit 1
"$tally" report --db "$tmp/l.db" -o "$tmp/report.html" 2>/dev/null || exit 1
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --virtual-time-budget=2000 --dump-dom "file://$tmp/report.html" > "$tmp/dom.html" 2> "$tmp/chromium.log"
# A probe added to a copy of the report, at a window 800 pixels wide: the page's width, the
# claims after a click on the Value header, and after typing a source's other spelling.
query=$(python3 - "$tmp/r.json" "$tmp/l.db" <<'PY'
import json, sqlite3, sys
r = json.load(open(sys.argv[1]))
claims = sqlite3.connect(sys.argv[2]).execute("select doc_id, text, source from claims").fetchall()
# a spelling of a merged source that most of its claims do not use (full names only: a bare
# surname can be two people's)
best = ("", 0)
for e in r["entities"]:
    names = [v for v in e["variants"] if " " in v]
    for v in names:
        others = sum(1 for doc, _, src in claims if doc in e["docs"] and src in names and src.lower() != v.lower())
        if others > best[1]:
            best = (v, others)
print(best[0])
PY
)
python3 - "$tmp/report.html" "$tmp/probe.html" "$query" <<'PY'
import json, sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
function probe() {
  var out = {scrollWidth: document.documentElement.scrollWidth};
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#claims-table tbody tr")); }
  document.querySelector('th[data-col="9"]').click();
  out.sorted = rows().map(function (tr) { return tr.cells[1].textContent; });
  var f = document.getElementById("filter");
  f.value = QUERY;
  f.dispatchEvent(new Event("input"));
  out.filtered = rows().map(function (tr) { return tr.getAttribute("data-doc") + "|" + tr.cells[0].textContent; });
  document.body.setAttribute("data-probe", JSON.stringify(out));
}
// small reports are drawn before this script is read; big ones later
if (document.body.getAttribute("data-ready")) probe();
else document.addEventListener("tally-report-ready", probe);
</script>""".replace("QUERY", json.dumps(sys.argv[3]))
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
PY
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --window-size=800,1200 --virtual-time-budget=2000 --dump-dom "file://$tmp/probe.html" > "$tmp/probe-dom.html" 2>> "$tmp/chromium.log"
# The charts are drawn as they come near the window: a probe scrolls each into view (the
# scroll event dispatched by hand: headless Chromium under a virtual time budget sends none).
python3 "$src/scripts/chart-scroll-probe.py" "$tmp/report.html" "$tmp/charts.html"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --window-size=1280,800 --virtual-time-budget=10000 --dump-dom "file://$tmp/charts.html" > "$tmp/charts-dom.html" 2>> "$tmp/chromium.log"
# A report big enough that its data is compressed (the event test set): drawn all the same.
"$tally" ingest --quiet "$src/tests/data/events/articles.jsonl" --db "$tmp/events.db" || exit 1
"$tally" report --db "$tmp/events.db" -o "$tmp/events.html" 2>/dev/null || exit 1
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --virtual-time-budget=5000 --dump-dom "file://$tmp/events.html" > "$tmp/events-dom.html" 2>> "$tmp/chromium.log"
# A report of more claims than one chunk holds (the event test set five times, each copy's
# figures shifted): a page past the first chunk, a search and a sort across all chunks, each
# waited for (the page reads the chunks they need as they are asked for).
python3 - "$src/tests/data/events/articles.jsonl" "$tmp/chunks.jsonl" <<'PY'
import json, re, sys
base = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for copy in range(5):
        for a in base:
            a = dict(a, id=f"{a['id']}-{copy}")
            a["text"] = re.sub(r"\b\d+\b", lambda m: str(int(m.group()) + copy), a["text"])
            out.write(json.dumps(a) + "\n")
PY
"$tally" ingest --quiet "$tmp/chunks.jsonl" --db "$tmp/chunks.db" || exit 1
"$tally" report --db "$tmp/chunks.db" -o "$tmp/chunks.html" 2>/dev/null || exit 1
chunk_query=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select doc_id from claims order by id desc limit 1').fetchone()[0])" "$tmp/chunks.db")
python3 - "$tmp/chunks.html" "$tmp/chunks-probe.html" "$chunk_query" <<'PY'
import json, sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
function probeChunks() {
  var out = {}, info = document.getElementById("page-info");
  function rows() {
    return Array.prototype.map.call(document.querySelectorAll("#claims-table tbody tr"), function (tr) {
      return tr.getAttribute("data-doc") + "|" + tr.cells[0].textContent;
    });
  }
  function when(ready, then) { (function poll() { if (ready()) then(); else setTimeout(poll, 20); })(); }
  for (var i = 0; i < 20; i++) document.getElementById("next").click();
  when(function () { return info.textContent.indexOf("2001\u2013") === 0; }, function () {
    out.page21 = rows();
    var f = document.getElementById("filter");
    f.value = QUERY;
    f.dispatchEvent(new Event("input"));
    when(function () { return info.textContent.indexOf("filtered from") >= 0; }, function () {
      out.filtered = rows();
      f.value = "";
      f.dispatchEvent(new Event("input"));
      document.querySelector('th[data-col="9"]').click();
      when(function () { return !document.getElementById("claims-table").hasAttribute("aria-busy") && info.textContent.indexOf("1\u2013") === 0; }, function () {
        out.sorted = Array.prototype.map.call(document.querySelectorAll("#claims-table tbody tr"), function (tr) { return tr.cells[1].textContent; });
        document.body.setAttribute("data-probe", JSON.stringify(out));
      });
    });
  });
}
if (document.body.getAttribute("data-ready")) probeChunks(); else document.addEventListener("tally-report-ready", probeChunks);
</script>""".replace("QUERY", json.dumps(sys.argv[3]))
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
PY
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --virtual-time-budget=10000 --dump-dom "file://$tmp/chunks-probe.html" > "$tmp/chunks-dom.html" 2>> "$tmp/chromium.log"
# the same with a big table's ways (a search in slices, a sort in a worker) from ten rows on
sed 's/FILTER_SLICE = 20000/FILTER_SLICE = 10/' "$tmp/chunks-probe.html" > "$tmp/chunks-worker.html"
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --virtual-time-budget=30000 --dump-dom "file://$tmp/chunks-worker.html" > "$tmp/chunks-worker-dom.html" 2>> "$tmp/chromium.log"
# The events list (issue 14): a click on the largest event shows its claims, documents, summary
# and charts only, "All events" goes back; the #event-ID link opens the same view.
python3 - "$tmp/chunks.html" "$tmp/events-probe.html" <<'PY'
import sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>
function probeEvents() {
  var out = {}, body = document.body;
  function when(ready, then) { (function poll() { if (ready()) then(); else setTimeout(poll, 20); })(); }
  function visible(sel) {
    var seen = {};
    Array.prototype.forEach.call(document.querySelectorAll(sel), function (e) {
      if (getComputedStyle(e).display !== "none") seen[e.getAttribute("data-event")] = true;
    });
    return Object.keys(seen);
  }
  var link = document.querySelector("#events-table tbody a");
  out.listRows = document.querySelectorAll("#events-table tbody tr").length;
  out.href = link.getAttribute("href");
  out.pos = link.closest("tr").getAttribute("data-event");
  link.click();
  when(function () { return body.getAttribute("data-event") && body.getAttribute("data-event-ready") === "1"; }, function () {
    out.info = document.getElementById("page-info").textContent;
    out.rowEvents = visible("#claims-table tbody tr");
    out.rows = document.querySelectorAll("#claims-table tbody tr").length;
    out.docs = document.getElementById("docs-info").textContent;
    out.cards = visible(".summary .card");
    out.charts = visible("figure.chart");
    out.listHidden = document.getElementById("events-view").hidden;
    out.title = document.getElementById("event-title").textContent;
    document.getElementById("all-events").click();
    when(function () { return !body.getAttribute("data-event") && body.getAttribute("data-event-ready") === "1"; }, function () {
      out.back = document.getElementById("page-info").textContent;
      out.backList = !document.getElementById("events-view").hidden;
      body.setAttribute("data-probe", JSON.stringify(out));
    });
  });
}
if (document.body.getAttribute("data-ready")) probeEvents(); else document.addEventListener("tally-report-ready", probeEvents);
</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", probe + "</body>"))
PY
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --virtual-time-budget=10000 --dump-dom "file://$tmp/events-probe.html" > "$tmp/events-probe-dom.html" 2>> "$tmp/chromium.log"
event_href=$(python3 - "$tmp/chunks.html" <<'PY'
import json, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
first = json.loads(page.split('id="events-data">')[1].split("</script>")[0].split("\n")[0])
print("#event-" + urllib.parse.quote(first["e"][0][1], safe=""))
PY
)
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$tmp/profile" \
  --virtual-time-budget=10000 --dump-dom "file://$tmp/chunks.html$event_href" > "$tmp/event-link-dom.html" 2>> "$tmp/chromium.log"
python3 - "$tmp/dom.html" "$tmp/r.json" "$tmp/l.db" "$tmp/probe-dom.html" "$query" "$tmp/events-dom.html" "$tmp/events.db" "$tmp/charts-dom.html" \
  "$tmp/chunks-dom.html" "$tmp/chunks.db" "$chunk_query" "$tmp/chunks.html" "$tmp/chunks-worker-dom.html" \
  "$tmp/events-probe-dom.html" "$tmp/event-link-dom.html" "$event_href" <<'PY'
import json, sqlite3, sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.elements, self.text, self.title = [], [], [], ""
        self.in_title = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elements.append((tag, a, [t for t, _ in self.stack]))
        if tag not in ("br", "img", "input", "meta", "link", "rect", "circle", "line", "path"):
            self.stack.append((tag, a))
        self.in_title = tag == "title" and not any(t == "svg" for t, _ in self.stack[:-1])
    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), [t for t, _ in self.stack]))
    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        self.in_title = False
    def handle_data(self, data):
        self.text.append(data)
        if self.in_title:
            self.title += data

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
r = json.load(open(sys.argv[2]))
claims = sqlite3.connect(sys.argv[3]).execute("select count(*) from claims").fetchone()[0]
fails, total = [], 0
def check(name, ok):
    global total
    total += 1
    print(("ok   " if ok else "FAIL ") + name)
    if not ok: fails.append(name)

def classes(a): return (a.get("class") or "").split()
charts = [e for e in dom.elements if e[0] == "figure" and "chart" in classes(e[1])]
check(f"one chart per party and measure ({len(r['timeline'])})", len(charts) == len(r["timeline"]))
charts_dom = Dom()
charts_dom.feed(open(sys.argv[8], encoding="utf-8").read())
charts_body = [e for e in charts_dom.elements if e[0] == "body"][0][1]
drawn = [e for e in charts_dom.elements if e[0] == "svg" and "figure" in e[2]]
check(f"charts scrolled to are drawn ({len(drawn)} of {len(charts)}; {charts_body.get('data-drawn-at-open')} at open)",
      charts_body.get("data-scrolled") == "1" and len(drawn) == len(charts))
series = [e for e in charts_dom.elements if e[0] == "g" and "series" in classes(e[1])]
want_series = 0
for s in r["timeline"]:
    sources = set()
    for f in s["figures"]:
        sources.add(f["person"] or f["source"])  # the report charts the person who spoke
    for u in s["undated"]:
        sources.add(u.get("source") or "unattributed")
    want_series += len(sources)
check(f"one series per source in each chart ({want_series})", len(series) == want_series)
check("axes are labelled", any("date of claim" in t for t in charts_dom.text))
legends = [e for e in charts_dom.elements if e[0] == "g" and "legend" in classes(e[1])]
check("every chart has a legend", len(legends) == len(charts))
rows = [e for e in dom.elements if e[0] == "tr" and "tbody" in e[2] and e[1].get("data-measure")]
check(f"one table row per claim ({claims})", len(rows) == claims)
check("the evidence highlights the figure", sum(1 for e in dom.elements if e[0] == "mark") == claims)
check("disagreements are called out in words", any("Sources disagree" in t for t in dom.text))
# hostile text is inert
body = [e for e in dom.elements if e[0] == "body"][0]
check("no injected script ran", "data-pwned" not in body[1] and dom.title.strip() == "tally report")
check("no element was injected", not any(e[0] == "img" for e in dom.elements))
check("nothing injected through the charts drawn from data",
      "data-pwned" not in charts_body and not any(e[0] == "img" for e in charts_dom.elements))
check("only the report's own script", sum(1 for e in dom.elements if e[0] == "script" and e[1].get("type") != "application/json") == 1)
# the first chunks before the page's script, the rest after it (src/report/html_report.cc, Chunks)
check("charts, claims and documents are data, held once",
      sorted(e[1].get("id") for e in dom.elements if e[0] == "script" and e[1].get("type") == "application/json") ==
      ["charts-data", "checks-data", "claims-data", "claims-more", "documents-data", "documents-more", "events-data",
       "events-more"])
check("a legend explains low/best/high, qualifiers and disagreement",
      all(any(w in t for t in dom.text) for w in ("low, best, high", "qualifier", "disagreement")))
check("CSV and JSON export links", all(any(e[0] == "a" and e[1].get("id") == i for e in dom.elements) for i in ("export-csv", "export-json")))
probe_dom = Dom()
probe_dom.feed(open(sys.argv[4], encoding="utf-8").read())
probe = json.loads([e for e in probe_dom.elements if e[0] == "body"][0][1].get("data-probe") or "{}")
check(f"no sideways scroll at 800 px (page {probe.get('scrollWidth')} px wide)", 0 < probe.get("scrollWidth", 10**6) <= 800)
def first_number(s):
    digits = "".join(ch for ch in s.split(" (")[0].split("\u2013")[0] if ch.isdigit())
    return int(digits) if digits else None
values = [first_number(v) for v in probe.get("sorted", [])]
numbers = [v for v in values if v is not None]
check(f"values sort as numbers ({len(numbers)} rows)", len(numbers) > 2 and numbers == sorted(numbers))
query = sys.argv[5]
if query:
    entity = [e for e in r["entities"] if query in e["variants"]][0]
    names = [v for v in entity["variants"] if " " in v]
    rows_db = sqlite3.connect(sys.argv[3]).execute("select doc_id, text, source from claims").fetchall()
    want = {doc + "|" + text for doc, text, src in rows_db if doc in entity["docs"] and src in names}
    got = set(probe.get("filtered", []))
    check(f"the filter finds every claim of a merged source by one of its names ({query!r}: {len(want)})", want <= got)
else:
    check("the examples have a source known by several names", False)
check("no javascript: link", not any(e[0] == "a" and (e[1].get("href") or "").startswith("javascript") for e in dom.elements))
text = "".join(dom.text)
check("hostile markup shows as text", "<script>document.title='pwned'</script>" in text and "onerror" in text)
big = Dom()
big.feed(open(sys.argv[6], encoding="utf-8").read())
big_claims = sqlite3.connect(sys.argv[7]).execute("select count(*) from claims").fetchone()[0]
data = [e for e in big.elements if e[0] == "script" and e[1].get("id") == "claims-data"]
big_rows = [e for e in big.elements if e[0] == "tr" and "tbody" in e[2] and e[1].get("data-measure")]
check(f"a big report's compressed data is drawn, 100 rows a page ({big_claims} claims)",
      len(big_rows) == min(100, big_claims) and any(f"of {big_claims:,} claims" in t for t in big.text))
check("the big report says it is ready", [e for e in big.elements if e[0] == "body"][0][1].get("data-ready") == "1")
big_charts = [e for e in big.elements if e[0] == "figure" and "chart" in classes(e[1])]
big_drawn = [e for e in big.elements if e[0] == "svg" and "figure" in e[2]]
check(f"a big report draws no more than the charts near the window at open ({len(big_drawn)} of {len(big_charts)})",
      len(big_charts) > 20 and len(big_drawn) < len(big_charts))
chunked = Dom()
chunked.feed(open(sys.argv[9], encoding="utf-8").read())
cprobe = json.loads([e for e in chunked.elements if e[0] == "body"][0][1].get("data-probe") or "{}")
cdb = sqlite3.connect(sys.argv[10])
cclaims = cdb.execute("select doc_id, text from claims order by id").fetchall()
# the rows in the report's order, from its chunks (src/report/html_report.cc, ClaimRows)
import base64, gzip
cpage = open(sys.argv[12], encoding="utf-8").read()
chunks = [c for i in ("claims-data", "claims-more")
          for c in cpage.split(f'id="{i}">')[1].split("</script>")[0].split("\n") if c]
crows = []
for c in chunks:
    data = json.loads(c if c[0] == "{" else gzip.decompress(base64.b64decode(c)))
    crows += [f"{data['s'][r[7]]}|{r[0]}" for r in data["r"]]
check(f"a report of {len(cclaims)} claims comes in chunks ({len(chunks)}), each claim once",
      len(cclaims) > 2000 and len(chunks) > 1 and sorted(crows) == sorted(f"{d}|{t}" for d, t in cclaims))
check("a page past the first chunk shows its claims (2001-2100)", cprobe.get("page21") == crows[2000:2100])
cquery = sys.argv[11]
cwant = {f"{d}|{t}" for d, t in cclaims if cquery.lower() in d.lower()}
check(f"a search reads every chunk ({cquery!r}: {len(cwant)} claims)", cwant and cwant <= set(cprobe.get("filtered", [])))
cvalues = [v for v in (first_number(x) for x in cprobe.get("sorted", [])) if v is not None]
check(f"a sort reads every chunk ({len(cvalues)} rows)", len(cvalues) > 50 and cvalues == sorted(cvalues))
worker = Dom()
worker.feed(open(sys.argv[13], encoding="utf-8").read())
wprobe = json.loads([e for e in worker.elements if e[0] == "body"][0][1].get("data-probe") or "{}")
check("a search in slices and a sort in a worker give the same rows",
      wprobe.get("filtered") == cprobe.get("filtered") and wprobe.get("sorted") == cprobe.get("sorted") and wprobe.get("sorted"))
# the events list and one event's view
listed = [e for e in dom.elements if e[0] == "tr" and e[1].get("data-event") is not None and not e[1].get("data-measure")]
check(f"the report opens on its events ({len(listed)} listed of {len(r['events'])})",
      len(listed) == min(25, len(r["events"])) and len(r["events"]) > 0)
events = []
for c in [c for i in ("events-data", "events-more") for c in cpage.split(f'id="{i}">')[1].split("</script>")[0].split("\n") if c]:
    events += json.loads(c if c[0] == "{" else gzip.decompress(base64.b64decode(c)))["e"]
check(f"every event is listed once, largest first ({len(events)})",
      sorted(e[0] for e in events) == list(range(len(events))) and [e[5] for e in events] == sorted((e[5] for e in events), reverse=True))
ev_dom = Dom()
ev_dom.feed(open(sys.argv[14], encoding="utf-8").read())
eprobe = json.loads([e for e in ev_dom.elements if e[0] == "body"][0][1].get("data-probe") or "{}")
top = events[0]
check("the events list pages (25 a page)", eprobe.get("listRows") == min(25, len(events)))
check(f"a click on an event shows only its claims ({top[6]} of {len(cclaims)})",
      eprobe.get("rowEvents") == [str(top[0])] and eprobe.get("rows") == min(100, top[6])
      and f"of {top[6]:,} claims of this event" in eprobe.get("info", "") and top[6] < len(cclaims))
check("its documents, summary cards and charts only",
      f"{top[5]:,} documents of this event" in eprobe.get("docs", "") and eprobe.get("cards") == [str(top[0])]
      and eprobe.get("charts") == [str(top[0])] and eprobe.get("listHidden") is True and eprobe.get("title") == (top[2] or top[1]))
check("\"All events\" goes back to every claim and the list",
      f"of {len(cclaims):,} claims" in eprobe.get("back", "") and "this event" not in eprobe.get("back", "") and eprobe.get("backList") is True)
link_dom = Dom()
link_dom.feed(open(sys.argv[15], encoding="utf-8").read())
link_body = [e for e in link_dom.elements if e[0] == "body"][0][1]
link_rows = [e for e in link_dom.elements if e[0] == "tr" and e[1].get("data-measure")]
check(f"the link {sys.argv[16]} opens that event's view",
      link_body.get("data-event") == top[1] and link_body.get("data-event-ready") == "1"
      and len(link_rows) == min(100, top[6]) and all(e[1].get("data-event") == str(top[0]) for e in link_rows))
print(f"{total - len(fails)} passed, {len(fails)} failed")
sys.exit(1 if fails else 0)
PY
