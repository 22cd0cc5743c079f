#!/usr/bin/env bash
# The HTML report in a real browser (Debian's headless Chromium): the charts and the claims
# table are in the rendered DOM with the expected number of series and rows, and an article
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
trap 'rm -rf "$tmp"' EXIT
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
python3 - "$tmp/dom.html" "$tmp/r.json" "$tmp/l.db" <<'PY'
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
series = [e for e in dom.elements if e[0] == "g" and "series" in classes(e[1])]
want_series = 0
for s in r["timeline"]:
    sources = set()
    for f in s["figures"]:
        sources.add(f["person"] or f["source"])  # the report charts the person who spoke
    for u in s["undated"]:
        sources.add(u.get("source") or "unattributed")
    want_series += len(sources)
check(f"one series per source in each chart ({want_series})", len(series) == want_series)
check("axes are labelled", any("date of claim" in t for t in dom.text))
legends = [e for e in dom.elements if e[0] == "g" and "legend" in classes(e[1])]
check("every chart has a legend", len(legends) == len(charts))
rows = [e for e in dom.elements if e[0] == "tr" and "tbody" in e[2] and e[1].get("data-measure")]
check(f"one table row per claim ({claims})", len(rows) == claims)
check("the evidence highlights the figure", sum(1 for e in dom.elements if e[0] == "mark") == claims)
check("disagreements are called out in words", any("Sources disagree" in t for t in dom.text))
# hostile text is inert
body = [e for e in dom.elements if e[0] == "body"][0]
check("no injected script ran", "data-pwned" not in body[1] and dom.title.strip() == "tally report")
check("no element was injected", not any(e[0] == "img" for e in dom.elements))
check("only the report's own script", sum(1 for e in dom.elements if e[0] == "script") == 1)
check("no javascript: link", not any(e[0] == "a" and (e[1].get("href") or "").startswith("javascript") for e in dom.elements))
text = "".join(dom.text)
check("hostile markup shows as text", "<script>document.title='pwned'</script>" in text and "onerror" in text)
print(f"{total - len(fails)} passed, {len(fails)} failed")
sys.exit(1 if fails else 0)
PY
