#!/usr/bin/env python3
"""Writes a copy of a tally report with a probe that, once the page is ready, sorts the claims
by value (every chunk read, then sorted) and then searches them for a document id, and marks
on <body> (data-interact) how long each took by the page's clock and the longest task that held
the page meanwhile (PerformanceObserver "longtask"). Timed in real time by
bench/report-interact.mjs:

  bench/report-interact.py REPORT.html PROBED.html [QUERY]
  node bench/report-interact.mjs "$(command -v chromium)" "$PWD/PROBED.html" /tmp/profile
"""
import json
import sys

PROBE = """<script>
var phase = "open", longs = {};
try {
  new PerformanceObserver(function (l) {
    l.getEntries().forEach(function (e) { longs[phase] = Math.max(longs[phase] || 0, Math.round(e.duration)); });
  }).observe({type: "longtask", buffered: true});
} catch (e) {}
function interact() {
  var info = document.getElementById("page-info"), out = {}, t;
  function when(ready, then) { (function poll() { if (ready()) then(); else setTimeout(poll, 50); })(); }
  function idle() { return !document.getElementById("claims-table").hasAttribute("aria-busy") && info.textContent.indexOf("1\\u2013") === 0; }
  setTimeout(function () {
    phase = "sort";
    t = performance.now();
    document.querySelector('th[data-col="9"]').click();
    when(idle, function () {
      out.sort_ms = Math.round(performance.now() - t);
      out.sorted = info.textContent;
      phase = "search";
      t = performance.now();
      var f = document.getElementById("filter");
      f.value = QUERY;
      f.dispatchEvent(new Event("input"));
      when(function () { return idle() && info.textContent.indexOf("filtered") >= 0; }, function () {
        out.search_ms = Math.round(performance.now() - t);
        out.searched = info.textContent;
        out.longest_task_ms = longs;
        document.body.setAttribute("data-interact", JSON.stringify(out));
      });
    });
  }, 500);
}
if (document.body.getAttribute("data-ready")) interact(); else document.addEventListener("tally-report-ready", interact);
</script>"""

page = open(sys.argv[1], encoding="utf-8").read()
query = sys.argv[3] if len(sys.argv) > 3 else "a099999"
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", PROBE.replace("QUERY", json.dumps(query)) + "</body>"))
