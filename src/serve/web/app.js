// tally serve's web app. No build step, no libraries: the DOM API only. Every string from the
// ledger reaches the page through textContent or attribute values, never as markup, so article
// text that carries script is shown as text (and the Content-Security-Policy forbids inline
// script besides).
"use strict";

const MEASURES = ["killed", "wounded", "casualties", "missing", "captured", "deployed", "hospitalized",
  "returned", "supplied", "displaced", "other"];
const REVIEW_STATES = ["unreviewed", "accepted", "corrected", "rejected", "flagged"];

// DOM helpers ------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function show(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes);
}

function status(message) {
  const s = document.getElementById("status");
  s.textContent = message || "";
  if (message) setTimeout(() => { if (s.textContent === message) s.textContent = ""; }, 4000);
}

// The API ----------------------------------------------------------------------------------

async function api(path, options) {
  const res = await fetch(path, options);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error ? body.error.message : "HTTP " + res.status);
  return body;
}

function token() { return document.getElementById("token").value.trim(); }

async function review(claimId, body) {
  if (!token()) throw new Error("paste your reviewer token first (tally users add)");
  return api("/api/claims/" + encodeURIComponent(claimId) + "/reviews", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token() },
    body: JSON.stringify(body),
  });
}

function valueText(c) {
  const v = c.value;
  if (v.low !== null && v.high !== null && v.low !== v.high) return v.low + "–" + v.high;
  const n = v.best !== null ? v.best : (v.low !== null ? v.low : v.high);
  return (n === null ? "?" : n.toLocaleString("en")) + (c.qualifier !== "exact" ? " (" + c.qualifier + ")" : "");
}

function reviewPill(row) {
  return el("span", { class: "pill " + row.review, "data-review": row.review }, row.review);
}

// Routing: #/path?query ----------------------------------------------------------------------

function route() {
  const hash = location.hash.slice(1) || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const views = { "": overview, claims: claims, doc: documentView, queue: queue, entities: entities, audit: audit };
  const view = views[parts[0] || ""] || overview;
  view(params, parts.slice(1)).catch((e) => { show(el("p", { class: "error" }, "Could not load: " + e.message)); });
}

// Overview: the summary and each series' timeline --------------------------------------------

async function overview() {
  const [summary, timelines] = await Promise.all([api("/api/summary"), api("/api/timelines")]);
  const dl = el("dl", { class: "summary" });
  dl.append(el("dt", {}, "Documents"), el("dd", {}, summary.documents));
  dl.append(el("dt", {}, "Claims"), el("dd", {}, summary.claims));
  for (const s of REVIEW_STATES) dl.append(el("dt", {}, "· " + s), el("dd", {}, summary.review[s]));
  dl.append(el("dt", {}, "Disagreeing claims"), el("dd", {}, summary.disagreements));
  const series = timelines.timelines.filter((s) => s.points.length > 0).slice(0, 30);
  show(el("h2", {}, "Overview"), dl, el("h2", {}, "Timelines"),
       series.length ? series.map(seriesView) : el("p", {}, "No dated figures yet."));
}

function seriesView(s) {
  const title = (s.party || "(no party)") + " · " + s.measure + (s.scope !== "event" ? " · " + s.scope : "");
  const values = s.points.map((p) => p.best !== null ? p.best : (p.high !== null ? p.high : p.low || 0));
  const max = Math.max(1, ...values);
  const w = 560, h = 120, pad = 10;
  const x = (i) => pad + (values.length === 1 ? (w - 2 * pad) / 2 : i * (w - 2 * pad) / (values.length - 1));
  const y = (v) => h - pad - v * (h - 2 * pad) / max;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("viewBox", "0 0 " + w + " " + h);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title);
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", values.map((v, i) => x(i) + "," + y(v)).join(" "));
  svg.append(line);
  s.points.forEach((p, i) => {
    const dot = document.createElementNS(ns, "circle");
    dot.setAttribute("cx", x(i));
    dot.setAttribute("cy", y(values[i]));
    dot.setAttribute("r", 3);
    if (p.disagreement) dot.setAttribute("class", "disagree");
    const tip = document.createElementNS(ns, "title");
    tip.textContent = p.date + ": " + values[i] + (p.disagreement ? " (sources disagree)" : "");
    dot.append(tip);
    svg.append(dot);
  });
  const rows = s.points.map((p) => el("tr", {}, el("td", {}, p.date), el("td", {}, p.low === p.high ? p.best : p.low + "–" + p.high),
                                      el("td", {}, p.disagreement ? el("span", { class: "pill disagree" }, "sources disagree") : "")));
  return el("section", {}, el("h3", {}, title), svg,
            el("details", {}, el("summary", {}, "figures"), el("table", {}, el("tbody", {}, rows))));
}

