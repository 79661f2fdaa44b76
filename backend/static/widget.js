// Mounts the application form into every element marked `data-pilot-form` (embed.js loads this
// module; a page may also load it directly with type=module). The build names the files it
// loads by their hashed names (`./app.js` becomes `./app.<hash>.js`). Attributes of the element:
// `data-program` fixes the program (without it the applicant picks one), `data-call` names the
// call, `data-api` the server to send to (default: the origin this script came from).
//
// An embedded form renders inside an open shadow root with its own stylesheet, so the host
// page's CSS cannot restyle it and ours cannot leak out: the form the server rendered is shown
// there as soon as it comes, and the wasm takes it over; the server's own page (marked
// `data-pilot-page`) carries its form, taken over in place. The host element hears `pilot:ready`,
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

// The same query as embed.js's preload: with the form rendered where the page fixes the program.
function formQuery(host) {
  const { program, call } = host.dataset;
  if (!program) return "";
  return "?program=" + encodeURIComponent(program) + "&rendered=true" +
    (call ? "&call=" + encodeURIComponent(call) : "");
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
  const answer = fetch(api.replace(/\/+$/, "") + "/api/v1/form" + formQuery(host));
  // The wasm reads the answer, or its failure, once it has started.
  answer.catch(() => {});
  return answer;
}

// Where the wasm cannot run, a form the server rendered stays as it is, an HTML form that
// posts to the server (see the backend's `plain`), without what needs script (`pf-js`).
function plain(host) {
  const root = host.shadowRoot ? host.shadowRoot.querySelector(".pf-root") : host;
  if (!root || !root.hasAttribute("data-pilot-day")) return false;
  root.classList.add("pf-plain");
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
  // Each form's place, and its answer; a portal's shows the server's form as soon as it comes.
  const places = hosts.map((host) => {
    host.dataset.pilotMounted = "1";
    return place(host, fetchForm(host));
  });
  await init({ module_or_path: new URL("app_bg.wasm", base) });
  // The wasm compiled and instantiated: what comes after is the form's own start.
  performance.mark("pilot:wasm");
  await Promise.all(hosts.map((host, i) => show(host, places[i])));
}

// Where the form goes: the server's own page as it is; in a portal, a shadow root, into which
// the form the server rendered is put as soon as it and the stylesheet have come (before the
// wasm), its posts sent to this server. The answer goes on to the wasm without it.
function place(host, answer) {
  if (host.hasAttribute("data-pilot-page")) {
    if (!host.hasAttribute("data-pilot-day")) host.textContent = "";
    return { root: host, form: answer };
  }
  const shadow = host.shadowRoot || host.attachShadow({ mode: "open" });
  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = new URL("app.css", base).href;
  const styled = new Promise((done) => {
    style.onload = style.onerror = done;
  });
  const root = document.createElement("div");
  root.className = "pf-root";
  shadow.replaceChildren(style, root);
  const form = answer.then(async (response) => {
    if (!response.ok) return response;
    const data = await response.json();
    const { rendered, ...rest } = data;
    if (rendered) {
      await styled;
      root.classList.add("pf-settling");
      root.innerHTML = rendered.markup;
      root.setAttribute("data-pilot-day", rendered.day);
      root.setAttribute("data-pilot-token", rendered.token);
      const api = (host.dataset.api || base.origin).replace(/\/+$/, "");
      for (const f of root.querySelectorAll("form[action^='/']")) {
        f.setAttribute("action", api + f.getAttribute("action"));
      }
    }
    const headers = { "content-type": "application/json" };
    return new Response(JSON.stringify(rest), { status: response.status, headers });
  });
  // The wasm reads the answer, or its failure, once it has started.
  form.catch(() => {});
  return { root, form };
}

async function show(host, { root, form }) {
  // A form the server rendered (for the day it names, once its answer has come) is taken over
  // as it is.
  await form.catch(() => {});
  const rendered = root.hasAttribute("data-pilot-day");
  const api = host.dataset.api || base.origin;
  const { program = null, call = null } = host.dataset;
  // The parts below the screen wait for their layout until the form is first painted (app.css;
  // the server's form came with it).
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
