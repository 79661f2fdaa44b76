// Mounts the application form into every element marked `data-pilot-form` (embed.js loads this
// module; a page may also load it directly with type=module). The build names the files it
// loads by their hashed names (`./app.js` becomes `./app.<hash>.js`). Attributes of the element:
// `data-program` fixes the program (without it the applicant picks one), `data-call` names the
// call, `data-api` the server to send to (default: the origin this script came from).
//
// An embedded form renders inside an open shadow root with its own stylesheet, so the host
// page's CSS cannot restyle it and ours cannot leak out; the server's own page (marked
// `data-pilot-page`) renders in place. The host element hears `pilot:ready`,
// `pilot:validity` ({errors}) and `pilot:submitted` ({receipt, submitted_at}) as CustomEvents.
import init, { mount } from "./app.js";

const base = new URL("./", import.meta.url);

// In an iframe (/embed/{program}), the events and the page's height also go to the parent
// page, but only to an origin the server allows (`data-parents`) and only to that origin.
function parentOrigin(host) {
  if (window.parent === window || !host.dataset.parents) return null;
  const ancestors = window.location.ancestorOrigins;
  const origin = ancestors && ancestors.length ? ancestors[0]
    : document.referrer ? new URL(document.referrer).origin : null;
  return host.dataset.parents.split(" ").includes(origin) ? origin : null;
}

function emit(host, name, detail) {
  host.dispatchEvent(new CustomEvent("pilot:" + name, { detail, bubbles: true }));
  const parent = parentOrigin(host);
  if (parent) window.parent.postMessage({ type: "pilot:" + name, detail }, parent);
}

function reportHeight(host) {
  const parent = parentOrigin(host);
  if (!parent) return;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    window.parent.postMessage({ type: "pilot:height", detail: { height } }, parent);
  }).observe(document.body);
}

// What each form needs before it can be used: its program's definition and calls. The
// server's own pages carry it; elsewhere it is asked for while the wasm downloads rather than
// after it (embed.js asked already, as a preload this fetch takes over: the same URL).
function fetchForm(host) {
  const carried = document.querySelector("script[data-pilot-definition]");
  if (carried && host.hasAttribute("data-pilot-page")) {
    const headers = { "content-type": "application/json" };
    return Promise.resolve(new Response(carried.textContent, { headers }));
  }
  const api = host.dataset.api || base.origin;
  const program = host.dataset.program;
  const query = program ? "?program=" + encodeURIComponent(program) : "";
  const answer = fetch(api.replace(/\/+$/, "") + "/api/v1/form" + query);
  // The wasm reads the answer, or its failure, once it has started.
  answer.catch(() => {});
  return answer;
}

// Where the wasm cannot run, a form the server rendered stays as it is, an HTML form that
// posts to the server (see the backend's `plain`), without what needs script (`pf-js`).
function plain(host) {
  if (!host.hasAttribute("data-pilot-day")) return false;
  host.classList.add("pf-plain");
  return true;
}

async function start() {
  const hosts = [...document.querySelectorAll("[data-pilot-form]")].filter(
    (host) => !host.dataset.pilotMounted,
  );
  if (typeof WebAssembly !== "object") {
    for (const host of hosts) {
      if (!plain(host)) host.textContent = "您的浏览器不支持 WebAssembly，无法使用在线申报表。";
    }
    return;
  }
  const forms = hosts.map((host) => {
    host.dataset.pilotMounted = "1";
    return fetchForm(host);
  });
  await init({ module_or_path: new URL("app_bg.wasm", base) });
  // The wasm compiled and instantiated: what comes after is the form's own start.
  performance.mark("pilot:wasm");
  await Promise.all(hosts.map((host, i) => show(host, forms[i])));
}

async function show(host, form) {
  let root = host;
  // A page the server rendered the form into (for the day it names) is taken over as it is.
  const rendered = host.hasAttribute("data-pilot-day");
  if (host.hasAttribute("data-pilot-page")) {
    if (!rendered) host.textContent = "";
  } else {
    const shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("app.css", base).href;
    root = document.createElement("div");
    root.className = "pf-root";
    shadow.replaceChildren(style, root);
  }
  const api = host.dataset.api || base.origin;
  const { program = null, call = null } = host.dataset;
  // The parts below the screen wait for their layout until the form is first painted (app.css).
  if (!rendered) root.classList.add("pf-settling");
  try {
    await mount(root, program, call, api, (name, detail) => emit(host, name, detail), form);
  } catch (err) {
    // The form's place already says why, in Chinese.
    console.error(err);
    return;
  } finally {
    // A frame to paint the form, then the rest is laid out.
    requestAnimationFrame(() => setTimeout(() => root.classList.remove("pf-settling")));
  }
  // yew has rendered the form by now: it takes input.
  performance.mark("pilot:interactive");
  emit(host, "ready", { program });
  reportHeight(host);
}

start().catch((err) => {
  for (const host of document.querySelectorAll("[data-pilot-form]")) {
    if (!plain(host)) (host.shadowRoot || host).textContent = "申报表加载失败，请刷新页面重试。";
  }
  console.error(err);
});