// Claims table with filters ------------------------------------------------------------------

const FILTERS = [
  ["measure", "Measure", ["", ...MEASURES]], ["party", "Party"], ["source", "Source"],
  ["scope", "Scope", ["", "event", "cumulative", "other"]], ["review", "Review", ["", ...REVIEW_STATES]],
  ["disagreement", "Disagreement", ["", "true", "false"]], ["from", "From (date)"], ["to", "To (date)"],
  ["min_confidence", "Min confidence"],
  ["sort", "Sort", ["", "-date", "date", "-value", "value", "confidence", "-confidence", "priority"]],
];

async function claims(params) {
  const form = el("form", { class: "filters", id: "filters" });
  for (const [name, label, options] of FILTERS) {
    const input = options
      ? el("select", { name }, options.map((o) => el("option", { value: o, selected: params.get(name) === o }, o || "any")))
      : el("input", { name, value: params.get(name) || "" });
    form.append(el("label", {}, label, input));
  }
  form.append(el("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) q.set(k, v);
    location.hash = "#/claims?" + q.toString();
  });
  const offset = Number(params.get("offset") || 0);
  const query = new URLSearchParams(params);
  query.set("limit", "50");
  const page = await api("/api/claims?" + query.toString());
  const table = claimTable(page.claims, (row) => { location.hash = "#/doc/" + encodeURIComponent(row.claim.doc) + "?claim=" + row.id; });
  const pager = el("div", { class: "pager" },
    el("span", { id: "claim-count" }, page.total + " claims"),
    offset > 0 ? el("a", { href: "#/claims?" + withParam(params, "offset", Math.max(0, offset - 50)) }, "← previous") : null,
    offset + 50 < page.total ? el("a", { href: "#/claims?" + withParam(params, "offset", offset + 50) }, "next →") : null);
  show(el("h2", {}, "Claims"), form, pager, table);
}

function withParam(params, key, value) {
  const q = new URLSearchParams(params);
  q.set(key, value);
  return q.toString();
}

function claimTable(rows, onOpen) {
  const body = el("tbody", {}, rows.map((row) => {
    const c = row.claim;
    return el("tr", { "data-claim": row.id, onclick: () => onOpen(row) },
      el("td", {}, c.doc), el("td", {}, c.measure), el("td", { class: "value" }, valueText(c)), el("td", {}, c.source || ""),
      el("td", {}, c.party || ""), el("td", {}, row.resolved_date || ""), el("td", {}, c.confidence.toFixed(2)),
      el("td", {}, reviewPill(row), row.disagreement ? el("span", { class: "pill disagree" }, "disagree") : ""));
  }));
  return el("table", { id: "claims-table" },
    el("thead", {}, el("tr", {}, ["Document", "Measure", "Value", "Source", "Party", "Date", "Conf.", "Review"].map((h) => el("th", {}, h)))),
    body);
}

// Document view: the text with every claim's evidence marked; the chosen claim highlighted ------

async function documentView(params, rest) {
  const id = rest[0];
  const doc = await api("/api/documents/" + encodeURIComponent(id));
  const chosen = Number(params.get("claim") || (doc.claims[0] && doc.claims[0].id) || 0);
  const text = el("div", { class: "text", id: "doc-text" }, markEvidence(doc.text, doc.claims, chosen));
  const list = claimTable(doc.claims, (row) => { location.hash = "#/doc/" + encodeURIComponent(id) + "?claim=" + row.id; });
  const row = doc.claims.find((c) => c.id === chosen);
  for (const tr of list.querySelectorAll("tbody tr")) if (Number(tr.dataset.claim) === chosen) tr.classList.add("selected");
  const meta = [doc.document.outlet, doc.document.date, doc.document.url].filter(Boolean).join(" · ");
  show(el("h2", {}, doc.document.title || doc.document.id), el("p", {}, meta),
       el("div", { class: "doc" }, text, el("div", {}, list, row ? reviewPanel(row, () => documentView(params, rest)) : null)));
  const current = document.querySelector("mark.current");
  if (current) current.scrollIntoView({ block: "center" });
}

