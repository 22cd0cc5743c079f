// Drives tally serve's web app in headless Chromium over the DevTools protocol (through a pipe:
// no npm package, no WebSocket). Usage: node serve_browser.mjs CHROMIUM BASE_URL TOKEN PROFILE [SCREENSHOT]
// Prints what it checked; exits 1 on the first failure.
import { writeFileSync } from "node:fs";
import { openBrowser } from "./devtools_pipe.mjs";

const [chromium, base, token, profile, screenshot] = process.argv.slice(2);
const { browser, send, onEvent } = openBrowser(chromium, profile);

function fail(message) {
  console.error("FAIL: " + message);
  browser.kill("SIGKILL");
  process.exit(1);
}
const timer = setTimeout(() => fail("timed out"), 90000);

const { targetId } = await send("Target.createTarget", { url: "about:blank" });
const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
const page = (method, params) => send(method, params, sessionId);
let dialogs = 0, cspReports = 0;
onEvent((msg) => {
  if (msg.method === "Page.javascriptDialogOpening") {
    dialogs++;
    page("Page.handleJavaScriptDialog", { accept: true });
  }
  if (msg.method === "Runtime.consoleAPICalled" || msg.method === "Log.entryAdded") cspReports++;
});
await page("Page.enable");
await page("Runtime.enable");
await page("Emulation.setDeviceMetricsOverride", { width: 800, height: 1000, deviceScaleFactor: 1, mobile: false });

