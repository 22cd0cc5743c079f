// Headless Chromium driven over the DevTools protocol through a pipe (--remote-debugging-pipe:
// messages separated by NUL bytes), with no npm package and no WebSocket. Used by
// tests/serve_browser.mjs and bench/report-interact.mjs.
import { spawn } from "node:child_process";

// Starts Chromium on about:blank with its profile in profileDir. send(method, params, sessionId)
// resolves with the command's result; onEvent(listener) receives every message that answers no
// command (the protocol's events).
export function openBrowser(chromium, profileDir, extraArgs = []) {
  const browser = spawn(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--remote-debugging-pipe", ...extraArgs,
    "--user-data-dir=" + profileDir, "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  const toBrowser = browser.stdio[3], fromBrowser = browser.stdio[4];
  let nextId = 1, buffered = "";
  const pending = new Map(), listeners = [];
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
      } else {
        for (const l of listeners) l(msg);
      }
    }
  });
  function send(method, params = {}, sessionId) {
    const id = nextId++;
    toBrowser.write(JSON.stringify({ id, method, params, sessionId }) + "\0");
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }
  return { browser, send, onEvent: (listener) => listeners.push(listener) };
}
