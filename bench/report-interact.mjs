// How long a report takes to sort and to search all its claims in headless Chromium, in real
// time (driven over the DevTools protocol through a pipe, as tests/serve_browser.mjs: no npm
// package). The page is a report with a probe added (bench/report-interact.py writes it); this
// waits for the probe's data-interact mark and prints it.
// Usage: node bench/report-interact.mjs CHROMIUM PROBED_REPORT.html PROFILE_DIR
import { spawn } from "node:child_process";

const [chromium, page, profile] = process.argv.slice(2);
const browser = spawn(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
  "--disable-background-networking", "--disable-component-update", "--remote-debugging-pipe", "--window-size=1280,1000",
  "--user-data-dir=" + profile, "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
const toBrowser = browser.stdio[3], fromBrowser = browser.stdio[4];
let nextId = 1, buffered = "";
const pending = new Map();
fromBrowser.on("data", (chunk) => {
  buffered += chunk.toString("utf8");
  let end;
  while ((end = buffered.indexOf("\0")) >= 0) {
    const msg = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}
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