async function evaluate(expression) {
  const r = await page("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error(expression + ": " + JSON.stringify(r.exceptionDetails));
  return r.result.value;
}

async function waitFor(what, expression) {
  for (let i = 0; i < 200; i++) {
    const v = await evaluate(expression).catch(() => null);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  fail("never true: " + what + " (" + expression + ")");
}

async function open(hash) {
  await page("Page.navigate", { url: base + hash });
  await waitFor("page loaded", "document.readyState === 'complete' && !!document.getElementById('main')");
}

// 1. the claims table, filtered
await open("#/claims");
await waitFor("claims listed", "document.querySelectorAll('#claims-table tbody tr').length > 0");
const all = await evaluate("Number(document.getElementById('claim-count').textContent.split(' ')[0])");
await evaluate(`(() => { const f = document.getElementById('filters'); f.measure.value = 'killed'; f.requestSubmit(); })()`);
await waitFor("filtered to killed", `location.hash.includes('measure=killed') &&
  [...document.querySelectorAll('#claims-table tbody tr')].length > 0 &&
  [...document.querySelectorAll('#claims-table tbody tr')].every(tr => tr.cells[1].textContent === 'killed')`);
const killed = await evaluate("Number(document.getElementById('claim-count').textContent.split(' ')[0])");
if (!(killed < all)) fail(`the filter kept ${killed} of ${all} claims`);
const width = await evaluate("document.documentElement.scrollWidth");
if (width > 800) fail("the claims page is " + width + " px wide at 800");
console.log(`claims: ${all}, killed: ${killed}, page width at 800 px: ${width}`);

// 2. a document, the chosen claim's evidence highlighted
await evaluate("document.querySelector('#claims-table tbody tr').click()");
await waitFor("document open", "!!document.querySelector('#doc-text mark.current')");
const chosen = await evaluate(`(() => { const m = document.querySelector('#doc-text mark.current');
  const row = document.querySelector('#claims-table tr.selected');
  return { id: m.dataset.claim, mark: m.textContent, selected: row && row.dataset.claim, value: row && row.querySelector('.value').textContent }; })()`);
if (chosen.id !== chosen.selected) fail("the highlighted evidence is not the chosen claim's");
const detail = JSON.parse(await evaluate(`fetch('/api/claims/${chosen.id}').then(r => r.text())`));
if (chosen.mark !== detail.claim.claim.text) fail(`highlighted "${chosen.mark}", the claim's text is "${detail.claim.claim.text}"`);
console.log(`document: claim ${chosen.id} highlighted as "${chosen.mark}"`);

// 3. correct it, reload, see the correction and its audit row
const v = detail.claim.claim.value;
const corrected = (v.best ?? v.high ?? v.low ?? 0) + 1;
await evaluate(`(() => { const t = document.getElementById('token'); t.value = ${JSON.stringify(token)};
  t.dispatchEvent(new Event('change'));
  const f = document.getElementById('correct-form');
  f.low.value = f.best.value = f.high.value = '${corrected}'; f.note.value = 'browser test'; f.requestSubmit(); })()`);
await waitFor("saved", "document.getElementById('status').textContent.startsWith('Saved')");
await page("Page.reload");
await waitFor("reloaded", `document.readyState === 'complete' && !!document.querySelector('#claims-table tr.selected')`);
const after = await evaluate(`(() => { const row = document.querySelector('#claims-table tr.selected');
  return { value: row.querySelector('.value').textContent, review: row.querySelector('[data-review]').dataset.review }; })()`);
if (!after.value.startsWith(String(corrected)) || after.review !== "corrected")
  fail("after reload the claim shows " + JSON.stringify(after) + ", not the correction " + corrected);
await open("#/audit");
await waitFor("audit row", `[...document.querySelectorAll('#audit-table tbody tr')].some(tr => tr.cells[2].textContent === 'correct' && tr.cells[6].textContent === 'browser test')`);
console.log(`review: corrected to ${corrected}; after reload: ${after.value} (${after.review}); audit row shown`);
// 3b. merge two entities on the entities page; the API and the audit log show it
await open("#/entities");
await waitFor("entities listed", "document.querySelectorAll('#entities-table tbody tr').length >= 2");
const pair = await evaluate(`(() => { const rows = document.querySelectorAll('#entities-table tbody tr');
  return { first: rows[0].dataset.entity, second: rows[1].dataset.entity, a: rows[0].cells[1].textContent, b: rows[1].cells[1].textContent }; })()`);
await evaluate(`(() => { const f = document.querySelector('#entities-table tbody tr form');
  f.with.value = ${JSON.stringify(pair.second)}; f.requestSubmit(); })()`);
await waitFor("merge saved", "document.getElementById('status').textContent.startsWith('Saved: merge')");
const merged = JSON.parse(await evaluate("fetch('/api/entities').then(r => r.text())")).entities
  .some((e) => e.variants.includes(pair.a) && e.variants.includes(pair.b));
if (!merged) fail(`after the merge no entity holds both "${pair.a}" and "${pair.b}"`);
await open("#/audit");
await waitFor("merge audit row", `[...document.querySelectorAll('#audit-table tbody tr')].some(tr => tr.cells[2].textContent === 'merge')`);
console.log(`entities: merged ${pair.first} ("${pair.a}") with ${pair.second} ("${pair.b}"); audit row shown`);

if (screenshot) {
  await open("#/doc/" + encodeURIComponent(detail.claim.claim.doc) + "?claim=" + chosen.id);
  await waitFor("document open", "!!document.querySelector('#doc-text mark.current')");
  const shot = await page("Page.captureScreenshot", { format: "png" });
  writeFileSync(screenshot, Buffer.from(shot.data, "base64"));
}

// 4. an article carrying script runs none of it
await open("#/doc/" + encodeURIComponent("hostile<b>"));
await waitFor("hostile document shown", "document.getElementById('doc-text') && document.getElementById('doc-text').textContent.includes('onerror')");
await new Promise((r) => setTimeout(r, 500));
const pwned = await evaluate(`document.body.getAttribute('data-pwned') || (document.title !== 'tally' ? 'title:' + document.title : '') ||
  (document.querySelectorAll('#main script, #main img, #main iframe').length ? 'element injected' : '')`);
if (pwned || dialogs) fail("hostile article ran or injected something: " + pwned + ", dialogs " + dialogs);
console.log("hostile article: shown as text, nothing ran");

clearTimeout(timer);
await send("Browser.close").catch(() => {});
process.exit(0);
