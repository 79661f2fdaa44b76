// The slow-link benchmark's driver (run by slow-link.sh, which builds what it needs): times
// navigation → first visible input in headless Chromium on an emulated county link, for our
// form's pages and for a one-field React page served as a plain static server would, each on
// a first visit (empty cache) and a return visit (same browser, cache kept); median of RUNS.
//
// node slow-link.mjs OUR_BASE REACT_DIR
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import puppeteer from "puppeteer-core";

const [ours, reactDir] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS || 3);
// The link the issue measured on: 1.6 Mbit/s down, 150 ms round trip, a CPU four times slower.
const LINK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (0.75 * 1000 * 1000) / 8,
};
const CPU = 4;

// A plain static server: each file gzipped, Last-Modified from the file, 304 to a matching
// If-Modified-Since, no Cache-Control (as nginx serves a directory by default). A browser then
// keeps a file fresh for a tenth of its age (the heuristic of RFC 9111 §4.2.2) and revalidates
// it after. Applicants come back over days, long after that has run out, so each run of the
// peer stamps its files as just written: its return visit revalidates (304s), as the issue's
// measurement saw, rather than being served from a cache a real return would find stale.
function staticServer(dir) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8" };
  const server = http.createServer((req, res) => {
    const name = req.url === "/" ? "index.html" : req.url.slice(1).split("?")[0];
    const file = path.join(dir, path.normalize(name));
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const modified = fs.statSync(file).mtime;
    modified.setMilliseconds(0);
    const since = Date.parse(req.headers["if-modified-since"] || "");
    if (!Number.isNaN(since) && since >= modified.getTime()) {
      res.writeHead(304, { "last-modified": modified.toUTCString() }).end();
      return;
    }
    const body = zlib.gzipSync(fs.readFileSync(file), { level: 9 });
    res.writeHead(200, {
      "content-type": types[path.extname(file)] || "application/octet-stream",
      "content-encoding": "gzip",
      "last-modified": modified.toUTCString(),
      vary: "Accept-Encoding",
    });
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve([server, `http://127.0.0.1:${server.address().port}`])),
  );
}

