#!/usr/bin/env python3
"""Writes a copy of a tally report with a probe that scrolls every chart into view in turn.

The report draws each timeline chart when it comes near the window, and headless Chromium
under a virtual time budget sends no scroll events: the probe sends them by hand. When done it
sets data-scrolled="1" on <body>; data-drawn-at-open holds how many charts were drawn before
any scroll. Used by tests/browser_test.sh and bench/compare-report-charts.sh.

  scripts/chart-scroll-probe.py REPORT.html OUT.html
"""
import sys

PROBE = """<script>
function scrollCharts() {
  var figures = document.querySelectorAll("figure.chart"), i = 0;
  document.body.setAttribute("data-drawn-at-open", String(document.querySelectorAll("figure.chart svg").length));
  (function next() {
    if (i === figures.length) return document.body.setAttribute("data-scrolled", "1");
    figures[i++].scrollIntoView();
    window.dispatchEvent(new Event("scroll"));
    setTimeout(next, 20);
  })();
}
if (document.body.getAttribute("data-ready")) scrollCharts(); else document.addEventListener("tally-report-ready", scrollCharts);
</script>"""

page = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", PROBE + "</body>"))