// Evidence spans are UTF-8 byte offsets: the text is cut as bytes, each piece decoded.
function markEvidence(text, rows, chosen) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const spans = [];
  for (const row of rows)
    for (const e of row.claim.evidence) spans.push({ start: e.start, end: e.end, id: row.id });
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at || s.end > bytes.length) continue;  // overlapping spans: the first is marked
    out.push(decode(at, s.start));
    out.push(el("mark", { "data-claim": s.id, class: s.id === chosen ? "current" : null }, decode(s.start, s.end)));
    at = s.end;
  }
  out.push(decode(at, bytes.length));
  return out;
}

// Review: accept, reject, correct (with a note) -------------------------------------------------

function reviewPanel(row, after) {
  const c = row.claim;
  const field = (name, label, value) => el("label", {}, label, el("input", { name, value: value === null || value === undefined ? "" : value }));
  const form = el("form", { id: "correct-form" },
    el("label", {}, "Measure", el("select", { name: "measure" }, MEASURES.map((m) => el("option", { selected: m === c.measure }, m)))),
    field("low", "Low", c.value.low), field("best", "Best", c.value.best), field("high", "High", c.value.high),
    field("source", "Source", c.source), field("party", "Party", c.party), field("date", "Date", c.date),
    field("note", "Note", ""), el("button", { type: "submit" }, "Save correction"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const correction = {};
    for (const k of ["low", "best", "high"]) {
      const v = String(data.get(k)).trim();
      if (v !== String(c.value[k] === null ? "" : c.value[k])) correction[k] = v === "" ? null : Number(v);
    }
    for (const k of ["measure", "source", "party", "date"]) {
      const v = String(data.get(k)).trim();
      if (v !== (c[k] || "")) correction[k] = v;
    }
    submit(row.id, { action: "correct", correction, note: String(data.get("note")) }, after);
  });
  return el("section", { class: "review", id: "review-panel" },
    el("h3", {}, "Claim " + row.id + " ", reviewPill(row)),
    el("p", {}, "“" + c.text + "” · " + c.measure + " " + valueText(c)),
    el("p", {}, el("button", { id: "accept", onclick: () => submit(row.id, { action: "accept" }, after) }, "Accept (a)"), " ",
      el("button", { id: "reject", onclick: () => submit(row.id, { action: "reject" }, after) }, "Reject (r)"), " ",
      el("button", { onclick: () => form.querySelector("[name=best]").focus() }, "Correct (c)")),
    form, el("p", { class: "keys" }, "Keys: a accept · r reject · c correct · j/k next/previous (review queue)"));
}

async function submit(id, body, after) {
  try {
    await review(id, body);
    status("Saved: " + body.action);
    await after();
  } catch (e) {
    status("Not saved: " + e.message);
  }
}

// Review queue: what most needs a person first; keyboard driven --------------------------------

let queueState = { rows: [], at: 0 };

async function queue(params) {
  const page = await api("/api/claims?sort=priority&limit=100");
  queueState = { rows: page.claims.filter((r) => r.review === "unreviewed" || r.review === "flagged"), at: 0 };
  await showQueueItem();
}

async function showQueueItem() {
  const { rows, at } = queueState;
  if (!rows.length) return show(el("h2", {}, "Review queue"), el("p", {}, "Nothing waits for review."));
  const row = rows[at];
  const detail = await api("/api/claims/" + row.id);
  show(el("h2", {}, "Review queue (" + (at + 1) + " of " + rows.length + ")"),
       el("p", {}, "Document ", el("a", { href: "#/doc/" + encodeURIComponent(row.claim.doc) + "?claim=" + row.id }, row.claim.doc),
          row.disagreement ? el("span", { class: "pill disagree" }, "sources disagree") : ""),
       el("blockquote", { class: "text" }, detail.evidence.join(" … ")),
       reviewPanel(detail.claim, async () => { queueState.at = Math.min(at + 1, rows.length - 1); await showQueueItem(); }));
}