// Runs in each page before its own scripts: the time (from navigation start) at which an
// input, select or textarea first has a box on screen, and at which the form first shows a
// message under a field (our form: the credit code typed at once, see KEYSTROKE).
const WATCH = `(() => {
  const visible = () => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
    .some((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; });
  const check = () => {
    if (window.__firstInput === undefined && visible()) {
      window.__firstInput = performance.now();
    }
    if (window.__firstCheck === undefined && document.querySelector("#f-applicant-credit_code-error")) {
      window.__firstCheck = performance.now();
    }
    if (window.__firstInput !== undefined && window.__firstCheck !== undefined) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

// What an applicant types the moment the first input shows (our form): a credit code with a
// wrong check character, then Tab. Timed to when the form says so under the field.
const KEYSTROKE = { field: "#f-applicant-credit_code", text: "91500112MA5U7K8T4X" };

async function throttled(context) {
  const page = await context.newPage();
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", LINK);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU });
  page.cdp = cdp;
  return page;
}

async function visit(context, url, typing) {
  const page = await throttled(context);
  await page.evaluateOnNewDocument(WATCH);
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction("window.__firstInput !== undefined", { timeout: 60000, polling: 50 });
  const ms = await page.evaluate("window.__firstInput");
  let checked = null;
  if (typing) {
    await page.waitForSelector(KEYSTROKE.field, { timeout: 60000 });
    await page.type(KEYSTROKE.field, KEYSTROKE.text);
    await page.keyboard.press("Tab");
    await page.waitForFunction("window.__firstCheck !== undefined", { timeout: 60000, polling: 50 });
    checked = await page.evaluate("window.__firstCheck");
  }
  // What started when, from Chromium's own timings (ms from navigation start).
  const waterfall = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const rows = [nav, ...performance.getEntriesByType("resource")].map((e) => ({
      name: e.name.replace(location.origin, ""),
      start: Math.round(e.startTime),
      response: Math.round(e.responseStart),
      end: Math.round(e.responseEnd),
      bytes: e.transferSize,
    }));
    // The widget's own marks: the wasm instantiated, the form rendered.
    for (const m of performance.getEntriesByType("mark")) {
      rows.push({ name: `(mark) ${m.name}`, start: Math.round(m.startTime), response: "", end: "", bytes: "" });
    }
    return rows;
  });
  await page.close();
  return { ms, checked, waterfall };
}

// The page with JavaScript off: navigation → its first contentful paint, which holds the
// form's inputs (they are in the page's HTML), from Chromium's lifecycle events (no script of
// the page's can time it).
async function visitWithoutScript(context, url) {
  const page = await throttled(context);
  await page.setJavaScriptEnabled(false);
  await page.cdp.send("Page.enable");
  await page.cdp.send("Page.setLifecycleEventsEnabled", { enabled: true });
  const seen = {};
  page.cdp.on("Page.lifecycleEvent", (e) => {
    if (seen[e.name] === undefined) seen[e.name] = e.timestamp;
  });
  await page.goto(url, { waitUntil: "load" });
  for (let i = 0; i < 100 && seen.firstContentfulPaint === undefined; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.close();
  return (seen.firstContentfulPaint - seen.init) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [server, react] = await staticServer(path.resolve(reactDir));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
const pages = [
  ["ours, /embed/sx-provincial", `${ours}/embed/sx-provincial`],
  ["ours, / (program picker)", `${ours}/`],
  ["React + react-hook-form + zod, one field", `${react}/`],
];
const results = {};
const waterfalls = {};
for (const [label, url] of pages) {
  const isOurs = !url.startsWith(react);
  const first = [];
  const back = [];
  const checked = [];
  const noScript = [];
  for (let i = 0; i < RUNS; i++) {
    // A new context is a browser with an empty cache; the return visit reuses it.
    if (url.startsWith(react)) {
      const now = new Date();
      for (const f of fs.readdirSync(reactDir)) fs.utimesSync(path.join(reactDir, f), now, now);
    }
    const context = await browser.createBrowserContext();
    const a = await visit(context, url, isOurs);
    const b = await visit(context, url, false);
    await context.close();
    first.push(a.ms);
    back.push(b.ms);
    if (isOurs) {
      checked.push(a.checked);
      const bare = await browser.createBrowserContext();
      noScript.push(await visitWithoutScript(bare, url));
      await bare.close();
    }
    if (i === 0) waterfalls[label] = { first: a.waterfall, back: b.waterfall };
  }
  results[label] = {
    first: median(first),
    back: median(back),
    checked: isOurs ? median(checked) : null,
    noScript: isOurs ? median(noScript) : null,
  };
}
await browser.close();
server.close();

console.log(`\nnavigation → first visible input, median of ${RUNS}, ${LINK.downloadThroughput * 8 / 1e6} Mbit/s, ${LINK.latency} ms RTT, CPU ×${CPU}\n`);
console.log("| page | first visit | return visit |\n|---|---|---|");
for (const [label] of pages) {
  const r = results[label];
  console.log(`| ${label} | ${Math.round(r.first)} ms | ${Math.round(r.back)} ms |`);
}
console.log("\nours, first visit: navigation → the first keystroke checked live (a credit code typed");
console.log("as soon as the input shows, then Tab, until its message shows), and with JavaScript off,");
console.log("navigation → first contentful paint (the inputs are in the page's HTML)\n");
console.log("| page | keystroke checked | JavaScript off, first paint |\n|---|---|---|");
for (const [label] of pages.slice(0, 2)) {
  const r = results[label];
  console.log(`| ${label} | ${Math.round(r.checked)} ms | ${Math.round(r.noScript)} ms |`);
}
const peer = results[pages[2][0]];
for (const [label] of pages.slice(0, 2)) {
  const r = results[label];
  console.log(
    `${label}: ${(r.first / peer.first).toFixed(2)}× the React page's first visit, ` +
      `${(r.back / peer.back).toFixed(2)}× its return visit`,
  );
}
for (const [label] of pages) {
  for (const which of ["first", "back"]) {
    console.log(`\nwaterfall, ${label}, ${which === "first" ? "first" : "return"} visit (ms: start, first byte, end; bytes on the wire)`);
    for (const row of waterfalls[label][which]) {
      console.log(`  ${String(row.start).padStart(5)} ${String(row.response).padStart(5)} ${String(row.end).padStart(5)} ${String(row.bytes).padStart(7)}  ${row.name}`);
    }
  }
}
