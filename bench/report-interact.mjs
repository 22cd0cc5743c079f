// How long a report takes to sort and to search all its claims in headless Chromium, in real
// time (driven over the DevTools protocol through a pipe: tests/devtools_pipe.mjs). The page is
// a report with a probe added (bench/report-interact.py writes it); this waits for the probe's
// data-interact mark and prints it.
// Usage: node bench/report-interact.mjs CHROMIUM PROBED_REPORT.html PROFILE_DIR
import { openBrowser } from "../tests/devtools_pipe.mjs";

const [chromium, page, profile] = process.argv.slice(2);
const { browser, send } = openBrowser(chromium, profile, ["--window-size=1280,1000"]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const { targetId } = await send("Target.createTarget", { url: "file://" + page });
const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
let mark = null;
for (let waited = 0; waited < 600 && !mark; waited++) {
  await sleep(1000);
  const r = await send("Runtime.evaluate", { expression: "document.body && document.body.getAttribute('data-interact')", returnByValue: true }, sessionId);
  mark = r.result.value;
}
console.log(mark || "the probe never finished");
browser.kill();
process.exit(mark ? 0 : 1);