document.addEventListener("keydown", (e) => {
  if (e.target.closest("input, select, textarea") || e.ctrlKey || e.metaKey || e.altKey) return;
  const panel = document.getElementById("review-panel");
  if (!panel) return;
  if (e.key === "a") document.getElementById("accept").click();
  else if (e.key === "r") document.getElementById("reject").click();
  else if (e.key === "c") { e.preventDefault(); panel.querySelector("[name=best]").focus(); }
  else if ((e.key === "j" || e.key === "k") && location.hash.startsWith("#/queue")) {
    queueState.at = Math.max(0, Math.min(queueState.rows.length - 1, queueState.at + (e.key === "j" ? 1 : -1)));
    showQueueItem();
  }
});

// Entities: the claimants reconcile joined; a reviewer merges two or splits a name off ----------

async function decide(entityId, action, body, after) {
  try {
    if (!token()) throw new Error("paste your reviewer token first (tally users add)");
    await api("/api/entities/" + encodeURIComponent(entityId) + "/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token() },
      body: JSON.stringify(body),
    });
    status("Saved: " + action);
    await after();
  } catch (e) {
    status("Not saved: " + e.message);
  }
}

async function entities(params) {
  const all = (await api("/api/entities")).entities;
  const q = (params.get("q") || "").toLowerCase();
  const shown = all.filter((e) => !q || e.variants.some((v) => v.toLowerCase().includes(q))).slice(0, 200);
  const again = () => entities(params);
  const filter = el("form", { class: "filters" },
    el("label", {}, "Name contains ", el("input", { name: "q", value: params.get("q") || "" })), el("button", { type: "submit" }, "Filter"));
  filter.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = "#/entities?" + new URLSearchParams({ q: String(new FormData(filter).get("q")) }).toString();
  });
  const rows = shown.map((e) => {
    const other = el("input", { name: "with", placeholder: "entity id, e.g. e7", size: 12 });
    const merge = el("form", {}, other, " ", el("button", { type: "submit" }, "Merge"));
    merge.addEventListener("submit", (ev) => { ev.preventDefault(); decide(e.id, "merge", { with: other.value.trim() }, again); });
    const variants = e.variants.map((v) => el("span", { class: "variant" }, v,
      e.variants.length > 1 ? el("button", { type: "button", title: "keep this name apart", onclick: () => decide(e.id, "split", { name: v }, again) }, "split") : null));
    return el("tr", { "data-entity": e.id }, el("td", {}, e.id), el("td", {}, e.name), el("td", {}, variants), el("td", {}, e.docs.length),
      el("td", {}, merge));
  });
  show(el("h2", {}, "Entities"), filter,
       el("p", {}, "A merge joins two entities, a split keeps a name apart from its entity; both are stored by name and kept through re-ingest (docs/api.md)."),
       el("table", { id: "entities-table" },
         el("thead", {}, el("tr", {}, ["Id", "Name", "Names (split one off)", "Docs", "Merge with"].map((h) => el("th", {}, h)))),
         el("tbody", {}, rows)));
}

// Audit log ----------------------------------------------------------------------------------

async function audit() {
  const page = await api("/api/audit?limit=200");
  const describe = (v) => v === null ? "—"
    : v.entities ? v.entities.map((e) => e.id + " " + e.variants.join(" / ")).join("; ")
    : v.merged ? "one: " + v.merged.join(" + ")
    : v.apart ? v.apart + " apart from " + v.from
    : [v.measure, v.best !== null ? v.best : (v.low + "–" + v.high), v.source, v.party, v.date].filter((x) => x !== null && x !== undefined).join(" · ");
  show(el("h2", {}, "Audit log"), el("table", { id: "audit-table" },
    el("thead", {}, el("tr", {}, ["When", "Who", "Action", "Target", "Before", "After", "Note"].map((h) => el("th", {}, h)))),
    el("tbody", {}, page.audit.map((a) => el("tr", {}, el("td", {}, a.at), el("td", {}, a.who), el("td", {}, a.action),
      el("td", {}, a.target), el("td", {}, describe(a.before)), el("td", {}, describe(a.after)), el("td", {}, a.note))))));
}

// Start --------------------------------------------------------------------------------------

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("token");
  input.value = sessionStorage.getItem("tally-token") || "";
  input.addEventListener("change", () => sessionStorage.setItem("tally-token", input.value.trim()));
  route();
});
